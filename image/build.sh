#!/usr/bin/env bash
# image/build.sh: the operator's OCI image without Docker (`make image`).
#
# The runtime root filesystem is made of Debian packages with mmdebstrap: the packages that own the shared
# libraries the binary links (found with ldd and dpkg -S), plus base-files and ca-certificates; only their files
# are kept (no maintainer-script helpers such as openssl, debconf or mawk), without docs, man pages, gconv modules,
# apt or dpkg state (one /var/lib/dpkg/status says which packages and versions are inside, for image scanners).
# It is cached in $IMAGE_OUT/cache/ by a hash of the package list and of this recipe.
# umoci then stacks two layers, the base and the application (the binary, and for a binary dynamically linked
# against libraries that no Debian package has, e.g. the Swift runtime of a debug build, those libraries where the
# binary's RUNPATH finds them), sets the configuration (user 65532, entrypoint, labels), and the layout is written
# as one tarball that `skopeo copy oci-archive:`, `podman load` and `docker load` accept (it also carries a
# docker-archive manifest.json).
#
# Environment:
#   IMAGE_BINARY   the binary to package (default: a release build with the Swift runtime linked in statically,
#                  `swift build -c release --static-swift-stdlib --scratch-path .build-release`)
#   IMAGE_OUT      output directory (default .build-image/): oci/ (the OCI layout), image.tar, cache/
#   IMAGE_CACHE    where the base layers are cached (default $IMAGE_OUT/cache)
#   IMAGE_NAME     image name for docker/podman (default finops-operator:latest); the layout's tag is its tag
#   IMAGE_VERSION  org.opencontainers.image.version (default: the chart's appVersion)
#   IMAGE_STRIP    1 (default): strip the binary (and copied libraries); 0 keeps symbols
#   IMAGE_SUITE    Debian suite of the runtime packages (default bookworm: the suite the binary was linked on)
#   IMAGE_MIRROR   Debian mirror for mmdebstrap (default: its own, deb.debian.org plus updates and security)
#   IMAGE_EXTRA_PACKAGES  more Debian packages for the runtime (space separated), e.g. tzdata
#   IMAGE_REFRESH  1: rebuild the cached base layer (to pick up Debian security updates)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${IMAGE_OUT:-$REPO/.build-image}
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
IMAGE_NAME=${IMAGE_NAME:-finops-operator:latest}
if [[ ${IMAGE_NAME##*/} == *:* ]]; then TAG=${IMAGE_NAME##*:} NAME=${IMAGE_NAME%:*}; else TAG=latest NAME=$IMAGE_NAME; fi
STRIP=${IMAGE_STRIP:-1}
SUITE=${IMAGE_SUITE:-bookworm}
SWIFT=${SWIFT:-swift}
BIN_DEST=/usr/local/bin/finops-operator
FALLBACK_LIBDIR=/usr/local/lib/finops-operator
# Base packages beyond the binary's libraries: /etc/os-release and friends, and the CA bundle NIOSSL reads
# (/etc/ssl/certs/ca-certificates.crt) for HTTPS sources, S3 and PostgreSQL TLS. Time zones are not needed:
# Foundation resolves zone names through its own ICU data.
BASE_PACKAGES=(base-files ca-certificates)
WORK=$OUT/work
START=$(date +%s)

say() { printf '[image %4ss] %s\n' "$(($(date +%s) - START))" "$*"; }
die() { echo "image/build.sh: $*" >&2; exit 1; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB (%.1f MiB)", b / 1e6, b / 1048576 }'; }

[[ $(id -u) -eq 0 ]] || die "needs root (mmdebstrap --mode=root, file ownership in the layers)"

# --- tools ------------------------------------------------------------------------------------------------------
missing=()
for tool in mmdebstrap:mmdebstrap umoci:umoci jq:jq readelf:binutils strip:binutils; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if ((${#missing[@]})); then
    say "installing ${missing[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- the binary ---------------------------------------------------------------------------------------------------
if [[ -z ${IMAGE_BINARY:-} ]]; then
    say "release build (swift build -c release --static-swift-stdlib --scratch-path .build-release)"
    (cd "$REPO" && nice -n 19 "$SWIFT" build -c release --static-swift-stdlib --product finops-operator \
        --scratch-path "$REPO/.build-release")
    IMAGE_BINARY=$REPO/.build-release/release/finops-operator
fi
[[ -x $IMAGE_BINARY ]] || die "IMAGE_BINARY $IMAGE_BINARY is not an executable"
IMAGE_BINARY=$(realpath "$IMAGE_BINARY")

rm -rf "$WORK" && mkdir -p "$WORK/app/usr/local/bin"
APP=$WORK/app
cp "$IMAGE_BINARY" "$APP$BIN_DEST"
[[ $STRIP == 1 ]] && strip "$APP$BIN_DEST"
chmod 0755 "$APP$BIN_DEST"
say "binary $IMAGE_BINARY: $(mb "$(stat -c %s "$APP$BIN_DEST")")$([[ $STRIP == 1 ]] && echo ' stripped')"

# --- its libraries: Debian packages, or copied ------------------------------------------------------------------
# ldd gives the whole closure with the host's paths. A library owned by a Debian package brings its package into
# the base; any other one is copied into the application layer.
owners() { # owners PATH... -> "PATH PACKAGE" for each path that a Debian package has (one dpkg-query for all)
    command -v dpkg-query >/dev/null || return 0
    local p r c
    declare -A alias=()
    for p in "$@"; do
        r=$(realpath "$p")
        for c in "$p" "$r" "${p#/usr}" "/usr$p" "${r#/usr}" "/usr$r"; do alias[$c]=$p; done
    done
    dpkg-query -S "${!alias[@]}" 2>/dev/null | while IFS= read -r line; do
        c=${line#*: } pkg=${line%%: *}
        if [[ -n ${alias[$c]:-} ]]; then echo "${alias[$c]} ${pkg%%:*}"; fi
    done | sort -u
}
runpaths() { # runpaths ELF -> one RUNPATH/RPATH entry per line
    readelf -d "$1" 2>/dev/null | sed -n 's/.*(R\(UN\)\{0,1\}PATH).*\[\(.*\)\]$/\2/p' | tr ':' '\n' | grep . || true
}

declare -A want_pkg=() foreign=()
ldd_out=$(ldd "$IMAGE_BINARY" 2>&1) || true
if grep -qE 'not a dynamic executable|statically linked' <<<"$ldd_out"; then
    say "statically linked: no shared libraries"
else
    if grep -q 'not found' <<<"$ldd_out"; then die "unresolved libraries: $(grep 'not found' <<<"$ldd_out")"; fi
    mapfile -t libs < <(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$ldd_out")
    declare -A lib_pkg=()
    while read -r lib pkg; do lib_pkg[$lib]=$pkg; done < <(owners "${libs[@]}")
    for lib in "${libs[@]}"; do
        if [[ -n ${lib_pkg[$lib]:-} ]]; then want_pkg[${lib_pkg[$lib]}]=1; else foreign[$lib]=1; fi
    done
fi

# Copied libraries go where the binary finds them: the same absolute directory when it is on the binary's
# RUNPATH (the toolchain's, e.g. /opt/swift/usr/lib/swift/linux), the image's $ORIGIN when found through $ORIGIN,
# else FALLBACK_LIBDIR with LD_LIBRARY_PATH set in the image configuration.
LD_PATH=
if ((${#foreign[@]})); then
    declare -A dirmap=()
    host_origin=$(dirname "$IMAGE_BINARY")
    while read -r rp; do
        [[ -n $rp ]] || continue
        if [[ $rp == *'$ORIGIN'* || $rp == *'${ORIGIN}'* ]]; then
            h=${rp//\$\{ORIGIN\}/$host_origin}; h=${h//\$ORIGIN/$host_origin}
            i=${rp//\$\{ORIGIN\}/$(dirname "$BIN_DEST")}; i=${i//\$ORIGIN/$(dirname "$BIN_DEST")}
            if [[ -d $h ]]; then dirmap[$(realpath "$h")]=$(realpath -m "$i"); fi
        elif [[ -d $rp ]]; then
            dirmap[$(realpath "$rp")]=$rp
        fi
    done < <(runpaths "$IMAGE_BINARY")
    total=0
    interp=$(readelf -l "$IMAGE_BINARY" | sed -n 's/.*\[Requesting program interpreter: \(.*\)\]/\1/p')
    for lib in "${!foreign[@]}"; do
        dir=$(realpath "$(dirname "$lib")")
        dest=${dirmap[$dir]:-$FALLBACK_LIBDIR}
        [[ $lib != "$interp" ]] || dest=$(dirname "$lib") # the dynamic loader only works where the binary names it
        [[ $dest == "$FALLBACK_LIBDIR" ]] && LD_PATH=$FALLBACK_LIBDIR
        mkdir -p "$APP$dest"
        cp -L "$lib" "$APP$dest/$(basename "$lib")"
        [[ $STRIP == 1 ]] && strip --strip-unneeded "$APP$dest/$(basename "$lib")"
        chmod 0644 "$APP$dest/$(basename "$lib")"
        total=$((total + $(stat -c %s "$APP$dest/$(basename "$lib")")))
    done
    say "${#foreign[@]} libraries from outside Debian copied ($(mb "$total")):" \
        "$(cd "$APP" && find . -name '*.so*' -printf '%h\n' | sort -u | sed 's/^\.//' | tr '\n' ' ')"
    [[ -z $LD_PATH ]] || say "LD_LIBRARY_PATH=$LD_PATH (a library not on the binary's RUNPATH)"
fi

PACKAGES=$(printf '%s\n' "${BASE_PACKAGES[@]}" "${!want_pkg[@]}" ${IMAGE_EXTRA_PACKAGES:-} | sort -u | tr '\n' ' ')
PACKAGES=${PACKAGES% }
say "Debian packages ($SUITE): $PACKAGES"

# --- the base layer (cached) --------------------------------------------------------------------------------------
# make_base ROOT: mmdebstrap extracts the packages and their dependencies (no maintainer scripts run), then only the
# requested packages' files stay, trimmed to what a process needs at run time.
make_base() {
    local root=${1:?} keep=" $PACKAGES " deb pkg
    local mirror=()
    [[ -z ${IMAGE_MIRROR:-} ]] || mirror=("$IMAGE_MIRROR")
    nice -n 19 mmdebstrap --variant=extract --mode=root --skip=cleanup/apt/cache \
        --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr --include="${PACKAGES// /,}" \
        "$SUITE" "$root" "${mirror[@]}" >"$WORK/mmdebstrap.log" 2>&1 ||
        { tail -30 "$WORK/mmdebstrap.log" >&2; die "mmdebstrap failed (log: $WORK/mmdebstrap.log)"; }
    local status=$WORK/status
    : >"$status"
    for deb in "$root"/var/cache/apt/archives/*.deb; do
        pkg=$(dpkg-deb -f "$deb" Package)
        dpkg-deb --fsys-tarfile "$deb" | tar -t | sed 's|^\./||' | grep . >"$WORK/files" || true
        # A package of documentation only (gcc-12-base: the copyright of libgcc-s1 and libstdc++6) stays.
        grep -v -e '/$' -e '^usr/share/doc/' "$WORK/files" >"$WORK/not-doc" || true
        if [[ $keep == *" $pkg "* || ! -s $WORK/not-doc ]]; then
            dpkg-deb -f "$deb" | awk '{ print } /^Package:/ { print "Status: install ok installed" }' >>"$status"
            echo >>"$status"
        else # a dependency only its maintainer scripts need: remove its files, then its directories when empty
            { grep -v '/$' "$WORK/files" || true; } | while IFS= read -r f; do rm -f "$root/$f"; done
            { grep '/$' "$WORK/files" || true; } | sort -r | while IFS= read -r d; do
                if [[ -d $root/$d && ! -L $root/${d%/} ]]; then rmdir --ignore-fail-on-non-empty "$root/$d"; fi
            done
        fi
    done
    # The CA bundle, as update-ca-certificates would write it from every certificate of the package.
    if [[ -d $root/usr/share/ca-certificates ]]; then
        mkdir -p "$root/etc/ssl/certs"
        find "$root/usr/share/ca-certificates" -name '*.crt' | LC_ALL=C sort | while IFS= read -r crt; do
            sed -e '$a\' "$crt"
        done >"$root/etc/ssl/certs/ca-certificates.crt"
        chmod 0644 "$root/etc/ssl/certs/ca-certificates.crt"
        rm -rf "$root/usr/share/ca-certificates" "$root/etc/ca-certificates" "$root/usr/sbin/update-ca-certificates"
    fi
    # Trim: documentation (copyright files stay), locales, iconv modules, apt/dpkg state and configuration.
    if [[ -d $root/usr/share/doc ]]; then # only DIR/copyright, and the DIR symlinks (libstdc++6 -> gcc-12-base)
        find "$root/usr/share/doc" -mindepth 2 ! -type d ! -regex '.*/usr/share/doc/[^/]*/copyright' -delete
        find "$root/usr/share/doc" -xtype l -delete
    fi
    rm -rf "$root"/usr/share/{man,info,lintian,linda,locale,gcc,gdb,bug,debconf,perl5,bash-completion,menu,pixmaps} \
        "$root"/usr/lib/*/gconv "$root"/var/cache/* "$root"/var/lib/apt "$root"/var/lib/dpkg "$root"/var/log/* \
        "$root"/etc/apt "$root"/etc/dpkg "$root"/etc/ld.so.conf.d "$root"/etc/{resolv.conf,hostname,debconf.conf} \
        "$root"/etc/{update-motd.d,profile.d,skel,default,fstab,issue,issue.net,motd} "${root:?}"/dev/* "${root:?}"/boot \
        "$root"/root/.[!.]* "$root"/var/{mail,spool,opt,backups,local}
    find "$root/usr" "$root/etc" "$root/var" -depth -type d -empty -delete
    find "$root" -maxdepth 1 -xtype l -delete # merged-/usr links to directories that stayed empty (lib32, libx32)
    mkdir -p "$root"/{dev,proc,sys,run,tmp,root,etc/ssl/certs,var/lib/dpkg,var/cache,var/log} \
        "$root/home/nonroot" "$root/var/lib/finops-operator"
    cp "$status" "$root/var/lib/dpkg/status"
    chmod 1777 "$root/tmp"
    chmod 0700 "$root/root" "$root/home/nonroot"
    # The run-time user: 65532 (nonroot), as in distroless; root stays for files' ownership.
    printf '%s\n' 'root:x:0:0:root:/root:/usr/sbin/nologin' \
        'nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin' \
        'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >"$root/etc/passwd"
    printf '%s\n' 'root:x:0:' 'nonroot:x:65532:' 'nogroup:x:65534:' >"$root/etc/group"
    printf '%s\n' 'passwd: files' 'group: files' 'hosts: files dns' 'networks: files' 'protocols: files' \
        'services: files' >"$root/etc/nsswitch.conf"
    chmod 0644 "$root"/etc/{passwd,group,nsswitch.conf}
    # The operator's default data directory (--data-dir, DATA_DIR) and the user's home belong to the user.
    chown 65532:65532 "$root/home/nonroot" "$root/var/lib/finops-operator"
    chmod 0750 "$root/var/lib/finops-operator"
}

# The cache key: the package list, the suite, the mirror and the recipe itself.
KEY=$( { echo "$SUITE ${IMAGE_MIRROR:-} $PACKAGES"; declare -f make_base; } | sha256sum | cut -c1-16)
CACHE=${IMAGE_CACHE:-$OUT/cache}
BASE_TAR=$CACHE/base-$KEY.tar
mkdir -p "$CACHE"
if [[ -f $BASE_TAR && ${IMAGE_REFRESH:-0} != 1 ]]; then
    say "base layer from the cache: $BASE_TAR"
else
    say "base layer: mmdebstrap $SUITE (about 1-2 min, then cached)"
    make_base "$WORK/base-root"
    # Timestamps clamped so that the layer is the same for the same packages.
    base_epoch=$(find "$WORK/base-root" -newermt '@0' -printf '%T@\n' 2>/dev/null | sort -n | head -1 | cut -d. -f1)
    mapfile -t top < <(cd "$WORK/base-root" && ls -A)
    tar -C "$WORK/base-root" --sort=name --numeric-owner --format=posix \
        --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
        --mtime="@${SOURCE_DATE_EPOCH:-${base_epoch:-0}}" --clamp-mtime \
        -cf "$BASE_TAR.$$.tmp" -- "${top[@]}"
    mv "$BASE_TAR.$$.tmp" "$BASE_TAR"
    rm -rf "$WORK/base-root"
    # Keep the four newest base layers.
    ls -t "$CACHE"/base-*.tar | tail -n +5 | xargs -r rm -f
fi

# --- the application layer ----------------------------------------------------------------------------------------
EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$REPO" log -1 --format=%ct 2>/dev/null || date +%s)}
CREATED=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
APP_TAR=$WORK/app.tar
mapfile -t top < <(cd "$APP" && ls -A)
tar -C "$APP" --sort=name --owner=0 --group=0 --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime --mtime="@$EPOCH" \
    -cf "$APP_TAR" -- "${top[@]}"

# --- the OCI layout -----------------------------------------------------------------------------------------------
LAYOUT=$OUT/oci
REVISION=$(git -C "$REPO" rev-parse HEAD 2>/dev/null || echo unknown)
VERSION=${IMAGE_VERSION:-$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' \
    "$REPO/charts/finops-operator/Chart.yaml" 2>/dev/null || true)}
VERSION=${VERSION:-0.0.0-dev}
SOURCE=https://github.com/finops-operator/finops-operator
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
say "umoci: layers and configuration (gzip)"
rm -rf "$LAYOUT"
umoci init --layout "$LAYOUT"
umoci new --image "$LAYOUT:$TAG"
nice -n 19 umoci raw add-layer --image "$LAYOUT:$TAG" --history.created "$CREATED" \
    --history.created_by "mmdebstrap --variant=extract $SUITE: $PACKAGES (trimmed; image/build.sh)" "$BASE_TAR"
nice -n 19 umoci raw add-layer --image "$LAYOUT:$TAG" --history.created "$CREATED" \
    --history.created_by "finops-operator $VERSION ($REVISION)$( ((${#foreign[@]})) && echo ' with its shared libraries')" \
    "$APP_TAR"
config=(--config.user 65532:65532 --config.entrypoint "$BIN_DEST" --config.cmd run --config.workingdir /
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    --config.exposedports 8080/tcp --config.exposedports 8081/tcp --config.exposedports 2112/tcp
    --config.label org.opencontainers.image.title=finops-operator
    --config.label "org.opencontainers.image.description=Kubernetes operator: cloud and cluster cost data into FOCUS 1.3 (Prometheus, SQL, Parquet/CSV)"
    --config.label "org.opencontainers.image.source=$SOURCE" --config.label "org.opencontainers.image.url=$SOURCE"
    --config.label "org.opencontainers.image.version=$VERSION"
    --config.label "org.opencontainers.image.revision=$REVISION" --config.label "org.opencontainers.image.created=$CREATED"
    --architecture "$ARCH" --os linux --created "$CREATED" --history.created "$CREATED"
    --history.created_by "image/build.sh: user 65532, entrypoint $BIN_DEST run")
[[ -z $LD_PATH ]] || config+=(--config.env "LD_LIBRARY_PATH=$LD_PATH")
umoci config --image "$LAYOUT:$TAG" "${config[@]}"
umoci gc --layout "$LAYOUT"

# index.json names the image for containerd/Docker too; manifest.json (docker-archive) for any docker load.
FULL_NAME=$NAME:$TAG
first=${NAME%%/*}
if [[ $NAME != */* ]]; then FULL_NAME=docker.io/library/$FULL_NAME
elif [[ $first != *.* && $first != *:* && $first != localhost ]]; then FULL_NAME=docker.io/$FULL_NAME; fi
jq -c --arg name "$FULL_NAME" '.manifests[0].annotations["io.containerd.image.name"] = $name' \
    "$LAYOUT/index.json" >"$WORK/index.json" && mv "$WORK/index.json" "$LAYOUT/index.json"
MANIFEST=$LAYOUT/blobs/$(jq -r '.manifests[0].digest | sub(":"; "/")' "$LAYOUT/index.json")
jq -c --arg tag "$NAME:$TAG" '[{Config: ("blobs/" + (.config.digest | sub(":"; "/"))),
    RepoTags: [$tag], Layers: [.layers[].digest | "blobs/" + sub(":"; "/")]}]' "$MANIFEST" >"$LAYOUT/manifest.json"
tar -C "$LAYOUT" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$EPOCH" \
    -cf "$OUT/image.tar.$$.tmp" oci-layout index.json manifest.json blobs
mv "$OUT/image.tar.$$.tmp" "$OUT/image.tar"

# --- sizes ------------------------------------------------------------------------------------------------------
tar_content() { tar -tvf "$1" | awk '{ s += $3 } END { print s + 0 }'; }
base_u=$(tar_content "$BASE_TAR")
app_u=$(tar_content "$APP_TAR")
mapfile -t layer_sizes < <(jq -r '.layers[].size' "$MANIFEST")
compressed=$(jq '[.layers[].size] | add' "$MANIFEST")
say "done: $OUT/image.tar ($IMAGE_NAME; layout $LAYOUT:$TAG)"
echo "  binary:                 $(mb "$(stat -c %s "$APP$BIN_DEST")")"
echo "  rootfs (uncompressed):  $(mb $((base_u + app_u)))  = base $(mb "$base_u") + app $(mb "$app_u")"
echo "  layers (gzip):          $(mb "$compressed")  = base $(mb "${layer_sizes[0]}") + app $(mb "${layer_sizes[1]}")  <- what a registry stores"
echo "  image.tar:              $(mb "$(stat -c %s "$OUT/image.tar")")"
rm -rf "$WORK"
