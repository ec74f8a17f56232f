#!/usr/bin/env bash
# make bench (exposition part): the CPU and memory of building one Prometheus exposition body of BENCH_SERIES
# series × 20 FOCUS labels, in Swift (gzip body, the exporter's design, and plain-text body) and, in the same run,
# with an exporter written with Go's standard library only (bench/exposition/go_stdlib_peer, Debian's golang-go,
# installed when missing) and with Python's prometheus_client. Prints a table and the ratios.
#
#   BENCH_SERIES=1000000   series (rows) per body
#   BENCH_REPEAT=3         runs of each Swift variant and Go peer; the table shows the one with the least CPU (this machine is
#                          shared: CPU time of one run rises by up to a third with the load of the others)
#   BENCH_PYTHON=1         0 skips the Python peer (about 2.5 min and 5 GB of memory at 1M series)
#   BENCH_GO=1             0 skips the Go peer (then the ratios use the Go figure recorded in PLATFORM-FACTS.md)
#   VENV=.venv-ci          the venv with prometheus_client (installed into it when missing)
#
# CPU is user+system time of the building (label values generated on the fly included: both sides print the
# generation alone as gen_cpu_seconds). Memory is the peak resident set during the build minus the resident set
# before it, per series. The Swift variants: gzip body with duplicates reported (the streaming path), gzip body
# with duplicates summed (what the exporter's cost gauge uses: values are staged until the family ends), and the
# plain-text body. The Go peer runs twice, with a plain-text body and with a gzip body at BestSpeed, and the least
# CPU of REPEAT runs of each is kept like the Swift side's. The load average is printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${BENCH_SERIES:-1000000}
REPEAT=${BENCH_REPEAT:-3}
VENV=${VENV:-$PWD/.venv-ci}
GO_RECORDED_CPU=13.4   # PLATFORM-FACTS.md: Go stdlib-only renderer, 1M series × 20 labels, 1.5 GB
GO_CLIENT_CPU=63.9     # PLATFORM-FACTS.md: Go client_golang (not measured here: no module proxy for its source)
OUT=$(mktemp -d /tmp/bench-exposition.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

if ! swift build -c release --product FinOpsBench >"$OUT/build.log" 2>&1; then
  echo "release build of FinOpsBench failed:" >&2; tail -20 "$OUT/build.log" >&2; exit 1
fi
BIN="$(swift build -c release --show-bin-path)/FinOpsBench"
if [ "${BENCH_GO:-1}" != 0 ]; then
  command -v go >/dev/null || { echo "installing golang-go (apt-get)…" >&2; SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq golang-go >/dev/null; }
  GOCACHE="$OUT/gocache" GOPATH="$OUT/gopath" go build -o "$OUT/go-peer" bench/exposition/go_stdlib_peer/main.go
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# runs NAME COMMAND...: runs a side REPEAT times, keeps the run with the least CPU in $OUT/NAME.
runs() {
  local name=$1; shift
  for i in $(seq 1 "$REPEAT"); do
    "$@" >"$OUT/$name.$i"
    echo "  $name run $i: $(awk -F= '$1 == "cpu_seconds" { print $2 " CPU-s" }' "$OUT/$name.$i")"
  done
  local best; best=$(for i in $(seq 1 "$REPEAT"); do
    echo "$(awk -F= '$1 == "cpu_seconds" { print $2 }' "$OUT/$name.$i") $i"; done | sort -n | head -1 | cut -d' ' -f2)
  cp "$OUT/$name.$best" "$OUT/$name"
}
runs swift-gzip "$BIN" exposition --series "$N" --encoding gzip
runs swift-gzip-sum "$BIN" exposition --series "$N" --encoding gzip --duplicates sum
runs swift-identity "$BIN" exposition --series "$N" --encoding identity
if [ -x "$OUT/go-peer" ]; then
  runs go-identity "$OUT/go-peer" -series "$N"
  runs go-gzip "$OUT/go-peer" -series "$N" -gzip
fi
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
row "Go stdlib, gzip body (sums dup.)" go-gzip
row "Go stdlib, plain-text body" go-identity
printf "%-34s %9s\n" "Go stdlib-only renderer (recorded)" "$GO_RECORDED_CPU"
printf "%-34s %9s\n" "Go client_golang (recorded)" "$GO_CLIENT_CPU"
if [ -s "$OUT/python" ]; then
  printf "%-34s %9s %11s %10s %9s %9s %9s\n" "Python zlib -1 of that text" "$(get python zlib1_cpu_seconds)" "" "" "" "" \
    "$(awk -v b="$(get python zlib1_bytes)" 'BEGIN { printf "%.0f", b / 1048576 }')"
fi
echo
awk -v gz="$(get swift-gzip cpu_seconds)" -v gzsum="$(get swift-gzip-sum cpu_seconds)" \
    -v id="$(get swift-identity cpu_seconds)" -v py="$(get python cpu_seconds)" \
    -v gogz="$(get go-gzip cpu_seconds)" -v goid="$(get go-identity cpu_seconds)" -v rec="$GO_RECORDED_CPU" \
    -v per="$(get swift-gzip bytes_per_series)" -v sum="$(get swift-gzip-sum bytes_per_series)" \
    -v plain="$(get swift-identity bytes_per_series)" -v n="$N" 'BEGIN {
  if (gogz != "") {
    printf "Swift gzip CPU summing duplicates / Go stdlib gzip (same run):    %.2fx (target <= 0.33x)\n", gzsum / gogz
    printf "Swift gzip CPU / Go stdlib gzip (same run):                       %.2fx (target <= 0.33x)\n", gz / gogz
    printf "Swift plain-text CPU / Go stdlib plain text (same run):           %.2fx\n", id / goid
  }
  scale = n / 1000000
  printf "Swift gzip CPU summing duplicates / Go recorded (13.4 s at 1M):   %.2fx\n", gzsum / (rec * scale)
  if (py != "") printf "Swift gzip CPU / Python CPU:                                      1/%.0f\n", py / gz
  if (py != "") printf "Swift plain-text CPU / Python CPU:                                1/%.0f\n", py / id
  printf "Swift gzip body, peak memory per series:                          %d B (target <= 400 B)\n", per
  printf "Swift gzip body summing duplicates, peak memory per series:       %d B (target <= 400 B)\n", sum
  printf "Swift plain-text body, peak memory per series:                    %d B\n", plain
}'
for peer in python go-gzip; do
  if [ -s "$OUT/$peer" ] && [ "$(get swift-gzip values_crc32)" != "$(get "$peer" values_crc32)" ]; then
    echo "WARNING: the Swift and $peer generators disagree (values_crc32 $(get swift-gzip values_crc32) vs $(get "$peer" values_crc32))"
  fi
done
