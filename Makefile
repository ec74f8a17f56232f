# finops-operator — see README.md. Every target works on a fresh Debian 12 machine with the Swift toolchain;
# `test` and `conformance` install what they need (a Python venv with the test services, Prometheus, jq).
SWIFT ?= swift

.PHONY: all deps build test conformance demo newcomer image bench fuzz lint format clean

all: build

## deps: the Debian libraries the build links (zlib; zstd and snappy for Parquet pages), installed when missing
deps:
	@pkg-config --exists zlib libzstd snappy 2>/dev/null || { \
	  echo "installing pkg-config zlib1g-dev libzstd-dev libsnappy-dev (apt-get)…" >&2; \
	  SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq pkg-config zlib1g-dev libzstd-dev libsnappy-dev \
	    >/dev/null; }

## build: debug build of the operator and its tests
build: deps
	$(SWIFT) build --build-tests

## test: the whole test suite (unit, fake-API controller scenarios, client integration against kapi)
test: deps
	Tests/Integration/run-swift-tests.sh

## conformance: the real binary against kapi with real kubectl (CRDs, examples, both Krateo shapes, repair, restart,
## leases), the Helm chart (lint, template, kubernetes-validate, RBAC against a recorded run, install on kapi) and the
## Grafana dashboards (every query answered by a real Prometheus scraping local mode, metric names served) and the
## container image (built from the debug binary; config, root file system, and the binary run inside it)
conformance: deps
	Tests/Conformance/conformance.sh
	Tests/Chart/chart.sh
	Tests/Dashboards/dashboards.sh
	Tests/Image/image-check.sh

## demo: the main job on embedded defaults: `finops-operator local examples/local/` runs every example pipeline (the
## bundled FOCUS 1.3 sample, Prometheus, Azure usage metrics, Kubecost, Cast AI, cluster-native; recorded answers) into
## the embedded SQLite database, FOCUS Parquet files and Prometheus metrics on 127.0.0.1:2112, then shows a query for
## each (DEMO_KEEP=1 leaves the exporters serving, DEMO_DATA=DIR keeps the results in DIR)
demo: deps
	examples/demo/demo.sh

## image: the container image without Docker (root; installs mmdebstrap, umoci, jq when missing): a release build
## with the Swift runtime linked in, its Debian libraries (mmdebstrap, cached), user 65532 (umoci) →
## .build-image/image.tar for `skopeo copy oci-archive:`, `podman load` or `docker load`. IMAGE_BINARY=… packages
## another binary. `docker build .` (Dockerfile) makes the same image with Docker.
image: deps
	image/build.sh

## newcomer: a fresh clone runs the README's marked commands literally, in order (NEWCOMER_SKIP: commands not to
## run, default `make test`, which CI runs on its own)
newcomer:
	Tests/Newcomer/newcomer.sh

## bench: every benchmark, each against its named peer in the same run, printing ratios: operator convergence of
## 1,000 ExporterScraperConfigs; CSV tokenizing vs pyarrow and Python csv; exposition vs an exporter on Go's standard
## library (Debian golang-go, installed when missing) and prometheus_client;
## `finops-operator load` of 1M FOCUS rows vs PostgreSQL's own COPY FROM file (needs root and PostgreSQL 15);
## `finops-operator convert` of the 1M-row CSV into zstd Parquet vs pyarrow and DuckDB (one core each); a Kubecost
## Allocation answer of 103,330 allocations into FOCUS vs Python's json.load of it
bench: deps
	bench/operator-convergence.sh
	bench/csv.sh
	bench/exposition.sh
	bench/database.sh
	bench/parquet.sh
	bench/sources.sh

## fuzz: libFuzzer targets json, csv and exposition, 1,000,000 runs each (FUZZ_RUNS);
## crashes land in Fuzz/crashes/<target>/. `make fuzz TARGETS=json` runs one.
fuzz: deps
	Fuzz/run.sh $(TARGETS)

## lint: formatting (swift-format, 120 columns) and the warnings-as-errors build
lint: deps
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests
	$(SWIFT) build --build-tests

## format: rewrite sources with swift-format
format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build .build-image
