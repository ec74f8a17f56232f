#!/usr/bin/env bash
# Runs `swift test` with the kapi integration suites enabled: installs what is missing, starts kapi over HTTPS with a
# bearer token and the test CRDs, a throwaway PostgreSQL 15 and moto's S3 (signatures checked), exports
# FINOPS_TEST_KUBECONFIG, FINOPS_TEST_POSTGRES_URL, FINOPS_TEST_S3_* (and friends), and stops them all on exit.
#
#   Tests/Integration/run-swift-tests.sh                          # every test, integration suites included
#   Tests/Integration/run-swift-tests.sh --filter KubeClientTests # extra arguments go to `swift test`
#
# Environment: KAPI_ARGS (default "--history 100": a bounded watch history so that 410 Expired can be tested),
# KAPI_PORT, S3_PORT (default: free ports), VENV (default .venv-ci), TOOLS_DIR (default ../shared/tools/kapi).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."   # the repository root

# Free loopback ports for kapi, PostgreSQL and S3 come from services.sh (FINOPS_TEST_PGPORT names PostgreSQL's).
[ -z "${FINOPS_TEST_PGPORT:-}" ] || export PGPORT=$FINOPS_TEST_PGPORT
# shellcheck source=services.sh
source Tests/Integration/services.sh

if ! [ -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import kmock, yaml' 2>/dev/null; then
  echo "installing test services (first run: a few minutes)…" >&2
  infra_install
fi

# Stop kapi whatever happens; keep its temp dir (log, kubeconfig) only when something failed.
trap 'rc=$?; stop_all; if [ "$rc" -eq 0 ]; then rm -rf "$CI_TMP"; else echo "kapi log: $CI_TMP/kapi.log" >&2; fi' EXIT
KAPI_ARGS=${KAPI_ARGS:---history 100}
export KAPI_ARGS
start_kapi Tests/Integration/fixtures/*.yaml
echo "kapi listening at $KAPI_URL (log: $CI_TMP/kapi.log)" >&2
# A throwaway PostgreSQL 15 (SCRAM over TCP) for the database sink suites.
start_pg
export FINOPS_TEST_POSTGRES_URL="postgres://finops:finops@127.0.0.1:$PGPORT/finops"
echo "PostgreSQL at 127.0.0.1:$PGPORT" >&2
# moto's S3 with SigV4 signatures checked, for the object store suites (keys of an IAM user it creates).
start_s3
export FINOPS_TEST_S3_ENDPOINT="$S3_ENDPOINT" FINOPS_TEST_S3_REGION="$AWS_DEFAULT_REGION"
export FINOPS_TEST_S3_ACCESS_KEY="$AWS_ACCESS_KEY_ID" FINOPS_TEST_S3_SECRET_KEY="$AWS_SECRET_ACCESS_KEY"
echo "moto S3 at $S3_ENDPOINT (log: $CI_TMP/moto.log)" >&2

export FINOPS_TEST_KUBECONFIG="$KUBECONFIG"
# pyarrow and DuckDB, to read back the Parquet files we write.
export FINOPS_TEST_PYTHON="$VENV/bin/python"
# The history length the 410 tests must exceed, read back from KAPI_ARGS.
if [[ " $KAPI_ARGS " =~ \ --history[\ =]([0-9]+)\  ]]; then
  export FINOPS_TEST_KAPI_HISTORY="${BASH_REMATCH[1]}"
fi

swift test "$@"
# Once the unit suites pass, only for full runs: the exporter against real clients (Prometheus, promtool, curl), and
# loads killed with SIGKILL mid-COPY against the PostgreSQL above.
if [ $# -eq 0 ]; then
  Tests/Integration/exporter-prometheus.sh
  CI_TMP="$CI_TMP" PGPORT="$PGPORT" Tests/Integration/database-kill.sh
  # The docs cannot drift: the CRD reference regenerates identically, links resolve, every metric and condition
  # reason the code uses is documented.
  VENV="$VENV" Tests/Docs/docs.sh
fi
