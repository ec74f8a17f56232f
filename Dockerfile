# syntax=docker/dockerfile:1
# The operator's container image, for Docker (BuildKit) users:
#   docker build -t finops-operator:dev .
# `make image` builds the same image without Docker (image/build.sh: mmdebstrap and umoci), smaller: no shell,
# apt or dpkg in it. Both stages are Debian 12 (bookworm): the binary links Debian's zstd, snappy and zlib.
# SWIFT_VERSION is the major.minor of the toolchain the project builds with (`swift --version`).
ARG SWIFT_VERSION=6.3

FROM swift:${SWIFT_VERSION}-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libzstd-dev libsnappy-dev zlib1g-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Package.resolved is not committed (.gitignore): without it, the versions Package.swift allows are resolved.
COPY Package.swift Package.resolved* ./
# Tests/ too: SwiftPM loads every target of the manifest, test targets included.
COPY Sources ./Sources
COPY Tests ./Tests
# The Swift runtime is linked in (--static-swift-stdlib); .build stays in a BuildKit cache between builds.
RUN --mount=type=cache,target=/src/.build,id=finops-operator-swiftpm-release \
    swift build -c release --static-swift-stdlib --product finops-operator \
 && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/finops-operator" \
      /out/finops-operator \
 && strip /out/finops-operator

FROM debian:bookworm-slim
# The binary's shared libraries (ldd: libzstd, libsnappy, zlib, libstdc++, libgcc_s, libc) and the CA bundle
# (/etc/ssl/certs/ca-certificates.crt, read by NIOSSL for HTTPS sources, S3 and PostgreSQL TLS). No tzdata:
# Foundation resolves time zones from its own ICU data.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libc6 libgcc-s1 libstdc++6 zlib1g libzstd1 libsnappy1v5 ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \
 && groupadd --gid 65532 nonroot \
 && useradd --uid 65532 --gid 65532 --home-dir /home/nonroot --create-home --shell /usr/sbin/nologin nonroot \
 && install -d -o 65532 -g 65532 -m 0750 /var/lib/finops-operator
COPY --from=build /out/finops-operator /usr/local/bin/finops-operator

ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="finops-operator" \
      org.opencontainers.image.description="Kubernetes operator: cloud and cluster cost data into FOCUS 1.3 (Prometheus, SQL, Parquet/CSV)" \
      org.opencontainers.image.source="https://github.com/finops-operator/finops-operator" \
      org.opencontainers.image.url="https://github.com/finops-operator/finops-operator" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"
# metrics (run), health probes (run), exporter (exporter)
EXPOSE 8080 8081 2112
USER 65532:65532
WORKDIR /
ENTRYPOINT ["/usr/local/bin/finops-operator"]
CMD ["run"]
