#!/usr/bin/env bash
# make demo: the operator's main job on embedded defaults — no cluster, no database server, no cloud account.
# `finops-operator local examples/local/` runs every pipeline of that directory (a FOCUS CSV endpoint with the bundled
# 2,000-row FOCUS 1.3 sample, a Prometheus query, Azure usage metrics, Kubecost, Cast AI and the cluster-native
# allocator, all from recorded answers) through the operator's own controllers: rows into the embedded SQLite
# database, FOCUS Parquet files into a local directory, Prometheus metrics on 127.0.0.1:2112. Then it shows one query
# for each, and redraws the README's picture (docs/images/cost-by-service.png, examples/demo/plot.py) when matplotlib is
# there or can be installed (python3-matplotlib with apt-get: as root, or with sudo when DEMO_PLOT=1; DEMO_PLOT=0 never
# installs). DEMO_KEEP=1 leaves the exporters serving; DEMO_DATA=DIR keeps the results in DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
SWIFT=${SWIFT:-swift}
PORT=${DEMO_PORT:-2112}
DATA=${DEMO_DATA:-$(mktemp -d /tmp/finops-demo.XXXXXX)}
LOG="$DATA/local.log"

started=$(date +%s)
# The tools the queries below use: curl and the sqlite3 shell (Debian), installed when missing and apt-get can.
missing=""
for tool in curl sqlite3; do command -v "$tool" >/dev/null || missing="$missing $tool"; done
if [ -n "$missing" ] && command -v apt-get >/dev/null; then
    echo "installing$missing (apt-get)…"
    SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null; } ||
        echo "warning: could not install$missing; the queries that need them are skipped" >&2
fi
echo "== Building finops-operator (debug; the first build takes 10-15 minutes)"
$SWIFT build --product finops-operator 2>&1 | grep -E "error|warning: .*Sources/|Compiling finops|Build complete" || true
BIN="$($SWIFT build --show-bin-path)/finops-operator"
[ -x "$BIN" ] || { echo "the build failed" >&2; exit 1; }

echo
echo "== 1. FOCUS validation of the bundled sample"
"$BIN" validate --allow-warnings --samples 2 examples/demo/focus-1.3-cost-and-usage-aws.csv.gz || true

echo
echo "== 2. finops-operator local examples/local/ --data-dir $DATA"
mkdir -p "$DATA"
"$BIN" local examples/local/ --data-dir "$DATA" --listen "127.0.0.1:$PORT" --keep-running --progress lines >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until grep -q "Still serving" "$LOG"; do
    if ! kill -0 $PID 2>/dev/null; then
        cat "$LOG"
        echo "local mode stopped: a pipeline failed (see above)" >&2
        exit 1
    fi
    sleep 0.2
done
sed '/Still serving/d' "$LOG"

DB="$DATA/finops_finops-db.sqlite"
echo
echo "== 3. Where to look"
echo "\$ curl -s http://127.0.0.1:$PORT/finops/aws-focus/metrics | grep -m 3 '^billed_cost'"
{ curl -s "http://127.0.0.1:$PORT/finops/aws-focus/metrics" || true; } | grep -m 3 '^billed_cost' || true
echo
QUERY="SELECT ServiceName, ROUND(SUM(BilledCost), 2) AS billed FROM focus_aws GROUP BY 1 ORDER BY 2 DESC LIMIT 5"
echo "\$ sqlite3 $DB \"$QUERY\""
if command -v sqlite3 >/dev/null; then
    sqlite3 -header -column "$DB" "$QUERY"
else
    python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]): print(*row, sep="  ")' "$DB" "$QUERY"
fi
echo
PARQUET="$DATA/s3/finops-focus/aws/version=focus-1.3"
PQUERY="SELECT strftime(ChargePeriodStart, '%Y-%m') AS month, COUNT(*) AS rows, ROUND(SUM(BilledCost), 2) AS billed
FROM read_parquet('$PARQUET/**/*.parquet', hive_partitioning = true) GROUP BY 1 ORDER BY 1"
echo "\$ duckdb -c \"$PQUERY\""
PYTHON=${PYTHON:-$( [ -x .venv-ci/bin/python ] && echo .venv-ci/bin/python || echo python3 )}
if "$PYTHON" -c 'import duckdb' 2>/dev/null; then
    "$PYTHON" -c 'import duckdb,sys; print(duckdb.sql(sys.argv[1]))' "$PQUERY"
else
    echo "(DuckDB is not installed here: pip install duckdb, then run the query above;"
    echo " the files: $(find "$PARQUET" -name '*.parquet' | wc -l) Parquet files under $PARQUET)"
fi

echo
echo "== 4. The README's picture: billed cost by service and day"
PNG=docs/images/cost-by-service.png
# matplotlib from the CI venv, python3 on the PATH, or Debian's python3-matplotlib (only /usr/bin/python3 sees that)
plot_python() {
    local candidate
    for candidate in "$PYTHON" python3 /usr/bin/python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import matplotlib' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}
PLOT_PYTHON=$(plot_python) || PLOT_PYTHON=""
if [ -z "$PLOT_PYTHON" ] && command -v apt-get >/dev/null && [ "${DEMO_PLOT:-}" != 0 ] \
    && { [ "${DEMO_PLOT:-}" = 1 ] || [ "$(id -u)" -eq 0 ]; }; then
    echo "installing python3-matplotlib (apt-get)…"
    SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
    { $SUDO apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-matplotlib >/dev/null; } \
        || echo "installing python3-matplotlib failed" >&2
    PLOT_PYTHON=$(plot_python) || PLOT_PYTHON=""
fi
if [ -z "$PLOT_PYTHON" ]; then
    echo "(matplotlib is not installed here: DEMO_PLOT=1 make demo installs python3-matplotlib with sudo apt-get;"
    echo " or pip install matplotlib, then: python3 examples/demo/plot.py $DB $PNG)"
else
    mkdir -p "$(dirname "$PNG")"
    echo "\$ $PLOT_PYTHON examples/demo/plot.py $DB $PNG"
    if "$PLOT_PYTHON" examples/demo/plot.py "$DB" "$PNG"; then
        echo "The picture: $PWD/$PNG ($(wc -c <"$PNG") bytes)"
    else
        echo "plot.py failed (see above); $PNG is not redrawn" >&2
    fi
fi

echo
echo "Results are in $DATA; the exporters' index: curl -s http://127.0.0.1:$PORT/"
echo "make demo took $(( $(date +%s) - started )) s."
if [ "${DEMO_KEEP:-0}" = 1 ]; then
    echo "Exporters serving on 127.0.0.1:$PORT (pid $PID); Ctrl-C to stop."
    wait $PID
fi
