#!/usr/bin/env bash
# make bench (CSV part): FOCUS CSV tokenizing and reading throughput per core, Swift against pyarrow (one thread)
# and Python's csv module, measured in the same run on the same file. Prints a table and whether the target
# (tokenizing >= 500 MB/s per core) holds.
#
#   BENCH_CSV_ROWS=1000000     rows of the generated FOCUS 1.3 AWS file (1M rows: 1.14 GB, 65 columns)
#   BENCH_CSV_DATA=DIR         where generated files are cached (default bench/.data, ignored by git).
#                              Generating 1M rows takes ~3 min and ~5.6 GB of memory.
#   BENCH_CSV_REPEAT=3         runs per measurement; the fastest counts (the machine may be shared)
#   BENCH_CSV_PEERS=1          0 skips the Python peers (quick Swift-only runs)
#
# Figures are CPU time (user + system) of one process, read from the page cache: MB/s per core, MB = 10^6 bytes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS=${BENCH_CSV_ROWS:-1000000}
DATA=${BENCH_CSV_DATA:-bench/.data}
REPEAT=${BENCH_CSV_REPEAT:-3}
PEERS=${BENCH_CSV_PEERS:-1}
VENV=${VENV:-.venv-ci}
PYTHON="$VENV/bin/python"
TOOLKIT="$VENV/bin/focus-toolkit"

# shellcheck source=focus-data.sh
source bench/focus-data.sh
file=$(focus_file "$ROWS" "$DATA" "$TOOLKIT") || exit 1

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Only Focus and Exposition go into finops-bench, so the release build is quick (about a minute).
if ! swift build -c release --product FinOpsBench >"$out/build.log" 2>&1; then
  cat "$out/build.log" >&2
  exit 1
fi
BIN="$(swift build -c release --show-bin-path 2>/dev/null)/FinOpsBench"
bytes=$(stat -c %s "$file")
"$BIN" csv "$file" --repeat "$REPEAT" >"$out/swift"
if [ "$PEERS" = 0 ]; then
  cat "$out/swift"
  exit 0
fi
"$PYTHON" bench/csv/peers.py pyarrow "$file" --repeat "$REPEAT" >"$out/pyarrow"
"$PYTHON" bench/csv/peers.py pyarrow-strings "$file" --repeat "$REPEAT" >"$out/pyarrow-strings"
"$PYTHON" bench/csv/peers.py python-csv "$file" --repeat "$REPEAT" >"$out/python-csv"
"$PYTHON" bench/csv/report.py "$bytes" "$out/swift" "$out/pyarrow" "$out/pyarrow-strings" "$out/python-csv"
