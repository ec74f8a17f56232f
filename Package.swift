// swift-tools-version:6.2
// finops-operator: FOCUS cost data from cloud and cluster sources into Prometheus, SQL and Parquet,
// driven by Kubernetes custom resources. Module layering is described in docs/architecture.md.
import PackageDescription

/// Our own targets build in Swift 6 mode with every warning an error; dependencies keep their own settings.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "finops-operator",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "finops-operator", targets: ["FinOpsOperator"])
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
    ],
    targets: [
        // MARK: - Kubernetes layers (know nothing of FinOps)
        .target(name: "KubeCore", swiftSettings: strict),
        .target(
            name: "KubeClient",
            dependencies: [
                "KubeCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KubeRuntime",
            dependencies: [
                "KubeCore", "KubeClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KubeTesting",
            dependencies: ["KubeCore", "KubeClient", "KubeRuntime", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),

        // MARK: - Data layers (know nothing of Kubernetes or FinOps controllers)
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Gzip", dependencies: ["CZlib"], swiftSettings: strict),
        .target(name: "Focus", swiftSettings: strict),
        .target(name: "SourcePayloads", dependencies: ["Focus"], swiftSettings: strict),
        .target(name: "Exposition", swiftSettings: strict),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        // Block and stream codecs beyond gzip: zstd and snappy through the Debian libraries.
        .target(name: "Codecs", dependencies: ["CZstd", "CSnappy"], swiftSettings: strict),
        .target(name: "Parquet", dependencies: ["Gzip", "Codecs"], swiftSettings: strict),
        .target(
            name: "AWSSigning", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // Where FOCUS files land: a local directory or an S3 bucket (SigV4, multipart, listing), one protocol.
        .target(
            name: "ObjectStorage",
            dependencies: [
                "AWSSigning",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // FOCUS and usage rows into PostgreSQL or SQLite: table layout, COPY → staging → upsert, exactly once.
        .target(
            name: "DatabaseSinks",
            dependencies: [
                "Focus",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // MARK: - FinOps layers
        .target(name: "FinOpsAPI", dependencies: ["KubeCore"], swiftSettings: strict),
        .target(
            name: "FinOpsControllers",
            dependencies: [
                "FinOpsAPI", "KubeCore", "KubeClient", "KubeRuntime",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FinOpsPipelines",
            dependencies: [
                "FinOpsAPI", "Focus", "SourcePayloads", "Exposition", "Gzip", "Codecs", "AWSSigning", "DatabaseSinks",
                "Parquet", "ObjectStorage",
                "KubeCore", "KubeClient", "KubeRuntime",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OperatorHTTP",
            dependencies: [
                "Gzip",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "FinOpsOperator",
            dependencies: [
                "KubeCore", "KubeClient", "KubeRuntime", "KubeTesting", "FinOpsAPI", "FinOpsControllers",
                "FinOpsPipelines", "OperatorHTTP", "Focus", "Gzip", "Exposition", "DatabaseSinks", "Parquet",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MARK: - Benchmarks (the Swift side of `make bench`)
        .executableTarget(
            name: "FinOpsBench", dependencies: ["Focus", "Exposition", "SourcePayloads"], swiftSettings: strict),

        // MARK: - Tests
        .testTarget(name: "KubeCoreTests", dependencies: ["KubeCore"], swiftSettings: strict),
        .testTarget(name: "GzipTests", dependencies: ["Gzip"], swiftSettings: strict),
        .testTarget(name: "FocusTests", dependencies: ["Focus"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "SourcePayloadsTests", dependencies: ["SourcePayloads", "Focus"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(name: "ExpositionTests", dependencies: ["Exposition"], swiftSettings: strict),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet"], swiftSettings: strict),
        .testTarget(name: "CodecsTests", dependencies: ["Codecs"], swiftSettings: strict),
        .testTarget(
            name: "ObjectStorageTests", dependencies: ["ObjectStorage", "AWSSigning"], swiftSettings: strict),
        .testTarget(
            name: "DatabaseSinksTests", dependencies: ["DatabaseSinks", "Focus", "KubeTesting"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "FinOpsPipelinesTests",
            dependencies: [
                "FinOpsPipelines", "FinOpsAPI", "Focus", "AWSSigning", "DatabaseSinks", "KubeTesting", "Gzip",
                "ObjectStorage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "AWSSigningTests", dependencies: ["AWSSigning"], swiftSettings: strict),
        .testTarget(
            name: "FinOpsOperatorTests",
            dependencies: [
                "FinOpsOperator", "OperatorHTTP", "Gzip", "Exposition", "Parquet", "Focus", "SourcePayloads",
                "KubeTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .testTarget(name: "KubeClientTests", dependencies: ["KubeClient", "KubeTesting"], swiftSettings: strict),
        .testTarget(name: "KubeTestingTests", dependencies: ["KubeTesting", "KubeClient"], swiftSettings: strict),
        .testTarget(
            name: "KubeRuntimeTests",
            dependencies: [
                "KubeRuntime", "KubeTesting",
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ], swiftSettings: strict),
        .testTarget(
            name: "FinOpsAPITests", dependencies: ["FinOpsAPI", "KubeClient"],
            swiftSettings: strict),
        .testTarget(
            name: "FinOpsControllersTests",
            dependencies: [
                "FinOpsControllers", "FinOpsPipelines", "KubeTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            exclude: ["Golden"], swiftSettings: strict),
    ]
)
