import Exposition
import Focus

/// Everything the exporter serves from one complete poll, prepared once when the poll ends.
public struct PollResult: Sendable {
    public var header: FocusHeader?
    public var rows: Int
    public var rejectedRows: Int
    public var rejectedSamples: [RowProblem]
    /// The FOCUS version the header matched (`1.3`), if any.
    public var focusVersion: String?
    public var validationErrors: Int
    public var validationWarnings: Int
    public var violationsByRule: [String: Int]
    /// The cost series in Prometheus text format, gzip-compressed; each scrape appends the exporter's own metrics
    /// to the same gzip member (``ExpositionBody/gzipMember(appending:)``).
    public var metrics: ExpositionBody
    public var series: Int
    public var droppedSeries: Int
    /// The rows as FOCUS CSV (header first), gzip-compressed: what `/rows` serves.
    public var rowsCSVGzip: [UInt8]
    /// Parts of the poll replaced by their fallbacks.
    public var fallbacks: [SourceFallback] = []

    public init(
        header: FocusHeader?, rows: Int, rejectedRows: Int = 0, rejectedSamples: [RowProblem] = [],
        focusVersion: String? = nil, validationErrors: Int = 0, validationWarnings: Int = 0,
        violationsByRule: [String: Int] = [:], metrics: ExpositionBody, series: Int = 0, droppedSeries: Int = 0,
        rowsCSVGzip: [UInt8]
    ) {
        self.header = header
        self.rows = rows
        self.rejectedRows = rejectedRows
        self.rejectedSamples = rejectedSamples
        self.focusVersion = focusVersion
        self.validationErrors = validationErrors
        self.validationWarnings = validationWarnings
        self.violationsByRule = violationsByRule
        self.metrics = metrics
        self.series = series
        self.droppedSeries = droppedSeries
        self.rowsCSVGzip = rowsCSVGzip
    }
}

/// Receives one poll's rows and prepares what is served from them.
public protocol PollCollecting: RowReceiver {
    /// Called once every row has been received; throws when the poll must not replace the one in service (e.g. it
    /// has no rows at all).
    mutating func finish() throws(SourceError) -> PollResult
}
