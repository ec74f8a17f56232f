#!/usr/bin/env bash
# make bench (database part): the 1M-row FOCUS 1.3 CSV into a throwaway PostgreSQL 15 through `finops-operator load`
# and, in the same run, with the server's own `COPY table FROM 'file' (FORMAT csv, HEADER)` into a table of the same
# columns and types (no row key, no index: the fastest the server ingests the file). Prints both rates, the ratio,
# the client's CPU seconds per million rows and whether the targets hold (>= 0.9x the server's rows/s, <= 1 client
# CPU-s per million rows); then loads the same rows again under another poll id (staging + upsert, every row found
# unchanged), the steady state of a scrape. PostgreSQL's own client, psql's `\copy` (COPY FROM STDIN over TCP), sends
# the same file in the same run: the client CPU floor of any COPY FROM STDIN of these bytes.
#
#   BENCH_DB_ROWS=1000000      rows of the generated file (shares bench/csv.sh's cache: bench/.data/aws-1.3-ROWS)
#   BENCH_CSV_DATA=DIR         where generated files are cached (default bench/.data, ignored by git)
#   BENCH_DB_REPEAT=2          runs of each load, alternating, into fresh tables; the fastest counts (the machine
#                              may be shared)
#   BENCH_DB_BUILD=1           0 uses the existing release build
#
# Needs the PostgreSQL 15 server binaries, psql and root (the server runs as the postgres user), like
# Tests/Integration/services.sh, whose start_pg it uses. Not part of `make test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS=${BENCH_DB_ROWS:-1000000}
DATA=${BENCH_CSV_DATA:-bench/.data}
REPEAT=${BENCH_DB_REPEAT:-2}
BUILD=${BENCH_DB_BUILD:-1}
VENV=${VENV:-$PWD/.venv-ci}
TOOLKIT="$VENV/bin/focus-toolkit"

# shellcheck source=focus-data.sh
source bench/focus-data.sh
file=$(focus_file "$ROWS" "$DATA" "$TOOLKIT") || exit 1

out=$(mktemp -d)
if [ "$BUILD" = 1 ]; then
  echo "building finops-operator (release) ..." >&2
  swift build -c release --product finops-operator >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
fi
BIN="$(swift build -c release --show-bin-path 2>/dev/null)/finops-operator"

# A throwaway server on a free port, stopped on exit (services.sh's start_pg: fsync off, SCRAM over TCP).
export CI_TMP="$out"
# shellcheck source=../Tests/Integration/services.sh
source Tests/Integration/services.sh
trap 'stop_pg; rm -rf "$out"' EXIT
start_pg >/dev/null
pgdir=$(cat "$CI_TMP/pg.dir")
# The server reads the file itself for its COPY, as the postgres user.
server_file="$file"
if ! su postgres -s /bin/sh -c "test -r '$file'"; then
  cp "$file" "$pgdir/input.csv" && chown postgres "$pgdir/input.csv"
  server_file="$pgdir/input.csv"
fi
PSQL_SUPER=(psql -X -q -v ON_ERROR_STOP=1 -h "$pgdir" -p "$PGPORT" -U postgres -d finops)
psql_super() { "${PSQL_SUPER[@]}" "$@"; }
DSN="postgres://finops:finops@127.0.0.1:$PGPORT/finops"
PSQL_CLIENT=(env PGPASSWORD=finops psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U finops -d finops)
psql_client() { "${PSQL_CLIENT[@]}" "$@"; }
# No autovacuum: a table of a million fresh rows is vacuumed and analysed within the minute, and on a small machine
# that work would land in the middle of whichever load runs next.
psql_super -c "ALTER SYSTEM SET autovacuum = off" -c "SELECT pg_reload_conf()" >/dev/null
# The phases the load logs (info level), for the per-run lines; empty when it logged none.
phases_of() { grep -o 'copySeconds=[0-9.e-]*\|upsertSeconds=[0-9.e-]*' "$1" | tr '\n' ' ' || true; }
# Runs a load under /usr/bin/time (wall, user, sys seconds into $out/time); on failure shows its log and exits.
timed_load() { # log-file json-file load-arguments...
  local log=$1 json=$2; shift 2
  /usr/bin/time -f "%e %U %S" -o "$out/time" "$BIN" load "$@" --json --log-level info > "$json" 2> "$log" || {
    echo "finops-operator load $* failed:" >&2; cat "$json" "$log" >&2; exit 1; }
}

# The layout: the sink creates its table from a header-only file; the peer's table has the same columns and types,
# without the row key.
head -1 "$file" > "$out/header.csv"
columns=$(tr -d '\r\n' < "$out/header.csv" | sed 's/[^,]*/"&"/g')   # the file's order (the table's is alphabetical)
"$BIN" load "$out/header.csv" --dsn "$DSN" --table layout --log-level error >/dev/null
cat "$file" > /dev/null   # every run reads from the page cache

# Other work on the machine shows up in every figure: say how busy it was.
echo "machine: $(nproc) cores; load average before the runs $(cut -d' ' -f1-3 /proc/loadavg)" >&2

best() { python3 -c "print(min(float('${1:-1e18}'), float('$2')))"; }
best_ours=""; best_copy=""; best_cpu=""; best_client=""; best_client_cpu=""
for run in $(seq 1 "$REPEAT"); do
  psql_super -c "CREATE TABLE copy_$run (LIKE layout); ALTER TABLE copy_$run DROP COLUMN finops_row_key" \
      -c "CHECKPOINT"
  # Timed like the load: the whole client process (psql's start and connection included, as the load's are).
  /usr/bin/time -f "%e" -o "$out/time" \
      "${PSQL_SUPER[@]}" -c "COPY copy_$run ($columns) FROM '$server_file' (FORMAT csv, HEADER)"
  read -r copy_s < "$out/time"
  psql_super -c "DROP TABLE copy_$run" -c "CHECKPOINT"

  # PostgreSQL's own client sending the same file (psql's \copy: COPY FROM STDIN over TCP, as the load connects):
  # the least client CPU a COPY FROM STDIN of these bytes costs.
  psql_client -c "CREATE TABLE client_$run (LIKE layout); ALTER TABLE client_$run DROP COLUMN finops_row_key"
  /usr/bin/time -f "%e %U %S" -o "$out/time" \
      "${PSQL_CLIENT[@]}" -c "\\copy client_$run ($columns) FROM '$file' (FORMAT csv, HEADER)"
  read -r client_s client_user client_sys < "$out/time"
  psql_client -c "DROP TABLE client_$run"
  psql_super -c "CHECKPOINT"
  echo "run $run: psql \\copy ${client_s}s (${client_user}s user + ${client_sys}s sys)" >&2
  best_client=$(best "$best_client" "$client_s")
  best_client_cpu=$(best "$best_client_cpu" "$(python3 -c "print($client_user + $client_sys)")")

  # The poll id is the file's hash, computed by the command: part of its time and CPU.
  timed_load "$out/ours.log" "$out/ours.json" "$file" --dsn "$DSN" --table "ours_$run"
  read -r ours_s user_s sys_s < "$out/time"
  rows=$(python3 -c "import json; print(json.load(open('$out/ours.json'))['rowsInserted'])")
  [ "$rows" = "$ROWS" ] || { echo "finops-operator load wrote $rows rows, expected $ROWS: $(cat "$out/ours.json")" >&2; exit 1; }
  cpu=$(python3 -c "print($user_s + $sys_s)")
  phases=$(phases_of "$out/ours.log")
  echo "run $run: server COPY ${copy_s}s; finops-operator load ${ours_s}s (${user_s}s user + ${sys_s}s sys;" \
      "${phases}); ratio $(python3 -c "print(round($copy_s / $ours_s, 2))")" >&2
  ratios="${ratios:-} $(python3 -c "print($copy_s / $ours_s)")"
  best_copy=$(best "$best_copy" "$copy_s")
  best_ours=$(best "$best_ours" "$ours_s")
  best_cpu=$(best "$best_cpu" "$cpu")
  psql_super -c "DROP TABLE ours_$run"
done

# The steady state: the same rows again under another poll id (every row found, none changed).
"$BIN" load "$file" --dsn "$DSN" --table ours_again --poll-id first --json --log-level error > /dev/null
psql_super -c "CHECKPOINT"
timed_load "$out/again.log" "$out/again.json" "$file" --dsn "$DSN" --table ours_again --poll-id second
read -r again_s again_user again_sys < "$out/time"
phases=$(phases_of "$out/again.log")
echo "same rows again: ${again_s}s (${again_user}s user + ${again_sys}s sys; ${phases})" >&2
echo "machine: load average after the runs $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 bench/database/report.py "$ROWS" "$(stat -c %s "$file")" "$best_copy" "$best_ours" "$best_cpu" \
    "$again_s" "$(python3 -c "print($again_user + $again_sys)")" "$out/again.json" "$best_client" "$best_client_cpu" \
    $ratios
