#!/usr/bin/env bash
# make bench (Parquet part): the 1M-row FOCUS 1.3 CSV (focus-toolkit, 65 columns) into one zstd Parquet file on one
# core by `finops-operator convert`, and in the same run by pyarrow (read_csv + write_table, one thread) and DuckDB
# (COPY … TO … (FORMAT parquet, COMPRESSION zstd), threads=1). Prints CPU seconds, peak RSS and file size of each,
# our ratios to pyarrow, and whether the goals hold: CPU <= 0.8x pyarrow's, peak RSS <= 256 MB, size <= pyarrow's.
# Every output is read back by pyarrow (row count) before its figures count.
#
#   BENCH_PQ_ROWS=1000000   rows of the generated file (shares the cache of bench/csv.sh: bench/.data/aws-1.3-ROWS)
#   BENCH_CSV_DATA=DIR      where generated files are cached (default bench/.data, ignored by git)
#   BENCH_PQ_BUILD=1        0 uses the existing release build
#   FINOPS_BIN=PATH         a finops-operator binary to measure instead (no build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS=${BENCH_PQ_ROWS:-1000000}
DATA=${BENCH_CSV_DATA:-bench/.data}
BUILD=${BENCH_PQ_BUILD:-1}
VENV=${VENV:-$PWD/.venv-ci}
PY="$VENV/bin/python"
# shellcheck source=focus-data.sh
source bench/focus-data.sh
file=$(focus_file "$ROWS" "$DATA" "$VENV/bin/focus-toolkit") || exit 1

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ -n "${FINOPS_BIN:-}" ]; then
  BIN=$FINOPS_BIN
else
  if [ "$BUILD" = 1 ]; then
    echo "building finops-operator (release) ..." >&2
    swift build -c release --product finops-operator >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
  fi
  BIN="$(swift build -c release --show-bin-path 2>/dev/null)/finops-operator"
fi

# timed NAME OUTPUT COMMAND...: runs on one core (taskset) under /usr/bin/time; records "cpu rss_mb size" in $out/NAME.
timed() {
  local name=$1 output=$2; shift 2
  rm -f "$output"
  if ! taskset -c 0 /usr/bin/time -f "%U %S %M" -o "$out/$name.time" "$@" >"$out/$name.log" 2>&1; then
    echo "$name failed:" >&2; cat "$out/$name.log" >&2; exit 1
  fi
  local rows
  rows=$("$PY" -c "import sys, pyarrow.parquet as pq; print(pq.ParquetFile(sys.argv[1]).metadata.num_rows)" "$output")
  [ "$rows" = "$ROWS" ] || { echo "$name wrote $rows rows, not $ROWS" >&2; exit 1; }
  echo "$(cat "$out/$name.time") $(stat -c %s "$output")" > "$out/$name"
}

echo "CSV → Parquet (zstd), $ROWS rows, $(($(stat -c %s "$file") / 1000000)) MB, one core" >&2
timed ours "$out/ours.parquet" "$BIN" convert "$file" "$out/ours.parquet" --compression zstd
timed pyarrow "$out/pyarrow.parquet" "$PY" -c '
import sys, pyarrow as pa, pyarrow.csv as csv, pyarrow.parquet as pq
pa.set_cpu_count(1); pa.set_io_thread_count(1)
table = csv.read_csv(sys.argv[1], read_options=csv.ReadOptions(use_threads=False))
pq.write_table(table, sys.argv[2], compression="zstd")' "$file" "$out/pyarrow.parquet"
timed duckdb "$out/duckdb.parquet" "$PY" -c '
import sys, duckdb
con = duckdb.connect(); con.execute("SET threads = 1")
con.execute(f"COPY (SELECT * FROM read_csv(\x27{sys.argv[1]}\x27)) TO \x27{sys.argv[2]}\x27 (FORMAT parquet, COMPRESSION zstd)")' \
  "$file" "$out/duckdb.parquet"

python3 - "$out" <<'PY'
import sys
out = sys.argv[1]
figures = {}
for name in ("ours", "pyarrow", "duckdb"):
    user, system, rss_kb, size = open(f"{out}/{name}").read().split()
    figures[name] = (float(user) + float(system), int(rss_kb) / 1024, int(size) / 1e6)
labels = {"ours": "finops-operator convert", "pyarrow": "pyarrow (1 thread)", "duckdb": "DuckDB (threads=1)"}
print(f"{'':26} {'CPU s':>8} {'peak MB':>8} {'file MB':>8}")
for name, (cpu, rss, size) in figures.items():
    print(f"{labels[name]:26} {cpu:8.2f} {rss:8.0f} {size:8.1f}")
(cpu, rss, size), (pcpu, prss, psize), (dcpu, _, _) = figures["ours"], figures["pyarrow"], figures["duckdb"]
print(f"ratios to pyarrow: CPU {cpu / pcpu:.2f}x (goal <= 0.8), peak RSS {rss / prss:.2f}x, size {size / psize:.4f}x "
      f"(goal <= 1); to DuckDB: CPU {cpu / dcpu:.2f}x")
verdict = lambda ok: "met" if ok else "NOT met"
print(f"goal CPU <= 0.8x pyarrow: {verdict(cpu <= 0.8 * pcpu)}; peak RSS <= 256 MB: {verdict(rss <= 256)}; "
      f"size <= pyarrow's: {verdict(size <= psize)}")
PY
