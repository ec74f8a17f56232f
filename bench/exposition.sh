#!/usr/bin/env bash
# make bench (exposition part): the CPU and memory of building one Prometheus exposition body of BENCH_SERIES
# series × 20 FOCUS labels, in Swift (gzip body, the exporter's design, and plain-text body) and with Python's
# prometheus_client in the same run, plus the recorded Go figures (Go is not installed here). Prints a table.
#
#   BENCH_SERIES=1000000   series (rows) per body
#   BENCH_REPEAT=3         runs of each Swift variant; the table shows the one with the least CPU (this machine is
#                          shared: CPU time of one run rises by up to a third with the load of the others)
#   BENCH_PYTHON=1         0 skips the Python peer (about 2.5 min and 5 GB of memory at 1M series)
#   VENV=.venv-ci          the venv with prometheus_client (installed into it when missing)
#
# CPU is user+system time of the building (label values generated on the fly included: both sides print the
# generation alone as gen_cpu_seconds). Memory is the peak resident set during the build minus the resident set
# before it, per series. The Swift variants: gzip body with duplicates reported (the streaming path), gzip body
# with duplicates summed (what the exporter's cost gauge uses: values are staged until the family ends), and the
# plain-text body (like the Go renderer's). The load average is printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${BENCH_SERIES:-1000000}
REPEAT=${BENCH_REPEAT:-3}
VENV=${VENV:-$PWD/.venv-ci}
GO_STDLIB_CPU=13.4   # PLATFORM-FACTS.md: Go stdlib-only renderer, 1M series × 20 labels, 1.5 GB
GO_CLIENT_CPU=63.9   # PLATFORM-FACTS.md: Go client_golang
OUT=$(mktemp -d /tmp/bench-exposition.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

if ! swift build -c release --product FinOpsBench >"$OUT/build.log" 2>&1; then
  echo "release build of FinOpsBench failed:" >&2; tail -20 "$OUT/build.log" >&2; exit 1
fi
BIN="$(swift build -c release --show-bin-path)/FinOpsBench"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# swift NAME ARGS...: runs the Swift side REPEAT times, keeps the run with the least CPU in $OUT/NAME.
swift_runs() {
  local name=$1; shift
  for i in $(seq 1 "$REPEAT"); do
    "$BIN" exposition --series "$N" "$@" >"$OUT/$name.$i"
    echo "  $name run $i: $(awk -F= '$1 == "cpu_seconds" { print $2 " CPU-s" }' "$OUT/$name.$i")"
  done
  local best; best=$(for i in $(seq 1 "$REPEAT"); do
    echo "$(awk -F= '$1 == "cpu_seconds" { print $2 }' "$OUT/$name.$i") $i"; done | sort -n | head -1 | cut -d' ' -f2)
  cp "$OUT/$name.$best" "$OUT/$name"
}
swift_runs swift-gzip --encoding gzip
swift_runs swift-gzip-sum --encoding gzip --duplicates sum
swift_runs swift-identity --encoding identity
if [ "${BENCH_PYTHON:-1}" != 0 ]; then
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -c 'import prometheus_client' 2>/dev/null || "$VENV/bin/pip" install -q prometheus_client
  "$VENV/bin/python" bench/exposition/prometheus_client_peer.py --series "$N" >"$OUT/python"
fi
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

get() { awk -F= -v k="$2" '$1 == k { print $2 }' "$OUT/$1" 2>/dev/null; }
row() { # name file
  [ -s "$OUT/$2" ] || return 0
  awk -v name="$1" -v cpu="$(get "$2" cpu_seconds)" -v build="$(get "$2" build_cpu_seconds)" \
      -v rss="$(get "$2" peak_rss_bytes)" -v per="$(get "$2" bytes_per_series)" -v body="$(get "$2" body_bytes)" \
      -v gz="$(get "$2" gzip_bytes)" 'BEGIN {
        printf "%-34s %9.2f %11.2f %10.0f %9d %9.0f %9s\n", name, cpu, build, rss / 1048576, per, body / 1048576,
          (gz == "" || gz == 0) ? "-" : sprintf("%.0f", gz / 1048576) }'
}
echo
echo "exposition body, $N series x 20 labels (Swift: least CPU of $REPEAT runs)"
printf "%-34s %9s %11s %10s %9s %9s %9s\n" "" "cpu s" "w/o gen s" "peak MiB" "B/series" "text MiB" "gzip MiB"
row "Swift, gzip body" swift-gzip
row "Swift, gzip body, sums duplicates" swift-gzip-sum
row "Swift, plain-text body" swift-identity
row "Python prometheus_client" python
printf "%-34s %9s\n" "Go stdlib-only renderer (recorded)" "$GO_STDLIB_CPU"
printf "%-34s %9s\n" "Go client_golang (recorded)" "$GO_CLIENT_CPU"
if [ -s "$OUT/python" ]; then
  printf "%-34s %9s %11s %10s %9s %9s %9s\n" "Python zlib -1 of that text" "$(get python zlib1_cpu_seconds)" "" "" "" "" \
    "$(awk -v b="$(get python zlib1_bytes)" 'BEGIN { printf "%.0f", b / 1048576 }')"
fi
echo
awk -v gz="$(get swift-gzip cpu_seconds)" -v id="$(get swift-identity cpu_seconds)" -v py="$(get python cpu_seconds)" \
    -v go="$GO_STDLIB_CPU" -v per="$(get swift-gzip bytes_per_series)" -v sum="$(get swift-gzip-sum bytes_per_series)" \
    -v plain="$(get swift-identity bytes_per_series)" -v n="$N" 'BEGIN {
  scale = n / 1000000
  printf "Swift gzip CPU vs Go stdlib (recorded 13.4 s at 1M, scaled to %d): %.2fx (target <= 0.33x)\n", n, gz / (go * scale)
  printf "Swift plain-text CPU vs Go stdlib:                                %.2fx\n", id / (go * scale)
  if (py != "") printf "Swift gzip CPU / Python CPU:                                      1/%.0f\n", py / gz
  if (py != "") printf "Swift plain-text CPU / Python CPU:                                1/%.0f\n", py / id
  printf "Swift gzip body, peak memory per series:                          %d B (target <= 400 B)\n", per
  printf "Swift gzip body summing duplicates, peak memory per series:       %d B\n", sum
  printf "Swift plain-text body, peak memory per series:                    %d B\n", plain
}'
if [ -s "$OUT/python" ] && [ "$(get swift-gzip values_crc32)" != "$(get python values_crc32)" ]; then
  echo "WARNING: the Swift and Python generators disagree (values_crc32 $(get swift-gzip values_crc32) vs $(get python values_crc32))"
fi
