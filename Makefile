# finops-operator — see README.md. Every target works on a fresh Debian 12 machine with the Swift toolchain;
# `test` and `conformance` install what they need (a Python venv with the test services, Prometheus, jq).
SWIFT ?= swift

.PHONY: all build test conformance demo bench fuzz lint format clean

all: build

## build: debug build of the operator and its tests
build:
	$(SWIFT) build --build-tests

## test: the whole test suite (unit, fake-API controller scenarios, client integration against kapi)
test:
	Tests/Integration/run-swift-tests.sh

## conformance: the real binary against kapi with real kubectl (CRDs, both Krateo shapes, repair, restart, leases)
conformance:
	Tests/Conformance/conformance.sh

## demo: the main job on embedded defaults: validate the bundled FOCUS 1.3 sample, serve it as Prometheus metrics
## and FOCUS CSV from the exporter on 127.0.0.1:2112, and show where to look (DEMO_KEEP=1 leaves it running)
demo:
	examples/demo/demo.sh

## bench: every benchmark, each against its named peer in the same run, printing ratios: operator convergence of
## 1,000 ExporterScraperConfigs; CSV tokenizing vs pyarrow and Python csv; exposition vs prometheus_client;
## `finops-operator load` of 1M FOCUS rows vs PostgreSQL's own COPY FROM file (needs root and PostgreSQL 15)
bench:
	bench/operator-convergence.sh
	bench/csv.sh
	bench/exposition.sh
	bench/database.sh

## fuzz: libFuzzer targets json, csv and exposition, 1,000,000 runs each (FUZZ_RUNS);
## crashes land in Fuzz/crashes/<target>/. `make fuzz TARGETS=json` runs one.
fuzz:
	Fuzz/run.sh $(TARGETS)

## lint: formatting (swift-format, 120 columns) and the warnings-as-errors build
lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests
	$(SWIFT) build --build-tests

## format: rewrite sources with swift-format
format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build
