import FinOpsAPI
import FinOpsPipelines
import Foundation
import KubeCore
import ObjectStorage
import Testing

private let testS3Endpoint = ProcessInfo.processInfo.environment["FINOPS_TEST_S3_ENDPOINT"]

/// The export into S3 for real: moto with signature checking (started by `make test`), credentials from the
/// environment as the operator reads them, the files read back by pyarrow's S3 filesystem.
@Suite(.enabled(if: testS3Endpoint != nil)) struct FocusExporterS3Tests {
    static let environment = ProcessInfo.processInfo.environment
    static let endpoint = testS3Endpoint

    static var operatorEnvironment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": environment["FINOPS_TEST_S3_ACCESS_KEY"] ?? "",
            "AWS_SECRET_ACCESS_KEY": environment["FINOPS_TEST_S3_SECRET_KEY"] ?? "",
            "AWS_REGION": environment["FINOPS_TEST_S3_REGION"] ?? "us-east-1",
        ]
    }

    @Test func dailyParquetLandsInTheBucketAndReadsBackThroughPyarrow() async throws {
        let bucket = "focus-\(UUID().uuidString.prefix(8).lowercased())"
        let export = NormalizedFocusExport(
            destination: .s3(bucket: bucket, prefix: "exports/aws/"), endpoint: Self.endpoint, pathStyle: true,
            copyPrefix: "byod/")
        let stores = ExportStores(api: nil, environment: Self.operatorEnvironment, logger: ScrapeTarget.logger)
        let store = try await stores.store(for: export, owner: ObjectKey(namespace: "finops", name: "aws-costs"))
        try await #require(store as? S3ObjectStore).createBucket()

        let rows = try ScrapeFixtures.focus50
        let server = StubHTTPServer { _ in ScrapeFixtures.exporterRows(rows, poll: "p1", rows: 50) }
        let outcome = Captured<ExportOutcome>()
        try await server.run { base in
            let exporter = FocusExporter(
                fetcher: FocusExporterTests.sharedFetcher,
                source: RowsSource(
                    secrets: ExporterSecretProvider(api: nil), environment: [:],
                    exporterRowsURL: { _ in base + "/rows" }),
                stores: stores, now: { FocusExporterTests.may22Noon }, logger: ScrapeTarget.logger)
            outcome.set(
                await exporter.export(
                    ResolvedExporterScraper(
                        key: ObjectKey(namespace: "finops", name: "aws-costs"),
                        spec: NormalizedExporterScraper(
                            metricType: .cost, source: .url("http://unused"), focusExport: export)),
                    memory: ExportMemory()))
        }
        guard case .written(let report) = try #require(outcome.value) else {
            Issue.record("expected files, got \(String(describing: outcome.value))")
            return
        }
        #expect(report.files.count == 42 && report.rows == 50)
        let keys = try await store.list(prefix: "").map(\.key)
        #expect(keys.contains("exports/aws/version=focus-1.3/year=2026/month=05/day=01/aws-costs-2026-05-01.parquet"))
        #expect(keys.contains("byod/version=focus-1.3/year=2026/month=05/day=21/aws-costs-2026-05-21.parquet"))
        #expect(keys.contains("exports/aws/metadata/recency/aws-costs-recency.json"))
        #expect(keys.count == 44)

        if let python = FocusExporterTests.python, let endpoint = Self.endpoint {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [
                "-c",
                """
                import sys, pyarrow.dataset as ds, pyarrow.fs as fs
                endpoint, bucket, key, secret, region = sys.argv[1:6]
                s3 = fs.S3FileSystem(endpoint_override=endpoint.split("://")[1], scheme="http", access_key=key,
                                     secret_key=secret, region=region)
                t = ds.dataset(bucket + "/exports/aws/version=focus-1.3", filesystem=s3, format="parquet",
                               partitioning="hive").to_table()
                assert t.num_rows == 50 and "day" in t.column_names, (t.num_rows, t.column_names)
                print("ok", t.num_rows)
                """,
                endpoint, bucket, Self.operatorEnvironment["AWS_ACCESS_KEY_ID"] ?? "",
                Self.operatorEnvironment["AWS_SECRET_ACCESS_KEY"] ?? "", Self.operatorEnvironment["AWS_REGION"] ?? "",
            ]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(text.hasPrefix("ok 50"), "\(text)")
        }
    }

    @Test func aWrongSecretKeyIsAccessDeniedWithoutTheKeyInTheMessage() async throws {
        var environment = Self.operatorEnvironment
        environment["AWS_SECRET_ACCESS_KEY"] = "wrong-secret-value-1234"
        let stores = ExportStores(api: nil, environment: environment, logger: ScrapeTarget.logger)
        let store = try await stores.store(
            for: NormalizedFocusExport(destination: .s3(bucket: "any-bucket", prefix: ""), endpoint: Self.endpoint),
            owner: ObjectKey(namespace: "finops", name: "x"))
        do {
            _ = try await store.list(prefix: "")
            Issue.record("listing with a wrong key succeeded")
        } catch let error as ObjectStoreError {
            #expect(error.kind == .denied && !error.message.contains("wrong-secret-value-1234"))
        }
    }
}
