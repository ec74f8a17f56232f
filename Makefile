# finops-operator — see README.md. Every target works on a fresh Debian 12 machine with the Swift toolchain;
# `test` and `conformance` install what they need (a Python venv with the test services, Prometheus, jq).
SWIFT ?= swift

.PHONY: all build test conformance demo bench lint format clean

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

## demo: the main job on embedded defaults (see README). Until the FOCUS pipeline lands it builds the binary, shows
## its commands and validates the example custom resources offline.
demo:
	$(SWIFT) build --product finops-operator
	$$($(SWIFT) build --show-bin-path)/finops-operator --help
	$(SWIFT) test --filter FinOpsAPITests.ExamplesTests
	@echo
	@echo "make demo will run 'finops-operator local examples/demo' once the FOCUS pipeline exists (issue 4):"
	@echo "FOCUS CSV -> validated FOCUS 1.3 rows -> Prometheus metrics, SQLite and Parquet files in ./demo-out."

## bench: operator benchmarks (convergence of 1,000 ExporterScraperConfigs, RSS); prints figures
bench:
	bench/operator-convergence.sh

## lint: formatting (swift-format, 120 columns) and the warnings-as-errors build
lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests
	$(SWIFT) build --build-tests

## format: rewrite sources with swift-format
format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build
