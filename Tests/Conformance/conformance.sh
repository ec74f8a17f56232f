#!/usr/bin/env bash
# make conformance: the real operator binary against kapi (an independent Kubernetes API emulator), driven by real
# kubectl, over HTTPS with a bearer token. Prints PASS/FAIL per check and exits non-zero on any failure.
#
# Checks: CRDs register; both Krateo shapes apply unchanged; children appear with owner references; Synced and
# Ready reach True (this script plays the Deployment controller, which kapi lacks); hand edits and deletions of
# children are repaired; invalid specs and missing references give named conditions; deleting a CR removes its
# children; the emulator restarting mid-watch is survived; a second replica takes over the Lease; SIGTERM stops the
# operator cleanly; /metrics passes promtool; no Secret value reaches the logs; the cluster-native source prices
# Nodes and Pods created with kubectl; the FinOps Foundation's validator
# finds no new failure in our Parquet (Tests/Conformance/focus-validator.sh).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
source Tests/Integration/services.sh
# kapi has no Nodes; the wrapper adds them to its table of built-ins (the cluster-native source lists them).
export KAPI_SCRIPT="$ROOT/Tests/Conformance/kapi-with-nodes.py"
if ! "$VENV/bin/python" -c 'import kmock, yaml' 2>/dev/null; then infra_install; fi

swift build --product finops-operator >/dev/null || { echo "build failed" >&2; exit 1; }
BIN="$(swift build --show-bin-path)/finops-operator"
NS=finops
IMAGE=registry.example/finops-operator:conformance
P=0; F=0
pass() { echo "PASS $1"; P=$((P+1)); }
fail() { echo "FAIL $1${2:+: $2}"; F=$((F+1)); }
# check NAME TIMEOUT_SECONDS COMMAND...: passes once COMMAND succeeds (polled every 0.2 s).
check() {
  local name=$1 timeout=$2; shift 2
  local end=$((SECONDS + timeout))
  while true; do
    if "$@" >/dev/null 2>&1; then pass "$name"; return 0; fi
    if [ $SECONDS -ge $end ]; then fail "$name" "$("$@" 2>&1 | tail -3)"; return 1; fi
    sleep 0.2
  done
}
jp() { kubectl get "$@" 2>/dev/null; }           # jp RESOURCE -o jsonpath=...
eq() { [ "$1" = "$2" ]; }

OPS=()
# A real exporter on loopback serving the bundled FOCUS 1.3 sample (2,000 rows): every scrape pipeline reads its
# /rows, as it would read each ExporterScraperConfig's own exporter inside a cluster (--exporter-url).
EXPORTER_PORT=$(free_port)
"$BIN" exporter --source "file://$ROOT/examples/demo/focus-1.3-cost-and-usage-aws.csv.gz" \
    --listen "127.0.0.1:$EXPORTER_PORT" > "$CI_TMP/exporter.log" 2>&1 &
OPS+=("$!")
start_operator() { # name -> starts a replica, logs to $CI_TMP/<name>.log, records its PID
  local name=$1 mport hport; mport=$(free_port); hport=$(free_port)
  "$BIN" run --kubeconfig "$KUBECONFIG" --leader-election-namespace default --exporter-image "$IMAGE" \
      --data-dir "$CI_TMP/data" --exporter-url "http://127.0.0.1:$EXPORTER_PORT" \
      --metrics-bind-address "127.0.0.1:$mport" --health-probe-bind-address "127.0.0.1:$hport" \
      --log-format json --log-level debug > "$CI_TMP/$name.log" 2>&1 &
  local pid=$!; OPS+=("$pid"); eval "${name}_PID=$pid ${name}_METRICS=$mport ${name}_HEALTH=$hport"
}
cleanup() { for pid in "${OPS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done; stop_all; }
trap cleanup EXIT

echo "== kapi on $KAPI_PORT, work dir $CI_TMP"
start_kapi || exit 1

# ---- CRDs
kubectl apply -f crds/ >/dev/null && pass "CRDs apply" || fail "CRDs apply"
for crd in exporterscraperconfigs databaseconfigs providerconfigs resourceconfigs metricconfigs; do
  check "CRD $crd established" 10 kubectl wait --for=condition=Established "crd/$crd.finops.krateo.io" --timeout=5s
done

# ---- every example directory passes the CRD schemas and the built-in kinds' checks (server-side dry run: nothing
# is stored; the namespaces they use are created first, as a user would)
kubectl apply -f examples/local/00-namespace.yaml -f examples/production/00-namespace.yaml >/dev/null
for dir in examples/*/; do
  ls "$dir"*.yaml >/dev/null 2>&1 || continue
  check "examples/$(basename "$dir"): server-side dry run" 10 kubectl apply --dry-run=server -f "$dir"
done

# ---- operator
start_operator op1
check "operator ready (/readyz)" 30 curl -sf "127.0.0.1:$op1_HEALTH/readyz"
check "operator live (/healthz)" 5 curl -sf "127.0.0.1:$op1_HEALTH/healthz"

# ---- both Krateo shapes, unchanged
for shape in current-shape older-shape; do
  kubectl apply -f "examples/$shape/" >/dev/null && pass "apply examples/$shape" || fail "apply examples/$shape"
done
ESCS=$(kubectl get esc -n $NS -o jsonpath='{.items[*].metadata.name}')
[ -n "$ESCS" ] && pass "ExporterScraperConfigs listed: $ESCS" || fail "no ExporterScraperConfigs"
for esc in $ESCS; do
  uid=$(jp esc "$esc" -n $NS -o jsonpath='{.metadata.uid}')
  check "$esc: deployment exists" 30 kubectl get deploy "$esc-deployment" -n $NS
  check "$esc: configmap exists" 10 kubectl get cm "$esc-configmap" -n $NS
  check "$esc: service exists" 10 kubectl get svc "$esc-service" -n $NS
  check "$esc: deployment owned by the CR" 5 eq "$(jp deploy "$esc-deployment" -n $NS -o jsonpath='{.metadata.ownerReferences[?(@.controller==true)].uid}')" "$uid"
  check "$esc: service port 2112" 5 eq "$(jp svc "$esc-service" -n $NS -o jsonpath='{.spec.ports[0].port}')" 2112
  check "$esc: exporter image and args" 5 eq "$(jp deploy "$esc-deployment" -n $NS -o jsonpath='{.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].args}')" "$IMAGE [\"exporter\",\"--config\",\"/config/config.yaml\"]"
done
check "all ESCs Synced" 60 kubectl wait --for=condition=Synced esc --all -n $NS --timeout=5s
check "Ready=False/Creating before the exporter runs" 5 eq "$(jp esc -n $NS -o jsonpath='{.items[0].status.conditions[?(@.type=="Ready")].reason}')" Creating

# Play the Deployment controller: mark every exporter Deployment available.
make_available() {
  for d in $(kubectl get deploy -n $NS -o jsonpath='{.items[*].metadata.name}'); do
    gen=$(jp deploy "$d" -n $NS -o jsonpath='{.metadata.generation}')
    kubectl patch deploy "$d" -n $NS --subresource=status --type=merge \
      -p "{\"status\":{\"observedGeneration\":$gen,\"replicas\":1,\"updatedReplicas\":1,\"readyReplicas\":1,\"availableReplicas\":1}}" >/dev/null
  done
}
make_available
check "all ESCs Ready (kubectl wait)" 60 kubectl wait --for=condition=Ready esc --all -n $NS --timeout=5s
check "observedGeneration = generation" 5 eq "$(jp esc -n $NS -o jsonpath='{.items[0].status.observedGeneration}')" "$(jp esc -n $NS -o jsonpath='{.items[0].metadata.generation}')"
for kind in dbc prconfig rsconfig mtconfig; do
  check "all $kind Ready" 30 kubectl wait --for=condition=Ready "$kind" --all -n $NS --timeout=5s
done
check "Krateo-shaped DatabaseConfig connects to the embedded SQLite" 10 sh -c "kubectl get dbc finops-db -n $NS -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].reason}' | grep -qx Connected && [ -f '$CI_TMP/data/finops_finops-db.sqlite' ]"
check "printer columns show Ready" 5 sh -c "kubectl get esc -n $NS | grep -q Available"

# ---- scrape pipelines: the exporter's rows into the embedded SQLite database, reported in status
scrape_jp() { jp esc azure-costs -n $NS -o jsonpath="$1"; }
check "azure-costs: SourceHealthy=True from the exporter's /status" 60 kubectl wait --for=condition=SourceHealthy esc/azure-costs -n $NS --timeout=5s
check "azure-costs: ScrapeHealthy=True (kubectl wait)" 60 kubectl wait --for=condition=ScrapeHealthy esc/azure-costs -n $NS --timeout=5s
check "azure-costs: status.scrape rows read 2000, written 2000" 60 eq "$(scrape_jp '{.status.scrape.rowsRead} {.status.scrape.rowsWritten}')" "2000 2000"
check "azure-costs: status.scrape lastSuccessTime and nextRunTime" 5 sh -c "[ -n \"\$(kubectl get esc azure-costs -n $NS -o jsonpath='{.status.scrape.lastSuccessTime}{.status.scrape.nextRunTime}')\" ]"
check "azure-costs: 2000 rows in table azure_costs of the embedded database" 5 eq "$(python3 -c "import sqlite3; print(sqlite3.connect('$CI_TMP/data/finops_finops-db.sqlite').execute('SELECT count(*) FROM azure_costs').fetchone()[0])")" 2000

# ---- cluster-native source on kapi: Nodes and Pods made with kubectl, the exporter of cluster-costs run once with
# the configuration the operator wrote, reading them through the API (KUBECONFIG)
cat <<YAML | kubectl apply -f - >/dev/null
apiVersion: v1
kind: Node
metadata: {name: conformance-node-1, labels: {node.kubernetes.io/instance-type: m5.xlarge}}
---
apiVersion: v1
kind: Pod
metadata: {name: shop-1, namespace: $NS, labels: {team: payments}}
spec: {nodeName: conformance-node-1, containers: [{name: main, image: shop, resources: {requests: {cpu: "1", memory: 2Gi}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: shop-2, namespace: $NS, labels: {team: payments}}
spec: {nodeName: conformance-node-1, containers: [{name: main, image: shop, resources: {requests: {cpu: "2", memory: 8Gi}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: pending-1, namespace: $NS}
spec: {nodeName: conformance-node-1, containers: [{name: main, image: shop, resources: {requests: {cpu: "1", memory: 1Gi}}}]}
YAML
kubectl patch node conformance-node-1 --subresource=status --type=merge \
  -p '{"status":{"capacity":{"cpu":"4","memory":"16Gi"},"allocatable":{"cpu":"4","memory":"16Gi"}}}' >/dev/null
for pod in shop-1 shop-2; do
  kubectl patch pod "$pod" -n $NS --subresource=status --type=merge -p '{"status":{"phase":"Running"}}' >/dev/null
done
kubectl patch pod pending-1 -n $NS --subresource=status --type=merge -p '{"status":{"phase":"Pending"}}' >/dev/null
cluster_config() {
  kubectl get cm cluster-costs-configmap -n $NS -o jsonpath='{.data.config\.yaml}' > "$CI_TMP/cluster-config.yaml" &&
    grep -q weighted "$CI_TMP/cluster-config.yaml"
}
# Weighted: (1/3 + 2/10)/2 and (2/3 + 8/10)/2 of the node's 4 × 4,000,000 + 16 × 500,000 µ¢/h (m5.xlarge matches the
# catch-all entry); the pending pod costs nothing.
cluster_once() {
  "$BIN" exporter --config "$CI_TMP/cluster-config.yaml" --once > "$CI_TMP/cluster-once.json" || return 1
  python3 - "$CI_TMP/cluster-once.json" <<'PY'
import json, sys
served = json.load(open(sys.argv[1]))["served"]
assert served["rows"] == 2 and served["rejectedRows"] == 0 and served["validationErrors"] == 0, served
PY
}
check "cluster-costs: the operator wrote the cluster source's configuration" 30 cluster_config
check "cluster-costs: exporter --once on kapi's Nodes and Pods gives the weighted rows" 10 cluster_once
kubectl delete pod shop-1 shop-2 pending-1 -n $NS >/dev/null
kubectl delete node conformance-node-1 >/dev/null

# ---- drift repair
FIRST=$(echo "$ESCS" | awk '{print $1}')
kubectl set image "deploy/$FIRST-deployment" -n $NS exporter=evil:1 >/dev/null
check "hand-edited image repaired" 30 eq "$(jp deploy "$FIRST-deployment" -n $NS -o jsonpath='{.spec.template.spec.containers[0].image}')" "$IMAGE"
good=$(jp cm "$FIRST-configmap" -n $NS -o jsonpath='{.data.config\.yaml}')
kubectl patch cm "$FIRST-configmap" -n $NS --type=merge -p '{"data":{"config.yaml":"tampered"}}' >/dev/null
check "hand-edited config.yaml repaired" 30 eq "$(jp cm "$FIRST-configmap" -n $NS -o jsonpath='{.data.config\.yaml}')" "$good"
kubectl delete svc "$FIRST-service" -n $NS >/dev/null
check "deleted service recreated" 30 kubectl get svc "$FIRST-service" -n $NS
hash=$(jp deploy "$FIRST-deployment" -n $NS -o jsonpath='{.spec.template.metadata.annotations.finops\.krateo\.io/config-hash}')
kubectl label esc "$FIRST" -n $NS conformance=touched >/dev/null
sleep 1
check "label-only edit keeps the config hash" 5 eq "$(jp deploy "$FIRST-deployment" -n $NS -o jsonpath='{.spec.template.metadata.annotations.finops\.krateo\.io/config-hash}')" "$hash"
kubectl patch esc "$FIRST" -n $NS --type=merge -p '{"spec":{"exporterConfig":{"additionalVariables":{"conformance":"x"}}}}' >/dev/null
check "spec edit rolls the config hash" 30 sh -c "[ \"\$(kubectl get deploy $FIRST-deployment -n $NS -o jsonpath='{.spec.template.metadata.annotations.finops\\.krateo\\.io/config-hash}')\" != '$hash' ]"

# ---- invalid spec and missing references
cat <<YAML | kubectl apply -f - >/dev/null
apiVersion: finops.krateo.io/v1
kind: ExporterScraperConfig
metadata: {name: bad-interval, namespace: $NS}
spec:
  exporterConfig: {url: "http://example.invalid/focus.csv", metricType: cost, pollingInterval: "every hour"}
---
apiVersion: finops.krateo.io/v1
kind: ExporterScraperConfig
metadata: {name: missing-db, namespace: $NS}
spec:
  exporterConfig: {url: "http://example.invalid/focus.csv", pollingInterval: 1h}
  scraperConfig: {tableName: t1, pollingInterval: 1h, scraperDatabaseConfigRef: {name: no-such-db, namespace: $NS}}
YAML
check "invalid spec → Ready=False InvalidSpec" 30 kubectl wait --for=jsonpath='{.status.conditions[?(@.type=="Ready")].reason}'=InvalidSpec esc/bad-interval -n $NS --timeout=5s
check "InvalidSpec message names the field" 5 sh -c "kubectl get esc bad-interval -n $NS -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].message}' | grep -q spec.exporterConfig.pollingInterval"
check "no children for an invalid spec" 5 sh -c "! kubectl get deploy bad-interval-deployment -n $NS"
check "missing DatabaseConfig → DatabaseConfigNotFound" 30 kubectl wait --for=jsonpath='{.status.conditions[?(@.type=="Ready")].reason}'=DatabaseConfigNotFound esc/missing-db -n $NS --timeout=5s
check "exporter still deployed without its database" 10 kubectl get deploy missing-db-deployment -n $NS
cat <<YAML | kubectl apply -f - >/dev/null
apiVersion: finops.krateo.io/v1
kind: DatabaseConfig
metadata: {name: no-such-db, namespace: $NS}
spec: {username: finops, passwordSecretRef: {name: finops-db-password, namespace: $NS, key: password}}
YAML
check "creating the DatabaseConfig clears the problem" 30 sh -c "[ \"\$(kubectl get esc missing-db -n $NS -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].reason}')\" != DatabaseConfigNotFound ]"

# ---- delete a CR: children go and stay gone
kubectl delete esc missing-db -n $NS >/dev/null
check "children removed with the CR" 30 sh -c "! kubectl get deploy missing-db-deployment -n $NS && ! kubectl get svc missing-db-service -n $NS && ! kubectl get cm missing-db-configmap -n $NS"
sleep 2
check "children not recreated after the CR is gone" 1 sh -c "! kubectl get deploy missing-db-deployment -n $NS"

# ---- the emulator restarts mid-watch (state lost): the operator reconnects, relists and converges again
stop_kapi
start_kapi || exit 1
kubectl apply -f crds/ >/dev/null
for crd in exporterscraperconfigs databaseconfigs providerconfigs resourceconfigs metricconfigs; do
  kubectl wait --for=condition=Established "crd/$crd.finops.krateo.io" --timeout=10s >/dev/null
done
kubectl apply -f examples/current-shape/ >/dev/null
check "after restart: children recreated" 90 kubectl get deploy "$FIRST-deployment" -n $NS
check "after restart: ESCs Synced" 60 kubectl wait --for=condition=Synced esc --all -n $NS --timeout=5s

# ---- leader election: a second replica waits, then takes over when the first stops
# (identities are the host name plus a random base-36 suffix: the first replica's is read from the Lease itself)
check "first replica holds the lease" 30 sh -c "[ -n \"\$(kubectl get lease finops-operator-leader -n default -o jsonpath='{.spec.holderIdentity}')\" ]"
holder1=$(jp lease finops-operator-leader -n default -o jsonpath='{.spec.holderIdentity}')
start_operator op2
check "second replica ready but not leading" 30 sh -c "curl -sf 127.0.0.1:$op2_HEALTH/readyz >/dev/null && [ \"\$(kubectl get lease finops-operator-leader -n default -o jsonpath='{.spec.holderIdentity}')\" = '$holder1' ]"
curl -s "127.0.0.1:$op1_METRICS/metrics" > "$CI_TMP/metrics.txt"
kill -TERM "$op1_PID"
check "SIGTERM stops the operator within 10 s" 10 sh -c "! kill -0 $op1_PID"
wait "$op1_PID"; rc=$?
[ "$rc" = 0 ] && pass "clean exit code after SIGTERM" ||
  fail "clean exit code after SIGTERM" "exit $rc; $(grep '"level":"error"' "$CI_TMP/op1.log" | tail -3)"
check "second replica takes the lease" 30 sh -c "[ -n \"\$(kubectl get lease finops-operator-leader -n default -o jsonpath='{.spec.holderIdentity}')\" ] && [ \"\$(kubectl get lease finops-operator-leader -n default -o jsonpath='{.spec.holderIdentity}')\" != '$holder1' ]"
kubectl delete svc "$FIRST-service" -n $NS >/dev/null
check "new leader repairs children" 30 kubectl get svc "$FIRST-service" -n $NS

# ---- metrics and secrets
grep -q '^finops_operator_reconcile_total' "$CI_TMP/metrics.txt" && pass "/metrics has reconcile totals" || fail "/metrics has reconcile totals"
grep -q '^finops_operator_watch_restarts_total' "$CI_TMP/metrics.txt" && pass "/metrics has watch restarts" || fail "/metrics has watch restarts"
grep -q '^finops_scrape_runs_total{.*name="azure-costs".*result="loaded"' "$CI_TMP/metrics.txt" && pass "/metrics has scrape runs" || fail "/metrics has scrape runs"
if command -v promtool >/dev/null; then
  promtool check metrics < "$CI_TMP/metrics.txt" > "$CI_TMP/promtool.txt" 2>&1; rc=$?
  [ "$rc" = 0 ] && pass "promtool check metrics" || fail "promtool check metrics" "$(head -5 "$CI_TMP/promtool.txt")"
fi
leaks=0
# Every secret value of the examples' Secrets (the keys that hold credentials; a server URL, a region or a CA
# certificate is not secret and appears in configs by design), one per line.
SECRET_VALUES=$("$VENV/bin/python" - examples/*/*.yaml <<'PY'
import sys, yaml
SECRET_KEYS = {"password", "token", "aws-access-key", "aws-secret-key", "aws-session-token", "api-key",
               "client-key-data", "dsn"}
for path in sys.argv[1:]:
    for doc in yaml.safe_load_all(open(path)):
        if doc and doc.get("kind") == "Secret":
            for key, value in (doc.get("stringData") or {}).items():
                if key in SECRET_KEYS: print(value)
PY
)
while IFS= read -r value; do
  [ -n "$value" ] || continue
  grep -qF -- "$value" "$CI_TMP"/op*.log && { leaks=1; echo "  leaked: ${value:0:4}…"; }
  kubectl get esc,dbc,cm,events -A -o json | grep -qF -- "$value" && { leaks=1; echo "  in the API: ${value:0:4}…"; }
done <<< "$SECRET_VALUES"
[ "$leaks" = 0 ] && pass "no Secret value in logs, statuses, ConfigMaps or Events" || fail "Secret values leaked"

# ---- the FinOps Foundation's validator on the Parquet we write (pinned expected failures in the script)
while read -r line; do
  case $line in PASS\ *) pass "${line#PASS }" ;; FAIL\ *) fail "${line#FAIL }" ;; *) echo "$line" ;; esac
done < <(BIN="$BIN" Tests/Conformance/focus-validator.sh 2>&1)

echo "== conformance: $P passed, $F failed"
[ "$F" = 0 ]
