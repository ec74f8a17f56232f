#!/usr/bin/env bash
# Builds and runs the libFuzzer targets: Fuzz/run.sh [target…] (default: every target with an entry file).
#
# Each target is compiled with `swiftc -sanitize=fuzzer,address` straight from the module sources, without SwiftPM
# (so no dependency builds): the modules it imports are compiled first into .build-fuzz/modules, then the module
# under test and the entry file in Fuzz/Targets/<target>/ are compiled together as module Fuzz<Target>. The entry
# therefore needs no import of the module under test.
#
# Runs: FUZZ_RUNS executions per target (default 1,000,000), seeded from Fuzz/corpus/<target>/ (committed, never
# written to); inputs libFuzzer finds interesting go to .build-fuzz/corpus/<target>/; crashes, leaks and timeouts go
# to Fuzz/crashes/<target>/ and must become regression tests in the owning module's tests.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/.build-fuzz"
mkdir -p "$OUT"
RUNS="${FUZZ_RUNS:-1000000}"
SWIFTC="${SWIFTC:-swiftc}"
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g)
# Swift's own crash backtracer reads the crashed stack in a way AddressSanitizer reports as a second error, which
# buries the real one; libFuzzer and ASan print the stack themselves.
export SWIFT_BACKTRACE=enable=no

# target → "<modules it imports, built first> | <module under test> | <max input length>"
config() {
    case "$1" in
        json) echo "Focus|SourcePayloads|16384" ;;
        csv) echo "|Focus|8192" ;;
        exposition) echo "|Exposition|4096" ;;
        *) return 1 ;;
    esac
}
ALL_TARGETS=(json csv exposition)

sources() { find "$ROOT/Sources/$1" -name '*.swift' | sort; }

# Runs a compiler command quietly (the ASan runtime makes ld.gold print pages of harmless "Cannot export local
# symbol" warnings); shows the output only when the command fails.
quietly() {
    local log="$OUT/build.log"
    "$@" >"$log" 2>&1 || { grep -v "Cannot export local symbol" "$log" >&2; return 1; }
}

build_module() {  # <module>: object + .swiftmodule for targets that import it
    local module="$1"
    mkdir -p "$OUT/modules"
    quietly "$SWIFTC" "${FLAGS[@]}" -wmo -module-name "$module" -emit-module \
        -emit-module-path "$OUT/modules/$module.swiftmodule" -I "$OUT/modules" -c -o "$OUT/modules/$module.o" \
        $(sources "$module")
}

run_target() {
    local target="$1" spec deps module max_len
    spec="$(config "$target")" || { echo "fuzz: unknown target '$target' (known: ${ALL_TARGETS[*]})" >&2; return 2; }
    IFS='|' read -r deps module max_len <<<"$spec"
    local entries=("$ROOT"/Fuzz/Targets/"$target"/*.swift)
    if [[ ! -e "${entries[0]}" ]]; then
        echo "fuzz: $target skipped: no entry file yet (see Fuzz/Targets/$target/TODO.md)"
        return 0
    fi

    echo "fuzz: building $target"
    rm -f "$OUT/fuzz-$target"
    local objects=()
    # `|| return 1`: this function runs under `||`, where `set -e` does not stop at a failed command.
    for dependency in $deps; do
        build_module "$dependency" || return 1
        objects+=("$OUT/modules/$dependency.o")
    done
    local name="Fuzz$(tr '[:lower:]' '[:upper:]' <<<"${target:0:1}")${target:1}"
    quietly "$SWIFTC" "${FLAGS[@]}" -module-name "$name" -I "$OUT/modules" $(sources "$module") "${entries[@]}" \
        "${objects[@]}" -o "$OUT/fuzz-$target" || return 1

    mkdir -p "$OUT/corpus/$target" "$ROOT/Fuzz/crashes/$target" "$ROOT/Fuzz/corpus/$target"
    local dictionary=()
    [[ -f "$ROOT/Fuzz/dictionaries/$target.dict" ]] && dictionary=(-dict="$ROOT/Fuzz/dictionaries/$target.dict")
    echo "fuzz: running $target for $RUNS executions (max_len $max_len)"
    local log="$OUT/fuzz-$target.log" status=0
    "$OUT/fuzz-$target" -runs="$RUNS" -max_len="$max_len" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$ROOT/Fuzz/crashes/$target/" "${dictionary[@]}" \
        "$OUT/corpus/$target" "$ROOT/Fuzz/corpus/$target" >"$log" 2>&1 || status=$?
    local executed rate
    executed="$(awk '/stat::number_of_executed_units/ {print $2}' "$log")"
    rate="$(awk '/stat::average_exec_per_sec/ {print $2}' "$log")"
    if [[ $status -ne 0 ]]; then
        tail -n 40 "$log"
        echo "fuzz: $target FAILED (exit $status); input saved in Fuzz/crashes/$target/, log in $log"
        return 1
    fi
    echo "fuzz: $target ok: ${executed:-?} executions, ${rate:-?} exec/s, corpus $(ls "$OUT/corpus/$target" | wc -l) inputs"
}

targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${ALL_TARGETS[@]}")
failed=0
for target in "${targets[@]}"; do
    run_target "$target" || failed=1
done
exit $failed
