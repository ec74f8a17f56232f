#!/usr/bin/env bash
# Tests/Image/image-check.sh: builds the container image with image/build.sh (no Docker) from the debug binary and
# checks it: the configuration (non-root user 65532, the entrypoint, no secrets in Env, labels), the layout (blob
# digests, layer diff_ids, a docker-archive manifest.json), the root filesystem (owners, modes, CA bundle, no shell),
# and that the binary runs in it as 65532 with nothing from the host: validate (CSV and gzip), convert to Parquet
# (zstd, snappy), exporter --once. The root filesystem is run chroot'ed in its own mount and PID namespaces with
# /proc mounted, as a container runtime would (the Swift runtime reads its arguments from /proc/self/cmdline).
#
# Needs root (mmdebstrap, umoci unpack, chroot). Environment: IMAGE_BINARY (default .build/debug/finops-operator),
# IMAGE_CACHE (cached base layers, default .build-image/cache: the first run takes a minute or two more).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${IMAGE_BINARY:-$REPO/.build/debug/finops-operator}
export IMAGE_CACHE=${IMAGE_CACHE:-$REPO/.build-image/cache}
START=$(date +%s)
failures=0 passes=0
ok() { echo "ok - $*"; passes=$((passes + 1)); }
notok() { echo "not ok - $*"; failures=$((failures + 1)); }
check() { # check DESCRIPTION COMMAND...: ok when the command succeeds
    local what=$1
    shift
    if "$@" >"$TMP/check.log" 2>&1; then ok "$what"; else notok "$what"; sed 's/^/#   /' "$TMP/check.log" | tail -20; fi
}
finish() {
    echo "# $passes passed, $failures failed, $(($(date +%s) - START)) s"
    echo "$passes passed, $failures failed"
    ((failures == 0))
}

[[ $(id -u) -eq 0 ]] || { echo "not ok - needs root (mmdebstrap, umoci unpack, chroot)"; exit 1; }
[[ -x $BIN ]] || { echo "not ok - no binary at $BIN (make build, or set IMAGE_BINARY)"; exit 1; }
TMP=$(mktemp -d /tmp/image-check.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# --- build ------------------------------------------------------------------------------------------------------
if IMAGE_BINARY=$BIN IMAGE_OUT=$TMP/out "$REPO/image/build.sh" >"$TMP/build.log" 2>&1; then
    ok "image/build.sh built $TMP/out/image.tar from $BIN ($(($(date +%s) - START)) s)"
    sed -n 's/^/#   /p' "$TMP/build.log" | grep -v '^#   \[image' || true
else
    notok "image/build.sh"
    sed 's/^/#   /' "$TMP/build.log" | tail -40
    finish
fi
LAYOUT=$TMP/out/oci

# --- configuration ------------------------------------------------------------------------------------------------
blob() { echo "$LAYOUT/blobs/${1/://}"; }
MANIFEST=$(blob "$(jq -r '.manifests[0].digest' "$LAYOUT/index.json")")
CONFIG=$(blob "$(jq -r '.config.digest' "$MANIFEST")")
check "index.json: one manifest tagged latest, named for containerd/Docker" jq -e '(.manifests | length) == 1
    and .manifests[0].annotations["org.opencontainers.image.ref.name"] == "latest"
    and (.manifests[0].annotations["io.containerd.image.name"] | test("finops-operator:latest$"))' "$LAYOUT/index.json"
check "config: user 65532:65532 (non-root)" jq -e '.config.User == "65532:65532"' "$CONFIG"
check "config: entrypoint [/usr/local/bin/finops-operator], cmd [run]" \
    jq -e '.config.Entrypoint == ["/usr/local/bin/finops-operator"] and .config.Cmd == ["run"]' "$CONFIG"
check "config: no secret in Env ($(jq -c '[.config.Env[]? | sub("=.*"; "")]' "$CONFIG"))" jq -e '[.config.Env[]?
    | select(test("^[^=]*(PASSW|SECRET|TOKEN|API_?KEY|ACCESS_KEY|CREDENTIAL|PRIVATE|AUTH)"; "i"))] | length == 0' "$CONFIG"
check "config: OCI labels title, source, version, revision, created" jq -e '.config.Labels as $l
    | ["title", "source", "version", "revision", "created"] | all(. as $k | $l["org.opencontainers.image." + $k] | length > 0)' "$CONFIG"
check "config: linux/amd64 or the host's architecture, diff_ids for each layer" jq -e --slurpfile m "$MANIFEST" \
    '.os == "linux" and (.rootfs.diff_ids | length) == ($m[0].layers | length)' "$CONFIG"

# --- layout integrity: what skopeo, podman and docker check when they load it ----------------------------------------
digests_ok() {
    local f d
    for f in "$LAYOUT"/blobs/sha256/*; do
        d=$(sha256sum "$f" | cut -d' ' -f1)
        [[ $d == "$(basename "$f")" ]] || { echo "blob $(basename "$f") has digest $d"; return 1; }
    done
}
diff_ids_ok() {
    local i=0 layer want got
    for layer in $(jq -r '.layers[].digest' "$MANIFEST"); do
        want=$(jq -r ".rootfs.diff_ids[$i]" "$CONFIG")
        got=sha256:$(gzip -dc "$(blob "$layer")" | sha256sum | cut -d' ' -f1)
        [[ $got == "$want" ]] || { echo "layer $i: diff_id $want, content $got"; return 1; }
        i=$((i + 1))
    done
}
check "every blob matches its digest" digests_ok
check "every layer's content matches its diff_id" diff_ids_ok
check "image.tar: OCI layout (oci-layout, index.json, blobs) and docker-archive manifest.json" bash -c '
    tar -tf "$1" | grep -qx oci-layout && tar -tf "$1" | grep -qx index.json && tar -xOf "$1" manifest.json |
    jq -e ".[0].RepoTags == [\"finops-operator:latest\"] and (.[0].Layers | length) == 2"' _ "$TMP/out/image.tar"

# --- root filesystem ------------------------------------------------------------------------------------------------
if umoci unpack --image "$LAYOUT:latest" "$TMP/bundle" >"$TMP/out.unpack" 2>&1; then
    ok "umoci unpack"
else
    notok "umoci unpack"; sed 's/^/#   /' "$TMP/out.unpack" | tail -20; finish
fi
ROOT=$TMP/bundle/rootfs
check "rootfs: /usr/local/bin/finops-operator owned by root, mode 0755" \
    test "$(stat -c '%u:%g %a' "$ROOT/usr/local/bin/finops-operator")" = "0:0 755"
check "rootfs: /etc/passwd has nonroot 65532" grep -qx 'nonroot:x:65532:65532:.*' "$ROOT/etc/passwd"
check "rootfs: no setuid/setgid files, nothing world-writable but /tmp" bash -c '
    [[ -z $(find "$1" -xdev \( -perm -4000 -o -perm -2000 -o \( -perm -0002 ! -type l ! -path "$1/tmp" \) \) -print) ]]' _ "$ROOT"
check "rootfs: no shell or package manager (/bin/sh, apt, dpkg)" bash -c '
    ! ls "$1"/usr/bin/{sh,bash,dash,apt,apt-get,dpkg} 2>/dev/null | grep -q .' _ "$ROOT"
check "rootfs: CA bundle with the Debian roots" bash -c \
    '(( $(grep -c "BEGIN CERTIFICATE" "$1/etc/ssl/certs/ca-certificates.crt") > 100 ))' _ "$ROOT"
check "rootfs: /var/lib/dpkg/status lists the packages (for image scanners)" grep -q '^Package: libc6$' \
    "$ROOT/var/lib/dpkg/status"
check "rootfs: data directory /var/lib/finops-operator belongs to 65532" \
    test "$(stat -c '%u:%g' "$ROOT/var/lib/finops-operator")" = "65532:65532"

# --- the binary runs in it, as 65532, with nothing from the host ----------------------------------------------------
cp "$REPO/examples/demo/focus-1.3-contract-commitment-aws.csv" "$ROOT/sample.csv"
cp "$REPO/examples/demo/focus-1.3-cost-and-usage-aws.csv.gz" "$ROOT/sample.csv.gz"
mkdir -p "$ROOT/work" && chown 65532:65532 "$ROOT/work"
# The configuration's environment only (env -i), as in a container; the image has no env of its own.
mapfile -t image_env < <(jq -r '.config.Env[]?' "$CONFIG")
in_image() {
    unshare --mount --pid --fork --kill-child --mount-proc="$ROOT/proc" \
        env -i "${image_env[@]}" chroot --userspec=65532:65532 "$ROOT" /usr/local/bin/finops-operator "$@"
}
check "runs: finops-operator --help" in_image --help
APP_VERSION=$(awk '/^appVersion:/ { gsub(/"/, "", $2); print $2 }' "$REPO/charts/finops-operator/Chart.yaml")
version_is_the_charts() { [ "$(in_image --version)" = "$APP_VERSION" ]; }
check "runs: finops-operator --version says the chart's appVersion ($APP_VERSION)" version_is_the_charts
check "runs: validate /sample.csv (FOCUS 1.3 Contract Commitment)" in_image validate /sample.csv
check "runs: validate --allow-warnings /sample.csv.gz (zlib)" in_image validate --allow-warnings /sample.csv.gz
check "runs: convert to Parquet, zstd (libzstd)" in_image convert /sample.csv.gz /work/zstd.parquet --compression zstd
check "runs: convert to Parquet, snappy (libsnappy, libstdc++)" \
    in_image convert /sample.csv.gz /work/snappy.parquet --compression snappy
check "runs: validate --allow-warnings /work/zstd.parquet" in_image validate --allow-warnings /work/zstd.parquet
check "runs: exporter --once on file:///sample.csv.gz" in_image exporter --source file:///sample.csv.gz --once
check "runs: run --help" in_image run --help

# --- sizes ----------------------------------------------------------------------------------------------------------
compressed=$(jq '[.layers[].size] | add' "$MANIFEST")
echo "# compressed (sum of the gzip layers, what a registry stores): $(awk -v b="$compressed" \
    'BEGIN { printf "%.1f MB (%.1f MiB)", b / 1e6, b / 1048576 }'), layers: $(jq -c '[.layers[].size]' "$MANIFEST")"
finish
