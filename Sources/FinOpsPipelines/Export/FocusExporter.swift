import FinOpsAPI
import Focus
import Foundation
import KubeCore
import Logging
import ObjectStorage

/// One export run, for real: the rows of an ExporterScraperConfig's source into FOCUS files per UTC slot.
///
/// 1. The destination is listed; ``SlotPlan`` says which complete slots are due: those within the lookback
///    (rewritten with fresh data every time the source changes) and missing ones back to the backfill limit.
/// 2. When every due slot exists and the source still serves the poll last written (`If-None-Match`), the run ends.
/// 3. Otherwise the source is read once, its rows sorted into per-slot spool files (``SlotSpool``), and each due
///    slot from the earliest the source covers is written atomically: a slot without rows gets an empty file (the
///    source covers it with no charges). Uploads that fail are aborted: no partial file is ever visible.
/// 4. The FOCUS 1.3 recency metadata (``RecencyMetadata``) is rewritten next to the data.
///
/// A poll cut short (fewer rows than the exporter announced) writes nothing.
public struct FocusExporter: ExportRunning {
    public var fetcher: SourceFetcher
    public var source: RowsSource
    public var stores: any ObjectStoreMaking
    /// Where spool files go while a run sorts rows into slots.
    public var spoolDirectory: String
    public var now: @Sendable () -> Date
    public var logger: Logger

    public init(
        fetcher: SourceFetcher, source: RowsSource, stores: any ObjectStoreMaking,
        spoolDirectory: String = NSTemporaryDirectory(), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger
    ) {
        self.fetcher = fetcher
        self.source = source
        self.stores = stores
        self.spoolDirectory = spoolDirectory
        self.now = now
        self.logger = logger
    }

    public func export(_ pipeline: ResolvedExporterScraper, memory: ExportMemory) async -> ExportOutcome {
        do {
            return try await run(pipeline, memory: memory)
        } catch let error as ScrapeFailure {
            return .failed(error)
        } catch let error as ObjectStoreError {
            return .failed(ExportFailure.store(error))
        } catch let error as SourceError {
            return .failed(ScrapeFailure(error))
        } catch let error as CSVReadError {
            return .failed(
                ScrapeFailure(
                    reason: SourceError.Reason.payload.conditionReason, message: "The rows are not CSV: \(error).",
                    isRetriable: false))
        } catch {
            return .failed(
                ScrapeFailure(reason: "ExportFailed", message: "The export failed: \(error).", isRetriable: true))
        }
    }

    private func run(_ pipeline: ResolvedExporterScraper, memory: ExportMemory) async throws -> ExportOutcome {
        guard let export = pipeline.spec.focusExport else {
            throw ScrapeFailure(
                reason: "ExportNotConfigured", message: "The spec asks for no export.", isRetriable: false)
        }
        let store = try await stores.store(for: export, owner: pipeline.key)
        let name = export.fileName ?? pipeline.key.name
        let layouts = ([FocusFileLayout.prefixOf(export.destination)] + (export.copyPrefix.map { [$0] } ?? [])).map {
            FocusFileLayout(prefix: $0, name: name, export: export)
        }
        let main = layouts[0]
        let listed = try await store.list(prefix: main.root)
        let existing = Set(listed.compactMap { main.slot(ofKey: $0.key) })
        let seconds = Int64(now().timeIntervalSince1970)
        let plan = SlotPlan(
            now: seconds, granularity: export.granularity, lookbackDays: export.lookbackDays,
            backfillDays: export.backfillDays, existing: existing)
        let absent = plan.wanted.filter { !existing.contains($0) && $0 >= (memory.earliest ?? plan.oldest) }
        let etag = absent.isEmpty ? memory.etag : nil
        let (request, fromExporter) = try await source.request(for: pipeline, etag: etag)

        return try await fetcher.open(request) { response -> ExportOutcome in
            if response.status == 304, etag != nil { return .unchanged }
            if fromExporter && response.status == 503 { return .waiting("The exporter has not completed a poll yet.") }
            guard (200..<300).contains(response.status) else {
                throw await Scraper.statusError(response, url: request.redactedURL)
            }
            if let type = response.header("Content-Type")?.lowercased(), type.contains("json") {
                throw SourceError(
                    .payload,
                    "\(request.redactedURL) answered \(type); an export source must serve CSV (plain or gzip).")
            }
            let expectedRows = response.header("X-Finops-Rows").flatMap { Int($0) }
            let spool = try SlotSpool(directory: spoolDirectory, wanted: plan.wanted, export: export)
            defer { spool.close() }
            var reader = CSVReader()
            for try await chunk in Gunzipping(response.body) {
                for batch in try reader.feed(Array(chunk.readableBytesView)) { try spool.take(batch) }
            }
            for batch in try reader.finish() { try spool.take(batch) }
            try spool.finish()
            if let expectedRows, expectedRows != reader.rowsRead {
                throw SourceError(
                    .connection,
                    "\(request.redactedURL) announced \(expectedRows) rows but sent \(reader.rowsRead); nothing was "
                        + "written.")
            }
            if let first = reader.issues.samples.first {
                throw SourceError(
                    .payload, "\(reader.issues.total) malformed rows in \(request.redactedURL), the first: \(first).")
            }
            guard let header = spool.header ?? reader.header else {
                throw SourceError(.payload, "\(request.redactedURL) sent no CSV header.")
            }

            var report = ExportReport(etag: response.header("ETag"))
            report.rowsRead = spool.rowsRead
            report.rowsOutsideWindow = spool.rowsOutsideWindow
            report.rowsWithoutPeriod = spool.rowsWithoutPeriod
            report.firstWithoutPeriod = spool.firstWithoutPeriod
            report.earliest = spool.earliest
            let fileWriter = SlotFileWriter(export: export)
            let contentType = export.format == .parquet ? "application/vnd.apache.parquet" : "text/csv"
            var written: Set<ExportSlot> = []
            for slot in plan.wanted.sorted() {
                let file = spool.file(of: slot)
                guard file != nil || spool.earliest.map({ $0 <= slot }) ?? false else { continue }
                var uploads: [any ObjectUpload] = []
                do {
                    for layout in layouts {
                        uploads.append(try await store.upload(key: layout.key(of: slot), contentType: contentType))
                    }
                    let outputHeader = file == nil ? FocusRowAdjustment(input: header, export: export).output : header
                    _ = try await fileWriter.write(spool: file?.path, header: outputHeader, to: uploads)
                    for upload in uploads { report.files.append(try await upload.complete()) }
                } catch {
                    for upload in uploads { await upload.abort() }
                    throw error
                }
                report.rows += file?.rows ?? 0
                written.insert(slot)
            }
            let held = existing.union(written)
            report.lastCompleteSlot = held.filter { $0 <= plan.newest }.max()
            try await RecencyMetadata.update(
                store: store, layouts: layouts, datasetID: "\(pipeline.key.namespace ?? "")/\(pipeline.key.name)",
                held: held, written: written, now: seconds)
            return .written(report)
        }
    }
}

/// Makes the store an export writes to, reading its credentials at the moment of use.
public protocol ObjectStoreMaking: Sendable {
    func store(for export: NormalizedFocusExport, owner: ObjectKey) async throws -> any ObjectStore
}

extension FocusFileLayout {
    /// The key prefix of a destination within its store (the store's root is the bucket or the directory).
    static func prefixOf(_ destination: NormalizedFocusExport.Destination) -> String {
        switch destination {
        case .s3(_, let prefix): prefix
        case .directory: ""
        }
    }
}
