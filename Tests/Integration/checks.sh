# Shared by the shell test suites that print TAP-like lines (Tests/Chart/chart.sh, Tests/Dashboards/dashboards.sh):
# the processes they start (PIDS, stopped on exit with the services of services.sh), ok/not_ok counting, check, poll
# and fails_with. Source it after services.sh with WORK (the suite's temp dir) set; a failed run keeps its logs.
PIDS=()
P=0; F=0
# stop PID: SIGTERM, then SIGKILL after 10 s
stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$? pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  stop_all
  # keep the logs of a failed run
  if [ "$rc" = 0 ] && [ "$F" = 0 ]; then rm -rf "$WORK" "$CI_TMP"; else echo "# logs kept in $WORK and $CI_TMP"; fi
}
trap cleanup EXIT

ok() { echo "ok - $1"; P=$((P+1)); }
not_ok() { echo "not ok - $1"; [ -n "${2:-}" ] && sed 's/^/#   /' <<< "$2" | head -20; F=$((F+1)); }
# check NAME COMMAND...: ok when COMMAND exits 0; its output is shown on failure
check() {
  local name=$1 out; shift
  if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$out"; fi
}
# poll NAME TIMEOUT COMMAND...: ok once COMMAND succeeds (every 0.25 s)
poll() {
  local name=$1 end=$((SECONDS + $2)) out; shift 2
  while true; do
    if out=$("$@" 2>&1); then ok "$name"; return 0; fi
    if [ $SECONDS -ge $end ]; then not_ok "$name" "$out"; return 0; fi
    sleep 0.25
  done
}
# fails_with NAME PATTERN COMMAND...: ok when COMMAND fails and its output matches PATTERN (grep -E)
fails_with() {
  local name=$1 pattern=$2 out; shift 2
  if out=$("$@" 2>&1); then not_ok "$name" "unexpectedly succeeded"; return; fi
  if grep -qE -- "$pattern" <<< "$out"; then ok "$name"; else not_ok "$name" "$out"; fi
}

# operator_command RENDER DATA_DIR METRICS_PORT HEALTH_PORT: the rendered chart Deployment's args and env (from
# Tests/Chart/chartcheck.py) into OP_ARGS and OP_ENV, to run the real binary outside the cluster as the chart would:
# loopback ports, DATA_DIR in the suite's directory, $(POD_NAMESPACE) as $RNS. Needs PY, RELEASE and RNS.
operator_command() {
  local render=$1 data=$2 mport=$3 hport=$4 line arg
  OP_ARGS=(); OP_ENV=(POD_NAME=$RELEASE-finops-operator-local POD_NAMESPACE=$RNS)
  while IFS= read -r line; do
    case $line in
      "ENV DATA_DIR="*) OP_ENV+=("DATA_DIR=$data") ;;
      "ENV "*) OP_ENV+=("${line#ENV }") ;;
      "ARG --metrics-bind-address="*) OP_ARGS+=("--metrics-bind-address=127.0.0.1:$mport") ;;
      "ARG --health-probe-bind-address="*) OP_ARGS+=("--health-probe-bind-address=127.0.0.1:$hport") ;;
      "ARG "*) arg=${line#ARG }; OP_ARGS+=("${arg//\$(POD_NAMESPACE)/$RNS}") ;;
    esac
  done < <("$PY" "$ROOT/Tests/Chart/chartcheck.py" operator-command "$render")
}
