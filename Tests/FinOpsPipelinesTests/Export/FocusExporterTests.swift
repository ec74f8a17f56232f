import FinOpsAPI
import FinOpsPipelines
import Foundation
import KubeCore
import ObjectStorage
import Testing

/// One export run, for real: a loopback exporter's `/rows` (the 50-row FOCUS 1.3 fixture, 2026-05-01 … 05-21) into a
/// directory, read back by pyarrow as a Hive-partitioned dataset.
@Suite struct FocusExporterTests {
    static let sharedFetcher = SourceFetcher()
    static let python = ProcessInfo.processInfo.environment["FINOPS_TEST_PYTHON"]
    /// 2026-05-22T12:00:00Z: every fixture day is complete.
    static let may22Noon = Date(timeIntervalSince1970: 1_779_451_200)

    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    struct Stores: ObjectStoreMaking {
        var make: @Sendable (NormalizedFocusExport) -> any ObjectStore
        func store(for export: NormalizedFocusExport, owner: ObjectKey) async throws -> any ObjectStore {
            make(export)
        }
    }

    func pipeline(_ export: NormalizedFocusExport) -> ResolvedExporterScraper {
        ResolvedExporterScraper(
            key: ObjectKey(namespace: "finops", name: "aws-costs"),
            spec: NormalizedExporterScraper(metricType: .cost, source: .url("http://unused"), focusExport: export))
    }

    func run(
        _ export: NormalizedFocusExport, server: StubHTTPServer, memory: ExportMemory = .init(),
        now: Date = Self.may22Noon, store: (any ObjectStore)? = nil
    ) async throws -> ExportOutcome {
        let outcome = Captured<ExportOutcome>()
        let target = store ?? LocalDirectoryStore(root: directory)
        try await server.run { base in
            let exporter = FocusExporter(
                fetcher: Self.sharedFetcher,
                source: RowsSource(
                    secrets: ExporterSecretProvider(api: nil), environment: [:],
                    exporterRowsURL: { _ in base + "/rows" }),
                stores: Stores(make: { _ in target }), spoolDirectory: directory + "/.spool", now: { now },
                logger: ScrapeTarget.logger)
            outcome.set(await exporter.export(pipeline(export), memory: memory))
        }
        return try #require(outcome.value)
    }

    func written(_ outcome: ExportOutcome) -> ExportReport? {
        if case .written(let report) = outcome { return report }
        return nil
    }

    func python(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python))
        process.arguments = ["-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    static let readDataset = """
        import sys, csv, decimal, json, pyarrow.dataset as ds
        root, source = sys.argv[1], sys.argv[2]
        t = ds.dataset(root + "/version=focus-1.3", format="parquet", partitioning="hive").to_table()
        rows = list(csv.DictReader(open(source, newline="")))
        assert t.num_rows == len(rows), (t.num_rows, len(rows))
        assert {"year", "month", "day"} <= set(t.column_names), t.column_names
        assert str(t.schema.field("BilledCost").type) == "decimal128(38, 18)", t.schema.field("BilledCost").type
        assert str(t.schema.field("ChargePeriodStart").type) == "timestamp[us, tz=UTC]"
        total = sum(decimal.Decimal(r["BilledCost"]) for r in rows if r["BilledCost"])
        assert sum(v for v in t.column("BilledCost").to_pylist() if v is not None) == total
        for day, start in zip(t.column("day").to_pylist(), t.column("ChargePeriodStart").to_pylist()):
            assert int(day) == start.day, (day, start)
        meta = json.load(open(root + "/metadata/recency/aws-costs-recency.json"))
        sectors = meta["Recency"][0]["TimeSectors"]
        assert meta["FocusVersion"] == "1.3" and all(s["TimeSectorComplete"] for s in sectors)
        print("ok", t.num_rows, len(sectors))
        """

    @Test func writesEveryDueDayOnceAsHivePartitionedParquetAndSkipsAnUnchangedPoll() async throws {
        let rows = try ScrapeFixtures.focus50
        let server = StubHTTPServer { request in
            request.headers["if-none-match"] == "\"p1\""
                ? .init(status: .notModified, headers: [:]) : ScrapeFixtures.exporterRows(rows, poll: "p1", rows: 50)
        }
        let export = NormalizedFocusExport(destination: .directory(directory))
        let report = try #require(written(try await run(export, server: server)))
        // 2026-05-01 (the first day with rows) … 05-21: days without rows get an empty file (covered, no charges).
        #expect(report.files.count == 21 && report.rows == 50 && report.rowsRead == 50)
        #expect(report.lastCompleteSlot?.description == "2026-05-21")
        #expect(report.earliest?.description == "2026-05-01")
        #expect(report.rowsWithoutPeriod == 0 && report.etag == "\"p1\"")
        let keys = try await LocalDirectoryStore(root: directory).list(prefix: "").map(\.key)
        #expect(keys.contains("version=focus-1.3/year=2026/month=05/day=01/aws-costs-2026-05-01.parquet"))
        #expect(keys.contains("metadata/recency/aws-costs-recency.json"))
        #expect(keys.count == 22)
        if Self.python != nil {
            let text = try python(Self.readDataset, [directory, try ScrapeFixtures.path("focus-1.3-aws-50.csv")])
            #expect(text.hasPrefix("ok 50 21"), "\(text)")
        }

        // Every due day is there and the poll is unchanged: one conditional request, nothing written.
        let memory = ExportMemory(etag: report.etag, earliest: report.earliest)
        #expect(try await run(export, server: server, memory: memory) == .unchanged)
        #expect(server.requests.last?.headers["if-none-match"] == "\"p1\"")

        // A day removed by hand is missing: the poll is read again, the missing day and the lookback rewritten.
        try await LocalDirectoryStore(root: directory).delete(
            key: "version=focus-1.3/year=2026/month=05/day=05/aws-costs-2026-05-05.parquet")
        let refill = try #require(written(try await run(export, server: server, memory: memory)))
        #expect(
            refill.files.map(\.key).sorted()
                == ["05", "19", "20", "21"].map {
                    "version=focus-1.3/year=2026/month=05/day=\($0)/aws-costs-2026-05-\($0).parquet"
                })
        #expect(try await LocalDirectoryStore(root: directory).list(prefix: "").count == 22)
    }

    @Test func hourlyCSVWithZstdAndACopyUnderAnotherPrefix() async throws {
        let rows = try ScrapeFixtures.focus50
        let server = StubHTTPServer { _ in ScrapeFixtures.exporterRows(rows, poll: "p1", rows: 50) }
        let export = NormalizedFocusExport(
            destination: .directory(directory), format: .csv, compression: .zstd, granularity: .hourly,
            lookbackDays: 0, backfillDays: 3, copyPrefix: "byod/")
        // 2026-05-03T02:30Z: hours 2026-05-01T00 … 05-03T01 are due (50); the rows of later days are not yet.
        let report = try #require(
            written(try await run(export, server: server, now: Date(timeIntervalSince1970: 1_777_775_400))))
        #expect(report.files.count == 100 && report.rows == 45 && report.rowsOutsideWindow == 5)
        #expect(report.lastCompleteSlot?.description == "2026-05-03T01:00:00Z")
        let store = LocalDirectoryStore(root: directory)
        let first = "year=2026/month=05/day=01/aws-costs-2026-05-01-00.csv.zst"
        #expect(try await store.read(key: "version=focus-1.3/" + first) != nil)
        #expect(
            try await store.read(key: "byod/version=focus-1.3/" + first)
                == store.read(key: "version=focus-1.3/" + first))
        if Self.python != nil {
            let text = try python(
                """
                import sys, glob, pyarrow as pa, pyarrow.csv as pc
                n = 0
                for path in glob.glob(sys.argv[1] + "/version=focus-1.3/**/*.csv.zst", recursive=True):
                    n += pc.read_csv(pa.CompressedInputStream(pa.OSFile(path), "zstd")).num_rows
                print("ok", n)
                """, [directory])
            #expect(text.hasPrefix("ok 45"), "\(text)")
        }
    }

    @Test func rowsWithoutAPeriodAreCountedAndReportedNotWritten() async throws {
        var text = String(decoding: try ScrapeFixtures.focus50, as: UTF8.self)
        // Blank the ChargePeriodStart of two rows (the fixture's first rows start 2026-05-01T00:00:00Z).
        for _ in 0..<2 {
            let range = try #require(text.range(of: ",2026-05-01T00:00:00Z,2026-05-01T01:00:00Z,"))
            text.replaceSubrange(range, with: ",,2026-05-01T01:00:00Z,")
        }
        let rows = Array(text.utf8)
        let server = StubHTTPServer { _ in ScrapeFixtures.exporterRows(rows, poll: "p2", rows: 50) }
        let report = try #require(
            written(try await run(NormalizedFocusExport(destination: .directory(directory)), server: server)))
        #expect(report.rowsWithoutPeriod == 2 && report.rows == 48)
        #expect(report.firstWithoutPeriod?.hasPrefix("line ") == true)
    }

    @Test func aPollShorterThanAnnouncedWritesNothing() async throws {
        let rows = try ScrapeFixtures.focus50
        let server = StubHTTPServer { _ in ScrapeFixtures.exporterRows(rows, poll: "p1", rows: 60) }
        let outcome = try await run(NormalizedFocusExport(destination: .directory(directory)), server: server)
        guard case .failed(let failure) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(failure.message.contains("60") && failure.isRetriable)
        #expect(try await LocalDirectoryStore(root: directory).list(prefix: "").isEmpty)
    }

    /// A store whose uploads of one day fail: earlier days are complete, that day leaves nothing, not even a
    /// temporary file.
    struct FailingStore: ObjectStore {
        let base: LocalDirectoryStore
        let failing: String
        var location: String { base.location }
        func upload(key: String, contentType: String) async throws -> any ObjectUpload {
            let upload = try await base.upload(key: key, contentType: contentType)
            return key.contains(failing) ? FailingUpload(base: upload) : upload
        }
        func list(prefix: String) async throws -> [StoredObject] { try await base.list(prefix: prefix) }
        func read(key: String) async throws -> [UInt8]? { try await base.read(key: key) }
        func delete(key: String) async throws { try await base.delete(key: key) }
    }

    final class FailingUpload: ObjectUpload {
        let base: any ObjectUpload
        init(base: any ObjectUpload) { self.base = base }
        func write(_ bytes: [UInt8]) async throws { try await base.write(bytes) }
        func complete() async throws -> StoredObject { throw ObjectStoreError(.unavailable, "injected failure") }
        func abort() async { await base.abort() }
    }

    @Test func aFailedUploadLeavesNoFileBehind() async throws {
        let rows = try ScrapeFixtures.focus50
        let server = StubHTTPServer { _ in ScrapeFixtures.exporterRows(rows, poll: "p1", rows: 50) }
        let store = FailingStore(base: LocalDirectoryStore(root: directory), failing: "day=03")
        let outcome = try await run(
            NormalizedFocusExport(destination: .directory(directory)), server: server, store: store)
        #expect(
            outcome
                == .failed(
                    ScrapeFailure(reason: "ObjectStoreUnavailable", message: "injected failure", isRetriable: true)))
        let keys = try await LocalDirectoryStore(root: directory).list(prefix: "").map(\.key)
        #expect(keys.count == 2 && keys.allSatisfy { $0.contains("day=01") || $0.contains("day=02") })
        let everything = try FileManager.default.subpathsOfDirectory(atPath: directory)
        #expect(!everything.contains { $0.contains(".partial-") }, "\(everything)")
    }
}
