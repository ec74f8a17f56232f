#!/usr/bin/env bash
# make bench (sources part): a synthetic Kubecost Allocation API answer (BENCH_SOURCE_STEPS sets × BENCH_SOURCE_PODS
# pods, plus an __idle__ allocation per node and set; bench/sources/kubecost_payload.py) converted into FOCUS 1.3 CSV
# by `finops-operator convert --from kubecost-allocation` (JSON parse + mapping + CSV), against Python's json.load of
# the same file in the same run (parsing alone: the floor of any Python mapper). Prints allocations/s, FOCUS rows/s,
# CPU seconds, peak RSS and the CPU ratio. Then, the same way, a Kubecost Assets answer (BENCH_SOURCE_ASSETS assets)
# and a Cast AI workload-costs report (BENCH_SOURCE_CASTAI workloads × 24 hourly steps × 3 tiers), each against
# json.load of its file, and the cluster-native allocation of one interval over BENCH_SOURCE_NODES nodes × 100 pods
# (`finops-bench cluster`; no peer: nothing else computes it).
#
#   BENCH_SOURCE_STEPS=10     sets (steps) in the answer
#   BENCH_SOURCE_PODS=10000   pod allocations per set (10 × 10,000 + idle = 103,330 allocations, 131 MB)
#   BENCH_SOURCE_ASSETS=100000, BENCH_SOURCE_CASTAI=5000, BENCH_SOURCE_NODES=1000
#   FINOPS_BIN=PATH           a release build of finops-operator to use instead of building one
#   BENCH_BIN=PATH            a release build of FinOpsBench likewise
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
STEPS=${BENCH_SOURCE_STEPS:-10}
PODS=${BENCH_SOURCE_PODS:-10000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ -z "${FINOPS_BIN:-}" ]; then
  echo "building finops-operator (release) ..." >&2
  swift build -c release --product finops-operator >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
  FINOPS_BIN="$(swift build -c release --show-bin-path)/finops-operator"
fi
if [ -z "${BENCH_BIN:-}" ]; then
  swift build -c release --product FinOpsBench >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
  BENCH_BIN="$(swift build -c release --show-bin-path)/FinOpsBench"
fi

python3 bench/sources/kubecost_payload.py "$out/allocation.json" "$STEPS" "$PODS"
allocations=$(python3 -c 'import json, sys; print(sum(len(s) for s in json.load(open(sys.argv[1]))["data"]))' \
  "$out/allocation.json")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); answer: $allocations allocations," \
  "$(($(stat -c %s "$out/allocation.json") / 1000000)) MB" >&2

/usr/bin/time -f "%e %U %S %M" -o "$out/ours.time" "$FINOPS_BIN" convert --from kubecost-allocation \
  "$out/allocation.json" "$out/allocation.csv" >"$out/ours.log"
rows=$(($(wc -l <"$out/allocation.csv") - 1))
/usr/bin/time -f "%e %U %S %M" -o "$out/python.time" python3 -c 'import json, sys; json.load(open(sys.argv[1]))' \
  "$out/allocation.json"

python3 - "$out/ours.time" "$out/python.time" "$allocations" "$rows" <<'PY'
import sys
def figures(path):
    wall, user, system, rss = open(path).read().split()
    return float(user) + float(system), int(rss) / 1024
(ours, ours_rss), (python, python_rss) = figures(sys.argv[1]), figures(sys.argv[2])
allocations, rows = int(sys.argv[3]), int(sys.argv[4])
print(f"{'':44s} {'CPU-s':>7s} {'peak RSS MB':>12s} {'allocations/s':>14s} {'FOCUS rows/s':>13s}")
print(f"{'finops-operator convert --from (parse+map+CSV)':44s} {ours:7.2f} {ours_rss:12.0f} "
      f"{allocations / ours:14,.0f} {rows / ours:13,.0f}")
print(f"{'python json.load (parse only)':44s} {python:7.2f} {python_rss:12.0f} {allocations / python:14,.0f} {'-':>13s}")
print(f"ratio of CPU to Python's parse alone: {ours / python:.2f}x; {rows} rows from {allocations} allocations")
PY

# The other answers: our convert --from against json.load of the same file.
other() { # kind file items-label items
  local kind=$1 file=$2 label=$3 items=$4
  /usr/bin/time -f "%e %U %S %M" -o "$out/o.time" "$FINOPS_BIN" convert --from "$kind" "$file" "$out/o.csv" >/dev/null 2>&1
  local rows=$(($(wc -l <"$out/o.csv") - 1))
  /usr/bin/time -f "%e %U %S %M" -o "$out/p.time" python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$file"
  python3 - "$out/o.time" "$out/p.time" "$kind" "$label" "$items" "$rows" <<'PY'
import sys
def cpu(path):
    wall, user, system, rss = open(path).read().split()
    return float(user) + float(system), int(rss) / 1024
(ours, rss), (python, _) = cpu(sys.argv[1]), cpu(sys.argv[2])
kind, label, items, rows = sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
print(f"convert --from {kind}: {items} {label} -> {rows} rows in {ours:.2f} CPU-s ({rows / ours:,.0f} FOCUS rows/s, "
      f"{rss:.0f} MB peak); python json.load {python:.2f} CPU-s; ratio {ours / python:.2f}x")
PY
}
python3 bench/sources/more_payloads.py assets "$out/assets.json" "${BENCH_SOURCE_ASSETS:-100000}"
other kubecost-assets "$out/assets.json" assets "${BENCH_SOURCE_ASSETS:-100000}"
python3 bench/sources/more_payloads.py castai "$out/castai.json" "${BENCH_SOURCE_CASTAI:-5000}" 24
other castai-workload-costs "$out/castai.json" workloads "${BENCH_SOURCE_CASTAI:-5000}"
"$BENCH_BIN" cluster --nodes "${BENCH_SOURCE_NODES:-1000}" --pods-per-node 100 >"$out/cluster.txt"
awk -F= '{ v[$1] = $2 } END { printf "cluster-native (weighted): %s pods -> %s rows in %.2f CPU-s (%s FOCUS rows/s, %s MiB peak); no peer\n", v["pods"], v["rows"], v["cpu_seconds"], v["rows_per_second"], v["peak_rss_mib"] }' "$out/cluster.txt"
