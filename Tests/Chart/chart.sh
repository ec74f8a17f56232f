#!/usr/bin/env bash
# Tests of the Helm chart charts/finops-operator. Prints `ok - …` / `not ok - …` per check; exits 1 on any failure.
#
# - helm lint --strict (default values, and watchNamespaces set)
# - helm template with several value sets; kubernetes-validate -k 1.32.0 --strict on each output
# - bad values fail (schema: wrong type, unknown key; template: replicas 2 without leader election)
# - the chart's crds/ are byte-identical to crds/; README.md is what gen-readme.py writes; config/ is the chart rendered
# - install on kapi (helm template | kubectl apply), the real operator binary run outside the "cluster" with the
#   rendered Deployment's args and env, an example ExporterScraperConfig reaching Synced, its exporter Deployment
#   running as the chart's exporter service account
# - least privilege: every API request the operator and the exporter (`exporter --once`, endpoint and cluster
#   sources) make against kapi is granted by the rendered RBAC, and every grant is requested or justified in
#   Tests/Chart/rbac-unexercised.txt; prints the rendered RBAC table at the end
#
# Needs the debug binary (.build/debug/finops-operator, or BIN=…); never builds it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
START=$SECONDS
source Tests/Integration/services.sh
infra_install
# kapi with Nodes and a User-Agent per request (Tests/Chart/kapi-logged.py wraps Tests/Conformance/kapi-with-nodes.py)
export KAPI_SCRIPT="$ROOT/Tests/Chart/kapi-logged.py" KAPI_LOG=1

BIN=${BIN:-$ROOT/.build/debug/finops-operator}
CHART=charts/finops-operator
HELM="$VENV/bin/helm"
PY="$VENV/bin/python"
WORK=$(mktemp -d /tmp/chart-test.XXXXXX)
export HELM_CACHE_HOME="$WORK/helm/cache" HELM_CONFIG_HOME="$WORK/helm/config" HELM_DATA_HOME="$WORK/helm/data"
RELEASE=fin
RNS=finops-system

# shellcheck source=../Integration/checks.sh
source "$ROOT/Tests/Integration/checks.sh"

echo "# work dir $WORK, kapi on $KAPI_PORT, binary $BIN"

# ---------------------------------------------------------------- lint
check "helm lint --strict (default values)" "$HELM" lint --strict "$CHART"
check "helm lint --strict (watchNamespaces set)" "$HELM" lint --strict "$CHART" --set 'watchNamespaces={team-a,team-b}'

# ---------------------------------------------------------------- render + validate
declare -A SETS=(
  [default]=""
  [watch-namespaces]="--set watchNamespaces={a,b}"
  [replicas-2]="--set replicaCount=2"
  [service-monitor]="--set serviceMonitor.enabled=true --set prometheusRule.enabled=true"
  [pdb]="--set podDisruptionBudget.enabled=true --set replicaCount=2"
  [persistence-postgres]="--set persistence.enabled=true --set defaultDatabase.host=pg.db --set defaultDatabase.name=finops --set defaultDatabase.sslmode=verify-full"
)
for name in default watch-namespaces replicas-2 service-monitor pdb persistence-postgres; do
  # shellcheck disable=SC2086  # the value set is word-split on purpose
  if out=$("$HELM" template "$RELEASE" "$CHART" --namespace "$RNS" --include-crds ${SETS[$name]} 2>&1); then
    printf '%s\n' "$out" > "$WORK/render-$name.yaml"
    ok "helm template ($name)"
  else
    not_ok "helm template ($name)" "$out"; continue
  fi
  skipped=$("$PY" Tests/Chart/chartcheck.py builtin "$WORK/render-$name.yaml" "$WORK/builtin-$name.yaml")
  [ -n "$skipped" ] && echo "# kubernetes-validate skips $(echo $skipped) (not a built-in kind; no schema)"
  if out=$("$VENV/bin/kubernetes-validate" -k 1.32.0 --strict --quiet "$WORK/builtin-$name.yaml" 2>&1) &&
      ! grep -q "Couldn't find schema" <<< "$out"; then
    ok "kubernetes-validate -k 1.32.0 --strict ($name: $(grep -c '^kind:' "$WORK/builtin-$name.yaml") objects)"
  else
    not_ok "kubernetes-validate -k 1.32.0 --strict ($name)" "$out"
  fi
done
check "default: ClusterRole, leader-election Role, no ServiceMonitor/PDB/PVC without the capability or values" sh -c "
  grep -q '^kind: ClusterRole$' '$WORK/render-default.yaml' &&
  grep -q 'name: $RELEASE-finops-operator-leader-election' '$WORK/render-default.yaml' &&
  ! grep -qE '^kind: (ServiceMonitor|PodDisruptionBudget|PersistentVolumeClaim)$' '$WORK/render-default.yaml'"
check "watchNamespaces [a,b]: a Role and RoleBinding per namespace, no operator ClusterRole, WATCH_NAMESPACES=a,b" \
  "$PY" - "$WORK/render-watch-namespaces.yaml" "$RELEASE-finops-operator" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
name = sys.argv[2]
roles = {(d["kind"], d["metadata"].get("namespace")) for d in docs if d["metadata"]["name"] == name}
assert {("Role", "a"), ("Role", "b"), ("RoleBinding", "a"), ("RoleBinding", "b")} <= roles, roles
assert ("ClusterRole", None) not in roles, roles
env = {e["name"]: e.get("value") for d in docs if d["kind"] == "Deployment"
       for e in d["spec"]["template"]["spec"]["containers"][0]["env"]}
assert env.get("WATCH_NAMESPACES") == "a,b", env
PY
check "replicas 2: replicas: 2 with --leader-elect=true" sh -c "
  grep -q '^  replicas: 2$' '$WORK/render-replicas-2.yaml' && grep -q -- '- --leader-elect=true' '$WORK/render-replicas-2.yaml'"
check "serviceMonitor.enabled=true renders a ServiceMonitor on port metrics" sh -c "
  grep -q '^kind: ServiceMonitor$' '$WORK/render-service-monitor.yaml' && grep -q -- '- port: metrics' '$WORK/render-service-monitor.yaml'"
if out=$("$HELM" template "$RELEASE" "$CHART" -n "$RNS" --api-versions monitoring.coreos.com/v1/ServiceMonitor 2>&1) &&
    grep -q '^kind: ServiceMonitor$' <<< "$out" &&
    ! "$HELM" template "$RELEASE" "$CHART" -n "$RNS" --api-versions monitoring.coreos.com/v1/ServiceMonitor \
      --set serviceMonitor.enabled=false | grep -q '^kind: ServiceMonitor$'; then
  ok "serviceMonitor auto: rendered when the API serves monitoring.coreos.com/v1 ServiceMonitor, not when false"
else
  not_ok "serviceMonitor auto: rendered when the API serves monitoring.coreos.com/v1 ServiceMonitor, not when false" "$out"
fi

# ---------------------------------------------------------------- PrometheusRule
# Recording rules and alerts: promtool check rules on the rendering, promtool test rules (every alert firing and
# not firing, the recording rules' values: Tests/Chart/rules-tests.yaml), annotations and runbook anchors.
mkdir -p "$WORK/rules"
check "prometheusRule: summary, description and a runbook section in docs/operations.md for every alert" \
  "$PY" Tests/Chart/chartcheck.py rules "$WORK/render-service-monitor.yaml" "$WORK/rules" docs/operations.md
check "promtool check rules (rendered PrometheusRule)" promtool check rules "$WORK/rules/rules.yaml"
cp Tests/Chart/rules-tests.yaml "$WORK/rules/rules-test/tests.yaml"
check "promtool test rules (Tests/Chart/rules-tests.yaml)" promtool test rules "$WORK/rules/rules-test/tests.yaml"
check "prometheusRule auto: rendered when the API serves monitoring.coreos.com/v1 PrometheusRule" sh -c "
  '$HELM' template '$RELEASE' '$CHART' -n '$RNS' --api-versions monitoring.coreos.com/v1/PrometheusRule | grep -q '^kind: PrometheusRule$' &&
  ! grep -q '^kind: PrometheusRule$' '$WORK/render-default.yaml'"
check "pdb: a PodDisruptionBudget with maxUnavailable 1" sh -c "
  grep -q '^kind: PodDisruptionBudget$' '$WORK/render-pdb.yaml' && grep -q '^  maxUnavailable: 1$' '$WORK/render-pdb.yaml'"
check "persistence + PostgreSQL: PVC, Recreate, --default-database-* flags and DEFAULT_DATABASE_HOST" sh -c "
  f='$WORK/render-persistence-postgres.yaml'
  grep -q '^kind: PersistentVolumeClaim$' \$f && grep -q 'strategy: {type: Recreate}' \$f &&
  grep -q -- '- --default-database-sslmode=verify-full' \$f && grep -q -- '- --default-database-name=finops' \$f &&
  grep -q 'name: DEFAULT_DATABASE_HOST, value: \"pg.db\"' \$f"
check "security: runAsNonRoot, runAsUser 65532, RuntimeDefault, read-only root, no privilege escalation, drop ALL" \
  "$PY" - "$WORK/render-default.yaml" <<'PY'
import sys, yaml
dep = next(d for d in yaml.safe_load_all(open(sys.argv[1])) if d and d["kind"] == "Deployment")
pod = dep["spec"]["template"]["spec"]; c = pod["containers"][0]
assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] == 65532
assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
sc = c["securityContext"]
assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
assert sc["capabilities"]["drop"] == ["ALL"]
mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
env = {e["name"]: e.get("value") for e in c["env"]}
assert mounts.get(env["DATA_DIR"]) == "data" and mounts.get("/tmp") == "tmp", mounts
assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "health"}
assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "health"}
ports = {p["name"]: p["containerPort"] for p in c["ports"]}
assert ports == {"metrics": 8080, "health": 8081}, ports
PY

# ---------------------------------------------------------------- bad values
printf 'replicaCount: "two"\n' > "$WORK/bad-type.yaml"
fails_with 'replicaCount: "two" fails the schema' 'replicaCount: Invalid type' \
  "$HELM" template "$RELEASE" "$CHART" -f "$WORK/bad-type.yaml"
printf 'replicas: 2\n' > "$WORK/bad-key.yaml"
fails_with "an unknown top-level key (replicas) fails the schema" 'Additional property replicas is not allowed' \
  "$HELM" template "$RELEASE" "$CHART" -f "$WORK/bad-key.yaml"
printf 'exporter:\n  serviceAcount: {create: false}\n' > "$WORK/bad-nested.yaml"
fails_with "an unknown nested key (exporter.serviceAcount) fails the schema" 'Additional property serviceAcount is not allowed' \
  "$HELM" template "$RELEASE" "$CHART" -f "$WORK/bad-nested.yaml"
fails_with "logFormat: yaml fails the schema (LoggingSettings accepts text or json)" 'logFormat' \
  "$HELM" template "$RELEASE" "$CHART" --set logFormat=yaml
fails_with "replicaCount 2 with leaderElection.enabled=false fails" 'needs leaderElection.enabled' \
  "$HELM" template "$RELEASE" "$CHART" --set replicaCount=2 --set leaderElection.enabled=false
fails_with "helm lint --strict fails on an unknown key too" 'Additional property replicas is not allowed' \
  "$HELM" lint --strict "$CHART" -f "$WORK/bad-key.yaml"

# ---------------------------------------------------------------- files
crds_identical() {
  local f
  diff <(cd crds && ls) <(cd "$CHART/crds" && ls) || return 1
  for f in crds/*.yaml; do cmp "$f" "$CHART/crds/$(basename "$f")" || return 1; done
}
check "chart crds/ byte-identical to crds/ ($(ls crds | wc -l) files, cmp)" crds_identical
check "config/finops-operator.yaml is the chart rendered (config/render.sh --check)" env HELM="$HELM" config/render.sh --check
check "README.md is up to date (gen-readme.py --check)" "$PY" "$CHART/gen-readme.py" --check

# ---------------------------------------------------------------- install on kapi with the real operator
if [ ! -x "$BIN" ]; then
  not_ok "operator binary $BIN exists (build it with make build)"
  echo "# $P passed, $F failed ($((SECONDS - START)) s)"; exit 1
fi
start_kapi
ok "kapi started (KAPI_LOG=1, User-Agent per request)"
# (kubectl create namespace sends protobuf, which kapi refuses: apply a manifest instead)
check "namespaces $RNS and finops created" sh -c \
  "printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: $RNS}\n' | kubectl apply -f - &&
   kubectl apply -f examples/current-shape/00-namespace.yaml"
# The namespace of the example's ExporterScraperConfigs gets the exporter service account too.
"$HELM" template "$RELEASE" "$CHART" --namespace "$RNS" --include-crds \
  --set 'exporter.serviceAccount.extraNamespaces={finops}' > "$WORK/render-install.yaml"
check "helm template --include-crds | kubectl apply -f -" kubectl apply -f "$WORK/render-install.yaml"
check "CRDs established" kubectl wait --for=condition=Established crd --all --timeout=20s
check "installed objects readable" kubectl get deploy/$RELEASE-finops-operator sa/$RELEASE-finops-operator \
  sa/$RELEASE-finops-operator-exporter svc/$RELEASE-finops-operator-metrics role/$RELEASE-finops-operator-leader-election \
  clusterrole/$RELEASE-finops-operator clusterrolebinding/$RELEASE-finops-operator -n "$RNS"
check "exporter service account in the extra namespace finops" kubectl get sa $RELEASE-finops-operator-exporter -n finops

# A real exporter on loopback serving the bundled FOCUS sample: the scrape pipelines and the endpoint source read it.
EXPORTER_PORT=$(free_port)
env -u KUBECONFIG "$BIN" exporter --source "file://$ROOT/examples/demo/focus-1.3-cost-and-usage-aws.csv.gz" \
  --listen "127.0.0.1:$EXPORTER_PORT" > "$WORK/demo-exporter.log" 2>&1 &
PIDS+=("$!")

# start_operator RENDER NAME: the operator, outside the cluster, with the rendered Deployment's args and env; what
# only a pod has is replaced: bind addresses (free loopback ports), DATA_DIR (a temp dir), POD_NAME/POD_NAMESPACE
# (fieldRefs), the kubeconfig, and --exporter-url (the demo exporter). Sets OP_PID, HPORT, EXPORTER_SA.
start_operator() {
  local render=$1 name=$2 mport
  mport=$(free_port); HPORT=$(free_port)
  operator_command "$render" "$WORK/data" "$mport" "$HPORT"
  echo "# $name: ${OP_ENV[*]} $BIN ${OP_ARGS[*]}"
  EXPORTER_SA=$(printf '%s\n' "${OP_ENV[@]}" | sed -n 's/^EXPORTER_SERVICE_ACCOUNT=//p')
  env "${OP_ENV[@]}" "$BIN" "${OP_ARGS[@]}" --kubeconfig "$KUBECONFIG" \
    --exporter-url "http://127.0.0.1:$EXPORTER_PORT" > "$WORK/$name.log" 2>&1 &
  OP_PID=$!; PIDS+=("$OP_PID")
}
# stop_operator LABEL: SIGTERM; ok when it exits 0 within 15 s
stop_operator() {
  local rc=0
  kill -TERM "$OP_PID"
  for _ in $(seq 1 150); do kill -0 "$OP_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$OP_PID" 2>/dev/null; then
    not_ok "$1 stops within 15 s of SIGTERM"
    kill -9 "$OP_PID"; wait "$OP_PID" 2>/dev/null || true
  else
    wait "$OP_PID" || rc=$?
    check "$1 stops cleanly on SIGTERM (exit $rc)" [ "$rc" = 0 ]
  fi
}
start_operator "$WORK/render-install.yaml" operator
poll "operator with the chart's args and env ready (/readyz)" 30 curl -sf "127.0.0.1:$HPORT/readyz"
poll "operator leads through the Lease in $RNS" 30 sh -c \
  "kubectl get lease finops-operator-leader -n $RNS -o jsonpath='{.spec.holderIdentity}' | grep -q '^$RELEASE-finops-operator-local_'"

# The example (namespace, Secrets, DatabaseConfig, provider chain, the cost ExporterScraperConfig), plus what makes
# the exporters use the API: an endpoint Secret in another namespace (read through the API, a pod cannot mount it),
# a cluster-source ExporterScraperConfig with a pricing ConfigMap.
cat > "$WORK/extra.yaml" <<YAML
apiVersion: v1
kind: Namespace
metadata: {name: finops-shared}
---
apiVersion: v1
kind: Secret
metadata: {name: shared-focus-endpoint, namespace: finops-shared}
stringData: {server-url: "http://127.0.0.1:$EXPORTER_PORT"}
---
apiVersion: finops.krateo.io/v1
kind: ExporterScraperConfig
metadata: {name: shared-focus, namespace: finops}
spec:
  exporterConfig:
    api: {path: /rows, verb: GET, endpointRef: {name: shared-focus-endpoint, namespace: finops-shared}}
    metricType: cost
    pollingInterval: 1h
---
apiVersion: v1
kind: ConfigMap
metadata: {name: chart-pricing, namespace: finops}
data:
  pricing.yaml: |
    - {vcpuHourly: 4000000, memoryGiBHourly: 500000}
---
apiVersion: finops.krateo.io/v1
kind: ExporterScraperConfig
metadata: {name: chart-cluster, namespace: finops}
spec:
  exporterConfig:
    pollingInterval: 5m
    cluster: {name: chart, strategy: weighted, currency: USD, pricingConfigMapRef: {name: chart-pricing}}
YAML
check "apply examples/current-shape 10, 20, 30, 40 and the chart test's objects" kubectl apply \
  -f examples/current-shape/10-secrets.yaml -f examples/current-shape/20-databaseconfig.yaml \
  -f examples/current-shape/30-provider-chain.yaml -f examples/current-shape/40-exporterscraperconfig-cost.yaml \
  -f "$WORK/extra.yaml"
# Synced=True: children applied and references resolved; kapi runs no pods, so Ready stays False/Creating.
check "kubectl wait --for=condition=Synced esc/azure-costs (60 s)" \
  kubectl wait --for=condition=Synced esc/azure-costs -n finops --timeout=60s
check "kubectl wait --for=condition=Synced esc/shared-focus esc/chart-cluster (60 s)" \
  kubectl wait --for=condition=Synced esc/shared-focus esc/chart-cluster -n finops --timeout=60s
check "azure-costs: exporter Deployment, ConfigMap and Service exist" kubectl get -n finops \
  deploy/azure-costs-deployment cm/azure-costs-configmap svc/azure-costs-service
sa=$(kubectl get deploy azure-costs-deployment -n finops -o jsonpath='{.spec.template.spec.serviceAccountName}')
if [ -n "$EXPORTER_SA" ] && [ "$sa" = "$EXPORTER_SA" ] && kubectl get sa "$sa" -n finops >/dev/null 2>&1; then
  ok "exporter Deployment runs as the chart's exporter service account ($sa, EXPORTER_SERVICE_ACCOUNT), present in finops"
else
  not_ok "exporter Deployment runs as the chart's exporter service account" "got '$sa', want '$EXPORTER_SA'"
fi
img=$(kubectl get deploy azure-costs-deployment -n finops -o jsonpath='{.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].imagePullPolicy}')
check "exporter image and pull policy from the chart ($img)" [ "$img" = "ghcr.io/finops-operator/finops-operator:0.1.0 IfNotPresent" ]
check "all five kinds Ready (DatabaseConfig, provider chain)" sh -c "
  kubectl wait --for=condition=Ready dbc/finops-db prconfig/azure rsconfig/azure-virtual-machines \
    mtconfig/azure-vm-cpu-usage -n finops --timeout=30s"
check "azure-costs: scrape pipeline loaded the demo rows (ScrapeHealthy, 60 s)" \
  kubectl wait --for=condition=ScrapeHealthy esc/azure-costs -n finops --timeout=60s
# The export reads its S3 credentials Secret, then fails on the example's bucket (fake keys; no network here).
check "azure-costs: FOCUS export ran with its credentials Secret (ExportHealthy=False on the fake bucket, 60 s)" \
  kubectl wait --for=condition=ExportHealthy=False esc/azure-costs -n finops --timeout=60s

# Stale children: objects the ExporterScraperConfig controls under names it no longer wants (what a rename or an
# older operator leaves) are deleted by the operator (ChildApplier.deleteUndesired).
uid=$(kubectl get esc azure-costs -n finops -o jsonpath='{.metadata.uid}')
owner="ownerReferences: [{apiVersion: finops.krateo.io/v1, kind: ExporterScraperConfig, name: azure-costs, uid: $uid, controller: true}]"
labels="labels: {app.kubernetes.io/managed-by: finops-operator, scraper: azure-costs}"
cat <<YAML | kubectl apply -f - >/dev/null
apiVersion: v1
kind: ConfigMap
metadata: {name: azure-costs-stale, namespace: finops, $labels, $owner}
---
apiVersion: v1
kind: Service
metadata: {name: azure-costs-stale, namespace: finops, $labels, $owner}
spec: {ports: [{port: 2112}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: azure-costs-stale, namespace: finops, $labels, $owner}
spec:
  selector: {matchLabels: {scraper: azure-costs-stale}}
  template:
    metadata: {labels: {scraper: azure-costs-stale}}
    spec: {containers: [{name: x, image: x}]}
YAML
poll "stale controlled children (ConfigMap, Service, Deployment) deleted by the operator" 30 sh -c "
  ! kubectl get cm/azure-costs-stale svc/azure-costs-stale deploy/azure-costs-stale -n finops -o name 2>/dev/null | grep -q ."

# The exporters' configurations as the operator wrote them.
for esc in shared-focus chart-cluster; do
  kubectl get cm "$esc-configmap" -n finops -o jsonpath='{.data.config\.yaml}' > "$WORK/$esc-config.yaml"
done
check "shared-focus: its exporter reads the endpoint Secret through the API (secretRef in config.yaml)" \
  grep -q 'name: shared-focus-endpoint' "$WORK/shared-focus-config.yaml"

stop_operator operator
poll "Lease released on SIGTERM" 5 sh -c \
  "[ -z \"\$(kubectl get lease finops-operator-leader -n $RNS -o jsonpath='{.spec.holderIdentity}')\" ]"

# ---- exporters: `exporter --config … --once` with the operator's configurations, against the same kapi (the
# marker request separates their requests from the operator's in the log)
curl -sk -o /dev/null "$KAPI_URL/healthz?chart-phase=exporter"
kubectl apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Node
metadata: {name: chart-node-1, labels: {node.kubernetes.io/instance-type: m5.xlarge}}
---
apiVersion: v1
kind: Pod
metadata: {name: chart-pod-1, namespace: finops}
spec: {nodeName: chart-node-1, containers: [{name: main, image: x, resources: {requests: {cpu: "1", memory: 2Gi}}}]}
YAML
kubectl patch node chart-node-1 --subresource=status --type=merge \
  -p '{"status":{"capacity":{"cpu":"4","memory":"16Gi"},"allocatable":{"cpu":"4","memory":"16Gi"}}}' >/dev/null
kubectl patch pod chart-pod-1 -n finops --subresource=status --type=merge -p '{"status":{"phase":"Running"}}' >/dev/null
for esc in shared-focus chart-cluster; do
  if out=$("$BIN" exporter --config "$WORK/$esc-config.yaml" --once --attempts 1 \
      --listen "127.0.0.1:$(free_port)" 2>"$WORK/$esc-once.log") &&
      rows=$("$PY" -c 'import json,sys; s=json.load(sys.stdin)["served"]; assert s["rows"] > 0, s; print(s["rows"])' <<< "$out"); then
    ok "$esc: exporter --once with the operator's config on kapi served $rows rows"
  else
    not_ok "$esc: exporter --once with the operator's config on kapi" "$out$(tail -5 "$WORK/$esc-once.log")"
  fi
done

# ---- the operator again, watching one namespace (watchNamespaces=[finops]: Roles instead of the ClusterRole)
curl -sk -o /dev/null "$KAPI_URL/healthz?chart-phase=operator-ns"
"$HELM" template "$RELEASE" "$CHART" --namespace "$RNS" --set 'watchNamespaces={finops}' > "$WORK/render-install-ns.yaml"
check "watchNamespaces=[finops]: helm template | kubectl apply -f -" kubectl apply -f "$WORK/render-install-ns.yaml"
start_operator "$WORK/render-install-ns.yaml" operator-ns
poll "operator (watchNamespaces=[finops]) ready and leading" 30 sh -c "curl -sf 127.0.0.1:$HPORT/readyz &&
  kubectl get lease finops-operator-leader -n $RNS -o jsonpath='{.spec.holderIdentity}' | grep -q '^$RELEASE-finops-operator-local_'"
cat > "$WORK/ns-check.yaml" <<YAML
apiVersion: finops.krateo.io/v1
kind: ExporterScraperConfig
metadata: {name: ns-check, namespace: finops}
spec:
  exporterConfig:
    api: {path: /rows, verb: GET, endpointRef: {name: azure-management-endpoint}}
    metricType: cost
    pollingInterval: 1h
  scraperConfig:
    tableName: ns_check
    pollingInterval: 1h
    scraperDatabaseConfigRef: {name: finops-db}
YAML
check "watchNamespaces=[finops]: a new ExporterScraperConfig reaches Synced" sh -c "
  kubectl apply -f '$WORK/ns-check.yaml' && kubectl wait --for=condition=Synced esc/ns-check -n finops --timeout=60s"
stop_operator "operator (watchNamespaces=[finops])"

# ---------------------------------------------------------------- least privilege
cp "$CI_TMP/kapi.log" "$WORK/kapi.log"
echo "# requests logged by kapi: $(grep -c '^REQ' "$WORK/kapi.log") ($(grep -c $'^REQ\tfinops-operator' "$WORK/kapi.log") from finops-operator)"
if out=$("$PY" Tests/Chart/chartcheck.py rbac "$WORK/render-install-ns.yaml" "$WORK/kapi.log" \
    Tests/Chart/rbac-unexercised.txt operator-ns=operator --granted-only); then
  ok "RBAC (watchNamespaces=[finops]): every request of that operator granted by the Roles"
else
  not_ok "RBAC (watchNamespaces=[finops]): every request of that operator granted by the Roles" "$(grep '^PROBLEM' <<< "$out")"
fi
if out=$("$PY" Tests/Chart/chartcheck.py rbac "$WORK/render-install.yaml" "$WORK/kapi.log" \
    Tests/Chart/rbac-unexercised.txt operator=operator exporter=exporter); then
  ok "RBAC: every request granted, every grant requested or allow-listed (Tests/Chart/rbac-unexercised.txt)"
else
  not_ok "RBAC: every request granted, every grant requested or allow-listed" "$(grep '^PROBLEM' <<< "$out")"
fi
grep -v '^PROBLEM' <<< "$out"

echo "# $P passed, $F failed ($((SECONDS - START)) s)"
[ "$F" = 0 ]
