#!/usr/bin/env bash
# A process killed mid-load leaves nothing half-written, and the next run completes the load exactly once (run by
# `make test` after `swift test`, with the PostgreSQL it started; PGPORT and CI_TMP come from run-swift-tests.sh):
#  1. `finops-operator load` of 100,000 generated FOCUS 1.3 rows is killed with SIGKILL while its COPY runs into the
#     empty table: the table is still empty and no poll is recorded; loading again writes all 100,000 rows once.
#  2. the same rows under another poll id (the staging + upsert path of every later scrape) killed the same way:
#     nothing changes; the next run records the poll once, and every row key is still unique.
# The sink code is the operator's scrape pipeline's, so this is what an operator killed mid-scrape leaves.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source Tests/Integration/services.sh
BIN="$(swift build --show-bin-path)/finops-operator"
ROWS=${KILL_TEST_ROWS:-100000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok - $*"; }
pgdir=$(cat "$CI_TMP/pg.dir")
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$pgdir" -p "$PGPORT" -U postgres -d finops -c "$1"; }
DSN="postgres://finops:finops@127.0.0.1:$PGPORT/finops"

"$VENV/bin/focus-toolkit" generate --provider aws --focus-version 1.3 --rows "$ROWS" --seed 2 --out "$WORK/gen" \
  >/dev/null
FILE="$WORK/gen/focus_1_3_cost_and_usage_aws.csv"

# Starts a load in the background and kills it with SIGKILL once its COPY is running on the server.
load_and_kill() { # poll-id
  "$BIN" load "$FILE" --dsn "$DSN" --table killed --poll-id "$1" --log-level error > "$WORK/killed.log" 2>&1 &
  local pid=$! i
  for i in $(seq 1 600); do
    if [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE usename = 'finops' AND state = 'active' \
                 AND query ILIKE 'COPY%'")" != 0 ]; then
      kill -9 "$pid"
      wait "$pid" 2>/dev/null || true
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/killed.log"; fail "the load ended before it could be killed"; }
    python3 -c 'import time; time.sleep(0.02)'
  done
  fail "no COPY seen on the server"
}

# The server notices the dead client and rolls its transaction back; wait until its backend is gone.
wait_backend_gone() {
  for _ in $(seq 1 500); do
    [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE usename = 'finops'")" = 0 ] && return 0
    python3 -c 'import time; time.sleep(0.02)'
  done
  fail "the killed load's backend is still there"
}

count() { sql "SELECT count(*) FROM killed"; }
duplicates() { sql "SELECT count(*) FROM (SELECT finops_row_key FROM killed GROUP BY 1 HAVING count(*) > 1) d"; }
polls() { sql "SELECT count(*) FROM finops_loads WHERE table_name = 'killed' AND poll_id = '$1'"; }

# ---- 1. killed during the first load (straight into the empty table)
load_and_kill p1
wait_backend_gone
rows=0
if [ "$(sql "SELECT to_regclass('killed') IS NOT NULL")" = t ]; then rows=$(count); fi
[ "$rows" = 0 ] || fail "a killed first load left $rows rows"
pass "killed first load left no rows"
"$BIN" load "$FILE" --dsn "$DSN" --table killed --poll-id p1 --log-level error > "$WORK/p1.log" \
  || { cat "$WORK/p1.log"; fail "the load after the kill failed"; }
[ "$(count)" = "$ROWS" ] || fail "after the rerun: $(count) rows, expected $ROWS"
[ "$(polls p1)" = 1 ] || fail "poll p1 recorded $(polls p1) times"
pass "the rerun loaded $ROWS rows once"

# ---- 2. killed during a later load (staging + upsert)
load_and_kill p2
wait_backend_gone
[ "$(count)" = "$ROWS" ] && [ "$(polls p2)" = 0 ] || fail "a killed later load changed the table"
"$BIN" load "$FILE" --dsn "$DSN" --table killed --poll-id p2 --json --log-level error > "$WORK/p2.json" \
  || { cat "$WORK/p2.json"; fail "the load after the second kill failed"; }
python3 - "$WORK/p2.json" "$ROWS" <<'PY' || fail "unexpected report: $(cat "$WORK/p2.json")"
import json, sys
report = json.load(open(sys.argv[1]))
rows = int(sys.argv[2])
assert report["rowsRead"] == rows and report["rowsUnchanged"] == rows, report
assert report["rowsInserted"] == 0 and report["rowsUpdated"] == 0, report
PY
[ "$(count)" = "$ROWS" ] && [ "$(duplicates)" = 0 ] && [ "$(polls p2)" = 1 ] \
  || fail "after the second rerun: $(count) rows, $(duplicates) duplicate keys, poll p2 $(polls p2) times"
pass "killed later load: nothing changed; the rerun found every row unchanged, no duplicates"
