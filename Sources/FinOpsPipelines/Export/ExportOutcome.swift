import FinOpsAPI
import ObjectStorage

/// How one export run ended.
public enum ExportOutcome: Sendable, Hashable {
    /// Files were written (possibly none, when nothing was due).
    case written(ExportReport)
    /// The source still serves the poll the last run wrote and no slot is due: nothing to do.
    case unchanged
    /// The exporter has no poll yet.
    case waiting(String)
    case failed(ScrapeFailure)
}

/// What a run wrote.
public struct ExportReport: Sendable, Hashable {
    /// The source's poll (its ETag), to skip an unchanged one next time.
    public var etag: String?
    public var files: [StoredObject] = []
    public var rows = 0
    public var rowsRead = 0
    /// Rows of slots outside the window (older than the backfill, or not complete yet).
    public var rowsOutsideWindow = 0
    /// Rows without a usable ChargePeriodStart, and the first of them.
    public var rowsWithoutPeriod = 0
    public var firstWithoutPeriod: String?
    /// The newest complete slot the destination holds after the run.
    public var lastCompleteSlot: ExportSlot?
    /// The earliest slot the source had rows for: slots before it are not the source's to fill.
    public var earliest: ExportSlot?
    public var bytes: Int { files.reduce(0) { $0 + $1.size } }

    public init(etag: String? = nil) { self.etag = etag }
}

/// Failures of the export's own steps, as ``ScrapeFailure``s with reasons of their own.
enum ExportFailure {
    static func local(_ message: String) -> ScrapeFailure {
        ScrapeFailure(reason: "ExportSpoolFailed", message: message, isRetriable: true)
    }

    static func store(_ error: ObjectStoreError) -> ScrapeFailure {
        ScrapeFailure(reason: error.kind.rawValue, message: error.message, isRetriable: error.isRetriable)
    }

    static func value(_ message: String) -> ScrapeFailure {
        ScrapeFailure(reason: "ExportValueInvalid", message: message, isRetriable: false)
    }
}

/// What an export pipeline remembers from its last written run.
public struct ExportMemory: Sendable, Hashable {
    public var etag: String?
    public var earliest: ExportSlot?
    public init(etag: String? = nil, earliest: ExportSlot? = nil) {
        self.etag = etag
        self.earliest = earliest
    }
}

/// Runs one export of an ExporterScraperConfig (``FocusExporter`` for real, fakes in tests).
public protocol ExportRunning: Sendable {
    func export(_ pipeline: ResolvedExporterScraper, memory: ExportMemory) async -> ExportOutcome
}
