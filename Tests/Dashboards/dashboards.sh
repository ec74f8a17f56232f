#!/usr/bin/env bash
# Tests of the Grafana dashboards charts/finops-operator/dashboards/*.json and their ConfigMaps
# (templates/dashboards.yaml). Prints `ok - …` / `not ok - …` per check; exits 1 on any failure.
#
# a. structure: valid JSON, the `datasource` variable, unique panel ids, every target on ${datasource}; helm lint and
#    helm template with dashboards.enabled=true render one ConfigMap per dashboard with the sidecar label (default and
#    configured), nothing by default, schema failures; kubernetes-validate -k 1.32.0 --strict on the output
# b. every metric name in the dashboards' queries (targets and variables) and in the rendered PrometheusRule is a
#    sample name of a real /metrics answer (local mode: the operator and its six exporters; a standalone exporter
#    whose source fails; `finops-operator run` on kapi with the chart's args, a failing pipeline and its watches cut
#    twice), or a recording rule of the rendered rules
# c. a real Prometheus (scrape_interval 1s, one job per exporter path, the operators' /metrics, rule_files = the
#    rendered PrometheusRule's groups) scrapes all of them; every panel query, variables replaced ($provider,
#    $namespace, $currency → .*; $__rate_interval → 2m, $__interval → 15s, $__range → 5m), has a series with a number
#    through /api/v1/query, except the allow-list below (each entry says why); every query variable has values
# d. the cost overview's "Billed cost" panel (provider AWS, currency USD) equals the sum of BilledCost of
#    examples/demo/focus-1.3-cost-and-usage-aws.csv.gz (Decimal) within 0.01
#
# Needs the debug binary (.build/debug/finops-operator, or BIN=…); never builds it. Run from `make conformance`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
START=$SECONDS
source Tests/Integration/services.sh
infra_install

BIN=${BIN:-$ROOT/.build/debug/finops-operator}
CHART=charts/finops-operator
HELM="$VENV/bin/helm"
PY="$VENV/bin/python"
DASHCHECK=("$PY" Tests/Dashboards/dashcheck.py)
DASHBOARDS=("$CHART"/dashboards/*.json)
SAMPLE=examples/demo/focus-1.3-cost-and-usage-aws.csv.gz
LOCAL_EXPORTERS=(aws-focus prometheus-up vm-cpu kubecost-allocations cluster-costs castai-costs)
WORK=$(mktemp -d /tmp/dashboards-test.XXXXXX)
export HELM_CACHE_HOME="$WORK/helm/cache" HELM_CONFIG_HOME="$WORK/helm/config" HELM_DATA_HOME="$WORK/helm/data"
RELEASE=fin
RNS=finops-system

# Panel queries allowed to be empty, one `uid|panel title|refId|why` per line. Keep it minimal: an entry whose query
# has data fails the run.
cat > "$WORK/allow.txt" <<'ALLOW'
ALLOW

# shellcheck source=../Integration/checks.sh
source "$ROOT/Tests/Integration/checks.sh"
bail() { echo "# stopping: a later check needs the one above"; echo "# $P passed, $F failed ($((SECONDS - START)) s)"; exit 1; }
counted() { # COMMAND...: a dashcheck subcommand printing its own ok/not ok lines; counts them
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  printf '%s\n' "$out"
  P=$((P + $(grep -c '^ok - ' <<< "$out" || true)))
  F=$((F + $(grep -c '^not ok - ' <<< "$out" || true)))
  if [ "$rc" != 0 ] && ! grep -q '^not ok - ' <<< "$out"; then not_ok "${*:2:2} exited $rc"; fi
}

echo "# work dir $WORK, binary $BIN"

# ---------------------------------------------------------------- a. structure and ConfigMaps
counted "${DASHCHECK[@]}" structure "${DASHBOARDS[@]}"
check "helm lint --strict (dashboards.enabled=true)" "$HELM" lint --strict "$CHART" --set dashboards.enabled=true
if out=$("$HELM" template "$RELEASE" "$CHART" --namespace "$RNS" --set dashboards.enabled=true \
    --set-string dashboards.annotations.grafana_folder=FinOps 2>&1); then
  printf '%s\n' "$out" > "$WORK/render-dashboards.yaml"
  ok "helm template (dashboards.enabled=true, annotation grafana_folder)"
else
  not_ok "helm template (dashboards.enabled=true)" "$out"
fi
counted "${DASHCHECK[@]}" configmaps "$WORK/render-dashboards.yaml" grafana_dashboard 1 "${DASHBOARDS[@]}"
check "the ConfigMaps carry the annotation grafana_folder: FinOps, in the release namespace" sh -c "
  [ \$(grep -c '^    grafana_folder: FinOps\$' '$WORK/render-dashboards.yaml') = ${#DASHBOARDS[@]} ] &&
  [ \$(grep -A3 '^kind: ConfigMap\$' '$WORK/render-dashboards.yaml' | grep -c '^  namespace: $RNS\$') = ${#DASHBOARDS[@]} ]"
"$HELM" template "$RELEASE" "$CHART" --namespace "$RNS" --set dashboards.enabled=true \
  --set dashboards.namespace=monitoring --set dashboards.label=example.com/dashboard \
  --set-string dashboards.labelValue=finops --set dashboards.labels.team=platform > "$WORK/render-dashboards-custom.yaml"
counted "${DASHCHECK[@]}" configmaps "$WORK/render-dashboards-custom.yaml" example.com/dashboard finops "${DASHBOARDS[@]}"
check "dashboards.namespace=monitoring and dashboards.labels apply" sh -c "
  [ \$(grep -A3 '^kind: ConfigMap\$' '$WORK/render-dashboards-custom.yaml' | grep -c '^  namespace: monitoring\$') = ${#DASHBOARDS[@]} ] &&
  [ \$(grep -c '^    team: platform\$' '$WORK/render-dashboards-custom.yaml') = ${#DASHBOARDS[@]} ]"
check "default values render no dashboard ConfigMap" sh -c "
  ! '$HELM' template '$RELEASE' '$CHART' --namespace '$RNS' | grep -q 'grafana_dashboard'"
fails_with "an unknown key under dashboards fails the schema" 'Additional property folder is not allowed' \
  "$HELM" template "$RELEASE" "$CHART" --set dashboards.folder=FinOps
fails_with "dashboards.enabled as a string fails the schema" 'dashboards.enabled' \
  "$HELM" template "$RELEASE" "$CHART" --set-string dashboards.enabled=yes
fails_with "a labelValue that is no label value fails the schema" 'labelValue' \
  "$HELM" template "$RELEASE" "$CHART" --set 'dashboards.labelValue=not a value'
"$PY" Tests/Chart/chartcheck.py builtin "$WORK/render-dashboards.yaml" "$WORK/builtin-dashboards.yaml" > /dev/null
if out=$("$VENV/bin/kubernetes-validate" -k 1.32.0 --strict --quiet "$WORK/builtin-dashboards.yaml" 2>&1) &&
    ! grep -q "Couldn't find schema" <<< "$out"; then
  ok "kubernetes-validate -k 1.32.0 --strict (dashboards.enabled=true: $(grep -c '^kind:' "$WORK/builtin-dashboards.yaml") objects)"
else
  not_ok "kubernetes-validate -k 1.32.0 --strict (dashboards.enabled=true)" "$out"
fi

# ---------------------------------------------------------------- the rules: the chart's PrometheusRule rendered
# (recording rules every 2 s instead of 1 m, so that the test need not wait a minute)
"$HELM" template "$RELEASE" "$CHART" --namespace "$RNS" --set prometheusRule.enabled=true \
  --set prometheusRule.recordingInterval=2s > "$WORK/render-rules.yaml"
if recorded=$("${DASHCHECK[@]}" rules "$WORK/render-rules.yaml" "$WORK/rules.yaml" 2>&1); then
  ok "rendered PrometheusRule as a rule file ($(wc -l <<< "$recorded") recording rules: $(echo $recorded))"
else
  not_ok "rendered PrometheusRule as a rule file" "$recorded"
fi
check "promtool check rules (the rendered groups)" promtool check rules "$WORK/rules.yaml"

if [ ! -x "$BIN" ]; then
  not_ok "operator binary $BIN exists (build it with make build)"
  echo "# $P passed, $F failed ($((SECONDS - START)) s)"; exit 1
fi

# ---------------------------------------------------------------- Prometheus, then what it scrapes
LOCAL_PORT=$(free_port); RUN_MPORT=$(free_port); RUN_HPORT=$(free_port); BAD_PORT=$(free_port)
PROM_PORT=$(free_port); PROXY_PORT=$(free_port)
PROM_URL="http://127.0.0.1:$PROM_PORT"
{
  echo "global: {scrape_interval: 1s, evaluation_interval: 1s}"
  echo "rule_files: ['$WORK/rules.yaml']"
  echo "scrape_configs:"
  echo "# The operators' /metrics: local mode's, and finops-operator run's on kapi. honor_labels keeps their own"
  echo "# namespace label (the ExporterScraperConfig's), as docs/operations.md asks."
  echo "- job_name: finops-operator"
  echo "  honor_labels: true"
  echo "  static_configs: [{targets: ['127.0.0.1:$LOCAL_PORT', '127.0.0.1:$RUN_MPORT']}]"
  echo "# One job per exporter, labelled as Kubernetes service discovery labels an exporter Service (namespace,"
  echo "# service; job = the Service as with a ServiceMonitor); honor_labels keeps the cluster counters' pod namespace."
  for e in "${LOCAL_EXPORTERS[@]}"; do
    echo "- job_name: $e-service"
    echo "  honor_labels: true"
    echo "  metrics_path: /finops/$e/metrics"
    echo "  static_configs: [{targets: ['127.0.0.1:$LOCAL_PORT'], labels: {namespace: finops, service: $e-service}}]"
  done
  echo "- job_name: failing-source-service"
  echo "  honor_labels: true"
  echo "  static_configs: [{targets: ['127.0.0.1:$BAD_PORT'], labels: {namespace: finops, service: failing-source-service}}]"
} > "$WORK/prometheus.yml"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prom-data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" > "$WORK/prometheus.log" 2>&1 &
PIDS+=("$!")
poll "Prometheus ready on $PROM_PORT (scrape_interval 1s, rule_files = the rendered PrometheusRule)" 30 \
  curl -sf "$PROM_URL/-/ready" || bail
check "Prometheus loaded the rendered rules" sh -c "
  curl -sf '$PROM_URL/api/v1/rules' | jq -e '[.data.groups[].rules[]] | length > 10' >/dev/null"

# Local mode: six pipelines, their exporters and the operator's metrics on one port.
"$BIN" local examples/local --data-dir "$WORK/local" --listen "127.0.0.1:$LOCAL_PORT" --keep-running \
  --progress lines > "$WORK/local.log" 2>&1 &
PIDS+=("$!")
poll "local mode: every pipeline done (\"Still serving\")" 180 grep -q 'Still serving' "$WORK/local.log" ||
  { tail -20 "$WORK/local.log"; bail; }
check "local mode: 6 of 6 pipelines succeeded" grep -q 'Summary: 6 of 6 pipelines succeeded' "$WORK/local.log"

# A standalone exporter whose source refuses connections: polls fail every 5 s (finops_exporter_poll_failures_total).
"$BIN" exporter --source "http://127.0.0.1:1/report.csv" --attempts 1 --polling-interval 5s \
  --listen "127.0.0.1:$BAD_PORT" > "$WORK/failing-exporter.log" 2>&1 &
PIDS+=("$!")
poll "standalone exporter with a failing source counts failed polls" 20 sh -c \
  "curl -sf 127.0.0.1:$BAD_PORT/metrics | grep -q '^finops_exporter_poll_failures_total{reason=\"connection\"}'" || bail

# finops-operator run on kapi, with the chart's args and env, through a proxy that can cut its connections.
start_kapi crds/*.yaml || bail
ok "kapi started with the CRDs"
"$PY" Tests/Dashboards/sever-proxy.py "$PROXY_PORT" "$KAPI_PORT" > "$WORK/proxy.log" 2>&1 &
PROXY_PID=$!; PIDS+=("$PROXY_PID")
poll "proxy to kapi listening" 10 grep -q READY "$WORK/proxy.log" || bail
sed "s#127.0.0.1:$KAPI_PORT#127.0.0.1:$PROXY_PORT#" "$KUBECONFIG" > "$WORK/kubeconfig-proxy"
mkdir -p "$WORK/run-data"
# (kubectl create namespace sends protobuf, which kapi refuses: apply a manifest instead)
printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: %s}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: kapi-demo}\n' \
  "$RNS" > "$WORK/namespaces.yaml"
check "namespaces $RNS and kapi-demo" kubectl apply -f "$WORK/namespaces.yaml"
cat > "$WORK/kapi-objects.yaml" <<YAML
apiVersion: v1
kind: Secret
metadata: {name: db-password, namespace: kapi-demo}
stringData: {password: unused-by-sqlite}
---
apiVersion: v1
kind: Secret
metadata: {name: endpoint, namespace: kapi-demo}
stringData: {server-url: "http://127.0.0.1:1"}
---
apiVersion: finops.krateo.io/v1
kind: DatabaseConfig
metadata: {name: db, namespace: kapi-demo}
spec:
  username: finops
  passwordSecretRef: {name: db-password, key: password}
---
# Both pipelines fail: the scrape reads a closed port (SourceUnreachable, retried with backoff), the export reads
# this object's exporter, which local mode does not have (404).
apiVersion: finops.krateo.io/v1
kind: ExporterScraperConfig
metadata: {name: no-exporter, namespace: kapi-demo}
spec:
  exporterConfig:
    api: {path: /report.csv, verb: GET, endpointRef: {name: endpoint}}
    metricType: cost
    pollingInterval: 1h
  scraperConfig:
    url: http://127.0.0.1:1/rows
    tableName: nothing
    pollingInterval: 1h
    scraperDatabaseConfigRef: {name: db}
  focusExport:
    destination: file://$WORK/focus-out
    format: csv
YAML
"$HELM" template "$RELEASE" "$CHART" --namespace "$RNS" > "$WORK/render-default.yaml"
operator_command "$WORK/render-default.yaml" "$WORK/run-data" "$RUN_MPORT" "$RUN_HPORT"
echo "# operator: ${OP_ENV[*]} $BIN ${OP_ARGS[*]}"
env "${OP_ENV[@]}" "$BIN" "${OP_ARGS[@]}" --kubeconfig "$WORK/kubeconfig-proxy" \
  --exporter-url "http://127.0.0.1:$LOCAL_PORT/finops/{name}" > "$WORK/run.log" 2>&1 &
PIDS+=("$!")
run_metrics() { curl -sf "127.0.0.1:$RUN_MPORT/metrics"; }
poll "finops-operator run ready (/readyz) and leading (finops_operator_leader 1)" 40 sh -c \
  "curl -sf 127.0.0.1:$RUN_HPORT/readyz >/dev/null && curl -sf 127.0.0.1:$RUN_MPORT/metrics | grep -q '^finops_operator_leader{.*} 1'" ||
  { tail -5 "$WORK/run.log"; bail; }
check "apply the failing ExporterScraperConfig and its DatabaseConfig" kubectl apply -f "$WORK/kapi-objects.yaml"
poll "run: the failing scrape and export are counted (finops_scrape_failures_total, finops_export_failures_total)" 60 \
  sh -c "curl -sf 127.0.0.1:$RUN_MPORT/metrics > '$WORK/run-now.txt' &&
    grep -q '^finops_scrape_failures_total{' '$WORK/run-now.txt' && grep -q '^finops_export_failures_total{' '$WORK/run-now.txt'" || true
# Cut the operator's connections twice, 3 s apart (Prometheus sees the counters before the second cut).
kill -USR1 "$PROXY_PID"
poll "run: cut watches restart (finops_operator_watch_restarts_total{reason=\"connection_lost\"})" 30 sh -c \
  "curl -sf 127.0.0.1:$RUN_MPORT/metrics | grep -q '^finops_operator_watch_restarts_total{.*reason=\"connection_lost\"} 1'" || true
sleep 3
kill -USR1 "$PROXY_PID"
poll "run: cut again, watches restart again (counter 2) and the operator is still ready" 30 sh -c \
  "curl -sf 127.0.0.1:$RUN_MPORT/metrics | grep -q '^finops_operator_watch_restarts_total{.*reason=\"connection_lost\"} 2' &&
   curl -sf 127.0.0.1:$RUN_HPORT/readyz >/dev/null" || true

# ---------------------------------------------------------------- b. metric names against the real /metrics
mkdir -p "$WORK/metrics"
curl -sf "127.0.0.1:$LOCAL_PORT/metrics" > "$WORK/metrics/local-operator.txt"
for e in "${LOCAL_EXPORTERS[@]}"; do curl -sf "127.0.0.1:$LOCAL_PORT/finops/$e/metrics" > "$WORK/metrics/local-$e.txt"; done
curl -sf "127.0.0.1:$BAD_PORT/metrics" > "$WORK/metrics/standalone-exporter-failing.txt"
curl -sf "127.0.0.1:$RUN_MPORT/metrics" > "$WORK/metrics/run-operator-on-kapi.txt"
for f in "$WORK"/metrics/*.txt; do
  echo "# $(basename "$f" .txt): $(grep -vc '^#' "$f") samples of $(grep -v '^#' "$f" | sed 's/[{ ].*//' | sort -u | wc -l) names"
done
counted "${DASHCHECK[@]}" names "$WORK/rules.yaml" "$WORK/metrics" "${DASHBOARDS[@]}"

# ---------------------------------------------------------------- c. every panel through Prometheus
targets_up() {
  curl -sf "$PROM_URL/api/v1/targets" | jq -e '[.data.activeTargets[] | select(.health == "up")] | length == 9' >/dev/null
}
poll "Prometheus: all 9 targets up (2 operators, 6 local exporters, the failing exporter)" 30 targets_up || bail
want=$(cat "$WORK"/metrics/local-*.txt | grep -c '^billed_cost{')
poll "Prometheus holds every billed_cost series the exporters serve ($want) and the recording rules have run" 60 sh -c "
  [ \"\$(curl -sf '$PROM_URL/api/v1/query' --data-urlencode 'query=count(billed_cost)' | jq -r '.data.result[0].value[1]')\" = $want ] &&
  curl -sf '$PROM_URL/api/v1/query' --data-urlencode 'query=finops:billed_cost:sum' | jq -e '.data.result | length > 0' >/dev/null &&
  curl -sf '$PROM_URL/api/v1/query' --data-urlencode 'query=finops:cluster_cost:rate1h_by_namespace' | jq -e '.data.result | length > 0' >/dev/null" || true
counted "${DASHCHECK[@]}" panels "$PROM_URL" "$WORK/allow.txt" "${DASHBOARDS[@]}"

# ---------------------------------------------------------------- d. the total against the input
counted "${DASHCHECK[@]}" total "$PROM_URL" "$CHART/dashboards/finops-cost-overview.json" "Billed cost" "$SAMPLE"

echo "# $P passed, $F failed ($((SECONDS - START)) s)"
[ "$F" = 0 ]
