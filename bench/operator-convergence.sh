#!/usr/bin/env bash
# make bench (operator part): how long 1,000 ExporterScraperConfigs take to converge from a cold start against kapi,
# and the operator's resident memory idle and with 1,000 CRs. Prints the figures.
#
#   BENCH_N=1000          number of ExporterScraperConfigs
#   BENCH_CONFIG=release  build configuration of the measured binary (debug is ~3-5x slower; release builds take
#                         ~25 min the first time on 2 cores)
#
# Converged means: every CR has Synced=True for its current generation and its three children exist. kapi has no
# Deployment controller, so Ready stays at Creating; Synced is the operator's own work.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${BENCH_N:-1000}
CONFIG=${BENCH_CONFIG:-release}
source Tests/Integration/services.sh
if ! "$VENV/bin/python" -c 'import kmock, yaml' 2>/dev/null; then infra_install; fi

swift build -c "$CONFIG" --product finops-operator >/dev/null || exit 1
BIN="$(swift build -c "$CONFIG" --show-bin-path)/finops-operator"
OP=""
cleanup() { [ -n "$OP" ] && kill "$OP" 2>/dev/null && wait "$OP" 2>/dev/null; stop_all; }
trap cleanup EXIT

rss_mib() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
api() { curl -s --cacert "$KAPI_CA" -H "Authorization: Bearer $KAPI_TOKEN" "$KAPI_URL$1"; }
start_operator() {
  "$BIN" run --kubeconfig "$KUBECONFIG" --leader-elect=false --exporter-image bench:1 \
    --metrics-bind-address "127.0.0.1:$METRICS" --health-probe-bind-address "127.0.0.1:$HEALTH" --log-level warning \
    > "$CI_TMP/operator.log" 2>&1 &
  OP=$!
  if [ -n "${BENCH_PERF:-}" ]; then perf record -g -o "$BENCH_PERF" -p "$OP" >/dev/null 2>&1 & PERF=$!; fi
  until curl -sf "127.0.0.1:$HEALTH/readyz" >/dev/null; do sleep 0.05; done
}
HEALTH=$(free_port)
METRICS=$(free_port)

start_kapi crds/*.yaml || exit 1
kubectl apply -f examples/current-shape/00-namespace.yaml -f examples/current-shape/10-secrets.yaml \
  -f examples/current-shape/20-databaseconfig.yaml >/dev/null

# ---- idle: no CRs
start_operator
sleep 2
IDLE_RSS=$(rss_mib "$OP")
kill "$OP"; wait "$OP" 2>/dev/null; OP=""

# ---- create N CRs while the operator is down (cold start)
"$VENV/bin/python" - "$N" <<'PY'
import json, os, ssl, sys, urllib.request
n = int(sys.argv[1])
ctx = ssl.create_default_context(cafile=os.environ["KAPI_CA"])
url = os.environ["KAPI_URL"] + "/apis/finops.krateo.io/v1/namespaces/finops/exporterscraperconfigs"
for i in range(n):
    body = {"apiVersion": "finops.krateo.io/v1", "kind": "ExporterScraperConfig",
            "metadata": {"name": f"bench-{i:04d}", "namespace": "finops"},
            "spec": {"exporterConfig": {"api": {"path": f"/costs/{i}", "verb": "GET",
                                                "endpointRef": {"name": "azure-management-endpoint"}},
                                        "metricType": "cost", "pollingInterval": "1h"},
                     "scraperConfig": {"tableName": f"costs_{i}", "pollingInterval": "1h",
                                       "scraperDatabaseConfigRef": {"name": "finops-db"}}}}
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Bearer " + os.environ["KAPI_TOKEN"],
                                          "Content-Type": "application/json"})
    urllib.request.urlopen(req, context=ctx).read()
PY

# Polled once a second: each poll lists every CR, which costs the (single-threaded) emulator real time.
synced_count() {
  api /apis/finops.krateo.io/v1/namespaces/finops/exporterscraperconfigs | jq '[.items[]
    | select(.status.observedGeneration == .metadata.generation)
    | select(.status.conditions // [] | any(.type == "Synced" and .status == "True"))] | length'
}

[ -n "${KAPI_LOG:-}" ] && : > "$CI_TMP/kapi.log"
START=$(date +%s.%N)
start_operator
READY_AT=$(date +%s.%N)
until [ "$(synced_count)" = "$N" ]; do sleep 1; done
END=$(date +%s.%N)
# Synced=True is written after the children were applied; check they are all there.
DEPLOYMENTS=$(api /apis/apps/v1/namespaces/finops/deployments | jq '.items | length')
[ "$DEPLOYMENTS" = "$N" ] || echo "WARNING: $DEPLOYMENTS deployments for $N CRs"
RECONCILES=$(curl -s "127.0.0.1:$METRICS/metrics" | awk '/^finops_operator_reconcile_total\{controller="exporterscraperconfig"/ {
  match($0, /result="[a-z]+"/); r = substr($0, RSTART + 8, RLENGTH - 9); n[r] += $NF }
  END { for (r in n) printf "%s=%d ", r, n[r] }')
LOADED_RSS=$(rss_mib "$OP")
[ -n "${PERF:-}" ] && kill -INT "$PERF" && wait "$PERF"
cpu_s() { awk '{printf "%.2f", ($14+$15)/100}' "/proc/$1/stat"; }
BEFORE=$(cpu_s "$OP"); sleep 10; IDLE_CPU=$(awk -v a="$BEFORE" -v b="$(cpu_s "$OP")" 'BEGIN {printf "%.2f", b - a}')
CPU=$(awk '{printf "%.1f", ($14+$15)/100}' "/proc/$OP/stat")
KAPI_CPU=$(awk '{printf "%.1f", ($14+$15)/100}' "/proc/$(cat "$CI_TMP/kapi.pid")/stat")

echo "== operator benchmark ($CONFIG build, $N ExporterScraperConfigs, kapi on loopback, $(nproc) cores)"
awk -v s="$START" -v r="$READY_AT" -v e="$END" -v n="$N" -v cpu="$CPU" -v kcpu="$KAPI_CPU" 'BEGIN {
  printf "cold start to caches synced       %6.2f s\n", r - s
  printf "cold start to all %d converged  %6.2f s  (%.0f CRs/s; operator CPU %s s, kapi CPU %s s)\n", n, e - s, n / (e - s), cpu, kcpu }' 
echo "ESC reconciles by result: $RECONCILES"
echo "operator CPU in the 10 s after convergence: $IDLE_CPU s"
printf 'RSS idle (no CRs)                 %6s MiB\n' "$IDLE_RSS"
if [ -n "${KAPI_LOG:-}" ]; then
  echo "API requests by method and kind while converging (KAPI_LOG=1):"
  grep -aoE '^(GET|POST|PUT|PATCH|DELETE) /[^ ?]*' "$CI_TMP/kapi.log" | sed -E 's#/namespaces/[^/]+##; s#(/(deployments|services|configmaps|exporterscraperconfigs|events|leases))/[^/]+#\1/NAME#' | sort | uniq -c | sort -rn | head -15
fi
printf 'RSS with %d CRs converged       %6s MiB\n' "$N" "$LOADED_RSS"
