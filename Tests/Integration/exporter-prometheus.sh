#!/usr/bin/env bash
# Real-client checks of the exporter (run by `make test` after `swift test`):
#  1. a real Prometheus scrapes `finops-operator exporter` on loopback and PromQL `sum(billed_cost)` equals the sum
#     of BilledCost in the bundled FOCUS 1.3 sample (computed exactly with Python's decimal module);
#  2. `promtool check metrics` accepts /metrics (cost series and the exporter's own) in both label modes;
#  3. /rows round-trips the sample losslessly, and answers 304 to its own ETag;
#  4. malformed inputs (truncated CSV, wrong header, bad numbers, bad JSON, HTTP 500, a silent server, a wrong
#     token) each fail the poll with a clear reason in the status report, never a crash or an empty success.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source Tests/Integration/services.sh
command -v promtool >/dev/null || infra_install
BIN="$(swift build --show-bin-path)/finops-operator"
SAMPLE="$PWD/examples/demo/focus-1.3-cost-and-usage-aws.csv.gz"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; stop_prom; rm -rf "$WORK"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok - $*"; }

# ---- 1. Prometheus scrape and PromQL
PORT=$(free_port)
"$BIN" exporter --source "file://$SAMPLE" --listen "127.0.0.1:$PORT" > "$WORK/exporter.log" 2>&1 &
PIDS+=($!)
_wait_http "http://127.0.0.1:$PORT/readyz" 150 || { cat "$WORK/exporter.log"; fail "exporter not ready"; }
EXPECTED=$(python3 -c "
import csv, gzip, decimal
rows = csv.DictReader(gzip.open('$SAMPLE', 'rt', newline=''))
print(sum((decimal.Decimal(r['BilledCost']) for r in rows if r['BilledCost']), decimal.Decimal(0)))")
start_prom "127.0.0.1:$PORT"
prom_wait_up || fail "Prometheus never scraped the exporter"
GOT=$(curl -s "$PROM_URL/api/v1/query" --data-urlencode 'query=sum(billed_cost)' | jq -r '.data.result[0].value[1]')
python3 -c "
import decimal, sys
got, want = decimal.Decimal('$GOT'), decimal.Decimal('$EXPECTED')
sys.exit(0 if abs(got - want) <= want * decimal.Decimal('1e-9') else 1)" || fail "sum(billed_cost) = $GOT, want $EXPECTED"
pass "Prometheus: sum(billed_cost) = $GOT (BilledCost sum $EXPECTED)"
UP=$(curl -s "$PROM_URL/api/v1/query" --data-urlencode 'query=finops_exporter_last_poll_success' | jq -r '.data.result[0].value[1]')
[ "$UP" = 1 ] || fail "finops_exporter_last_poll_success = $UP"
pass "Prometheus: finops_exporter_last_poll_success = 1"

# ---- 2. promtool on both label modes
curl -s "http://127.0.0.1:$PORT/metrics" > "$WORK/focus.prom"
promtool check metrics < "$WORK/focus.prom" || fail "promtool rejects the focus-mode body"
pass "promtool check metrics: focus label mode ($(grep -c '^billed_cost' "$WORK/focus.prom") series)"
PORT2=$(free_port)
"$BIN" exporter --source "file://$SAMPLE" --listen "127.0.0.1:$PORT2" --label-mode krateo > "$WORK/krateo.log" 2>&1 &
PIDS+=($!)
_wait_http "http://127.0.0.1:$PORT2/readyz" 150 || fail "krateo-mode exporter not ready"
curl -s "http://127.0.0.1:$PORT2/metrics" > "$WORK/krateo.prom"
# Krateo's label names are the FOCUS column names (PascalCase): promtool's linter flags that style, and nothing else
# may appear.
promtool check metrics < "$WORK/krateo.prom" > "$WORK/krateo.lint" 2>&1 || true
if grep -v "label names should be written in 'snake_case' not 'camelCase'" "$WORK/krateo.lint" | grep -q .; then
  cat "$WORK/krateo.lint" >&2; fail "promtool rejects the krateo-mode body"
fi
pass "promtool check metrics: krateo label mode ($(grep -c '^billed_cost' "$WORK/krateo.prom") series; only the PascalCase style lint)"

# ---- 3. /rows is lossless and conditional
curl -s -D "$WORK/rows.h" "http://127.0.0.1:$PORT/rows" > "$WORK/rows.csv"
python3 -c "
import csv, gzip, sys
a = list(csv.reader(gzip.open('$SAMPLE', 'rt', newline='')))
b = list(csv.reader(open('$WORK/rows.csv', newline='')))
sys.exit(0 if a == b else 1)" || fail "/rows differs from the sample"
ETAG=$(grep -i '^etag:' "$WORK/rows.h" | cut -d' ' -f2- | tr -d '\r')
CODE=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "http://127.0.0.1:$PORT/rows")
[ "$CODE" = 304 ] || fail "/rows with If-None-Match answered $CODE"
pass "/rows: identical to the sample, 304 for ETag $ETAG"

# ---- 3b. SIGTERM is a clean stop (exit 0), as Kubernetes stops the exporter pod
EXPORTER_PID=${PIDS[0]}
kill -TERM "$EXPORTER_PID"
RC=0; wait "$EXPORTER_PID" || RC=$?
[ "$RC" = 0 ] || { tail -5 "$WORK/exporter.log"; fail "the exporter exited $RC on SIGTERM"; }
pass "SIGTERM: the exporter stopped with exit status 0"

# ---- 4. malformed inputs: each poll fails with its reason (exporter --once exits 1 and prints the status)
expect_failure() { # name reason source [extra args]
  local name=$1 reason=$2 source=$3; shift 3
  local out rc=0
  out=$("$BIN" exporter --once --source "$source" "$@" 2> "$WORK/$name.log") || rc=$?
  [ "$rc" -ne 0 ] || fail "$name: the poll succeeded"
  local got; got=$(echo "$out" | jq -r '.lastPoll.reason')
  [ "$got" = "$reason" ] || { cat "$WORK/$name.log"; fail "$name: reason $got, want $reason"; }
  grep -q "poll failed" "$WORK/$name.log" || fail "$name: no error in the log"
  pass "$name: $reason — $(echo "$out" | jq -r '.lastPoll.message')"
}
{ gzip -dc "$SAMPLE" || true; } | head -c 50000 > "$WORK/truncated.csv"
expect_failure truncated-csv SourcePayloadInvalid "file://$WORK/truncated.csv"
printf 'BilledCost,Tags\n1,"{""a"":\n' > "$WORK/open-quote.csv"
expect_failure unterminated-quote SourcePayloadInvalid "file://$WORK/open-quote.csv"
printf 'this is not,a FOCUS header\n' > "$WORK/header-only.csv"
expect_failure header-only SourceEmpty "file://$WORK/header-only.csv"
printf '{"items": [1, 2' > "$WORK/bad.json"
expect_failure bad-json SourcePayloadInvalid "file://$WORK/bad.json"
expect_failure missing-file SourceConfigurationInvalid "file://$WORK/does-not-exist.csv"

STUB_PORT=$(free_port)
python3 - "$STUB_PORT" > "$WORK/stub.log" 2>&1 <<'PY' &
import http.server, sys, time
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/ready":
            self.send_response(200); self.end_headers(); return
        if self.path == "/500":
            self.send_response(500); self.end_headers(); self.wfile.write(b"internal error"); return
        if self.path == "/slow":
            time.sleep(30); return
        if self.headers.get("Authorization") != "Bearer right":
            self.send_response(401); self.end_headers(); self.wfile.write(b"invalid token"); return
        self.send_response(200); self.send_header("Content-Type", "text/csv"); self.end_headers()
        self.wfile.write(b"BilledCost,BillingCurrency\n1.5,USD\n")
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
PIDS+=($!)
_wait_http "http://127.0.0.1:$STUB_PORT/ready" 50
echo wrong > "$WORK/token"
expect_failure http-500 SourceHTTPError "http://127.0.0.1:$STUB_PORT/500" --attempts 1
expect_failure wrong-token SourceUnauthorized "http://127.0.0.1:$STUB_PORT/data" --bearer-token-file "$WORK/token"
expect_failure timeout SourceTimeout "http://127.0.0.1:$STUB_PORT/slow" --attempts 1 --response-timeout 1
# Bad numbers do not fail the poll: the row stays in /rows, is left out of billed_cost, and is reported.
printf 'BilledCost,BillingCurrency\n1.5,USD\nabc,USD\n' > "$WORK/bad-number.csv"
OUT=$("$BIN" exporter --once --source "file://$WORK/bad-number.csv")
[ "$(echo "$OUT" | jq -r '.served.violationsByRule["invalid-decimal"]')" = 1 ] || fail "bad number not reported: $OUT"
pass "bad-number: poll served, invalid-decimal reported for the row"
echo "exporter real-client checks passed"
