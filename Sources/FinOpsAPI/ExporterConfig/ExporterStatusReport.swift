import Foundation

/// What an exporter says about its polls at `/status`: the contract between the exporter pod and the operator, which
/// turns it into the ExporterScraperConfig's `SourceHealthy` condition.
///
/// Messages carry URLs without credentials or query, Secret names and keys, line numbers and JSON paths: never secret
/// values.
public struct ExporterStatusReport: Codable, Sendable, Hashable {
    public static let currentVersion = "finops.krateo.io/exporter-status/v1"

    public var version: String = Self.currentVersion
    /// The source, for people (redacted URL or file path).
    public var source: String
    /// The most recent poll, successful or not; absent before the first poll ends.
    public var lastPoll: Poll?
    /// The poll whose rows and metrics are being served; absent until a poll succeeds.
    public var served: Served?
    /// Polls that failed in a row since the last success.
    public var consecutiveFailures: Int

    public init(source: String, lastPoll: Poll? = nil, served: Served? = nil, consecutiveFailures: Int = 0) {
        self.source = source
        self.lastPoll = lastPoll
        self.served = served
        self.consecutiveFailures = consecutiveFailures
    }

    public struct Poll: Codable, Sendable, Hashable {
        public var finishedAt: Date
        public var succeeded: Bool
        /// Attempts made (retries of transient failures included).
        public var attempts: Int
        /// For a failure: a stable reason (`SourceUnreachable`, `SourcePayloadInvalid`, …) and a sentence.
        public var reason: String?
        public var message: String?

        public init(finishedAt: Date, succeeded: Bool, attempts: Int, reason: String? = nil, message: String? = nil) {
            self.finishedAt = finishedAt
            self.succeeded = succeeded
            self.attempts = attempts
            self.reason = reason
            self.message = message
        }
    }

    public struct Served: Codable, Sendable, Hashable {
        /// Identifies the poll (also the ETag of `/rows`).
        public var pollID: String
        public var finishedAt: Date
        public var rows: Int
        /// Rows the source sent that could not be decoded (ragged, wrong shape); they are not served.
        public var rejectedRows: Int
        /// A few of the rejected rows' problems (`line 17: 64 fields, header has 65`).
        public var rejectedSamples: [String]
        /// The FOCUS version the header matched, if any (`1.3`).
        public var focusVersion: String?
        /// FOCUS conformance of the rows: violations by rule id, and the rules' severities.
        public var validationErrors: Int
        public var validationWarnings: Int
        public var violationsByRule: [String: Int]
        /// Series rendered for `/metrics`, and series dropped by the series cap.
        public var series: Int
        public var droppedSeries: Int
        /// Parts of the poll replaced by their documented fallback (an enrichment endpoint failed), with why: the
        /// rows are complete but less precise. Absent when none.
        public var fallbacks: [String: String]?

        public init(
            pollID: String, finishedAt: Date, rows: Int, rejectedRows: Int = 0, rejectedSamples: [String] = [],
            focusVersion: String? = nil, validationErrors: Int = 0, validationWarnings: Int = 0,
            violationsByRule: [String: Int] = [:], series: Int = 0, droppedSeries: Int = 0,
            fallbacks: [String: String]? = nil
        ) {
            self.pollID = pollID
            self.finishedAt = finishedAt
            self.rows = rows
            self.rejectedRows = rejectedRows
            self.rejectedSamples = rejectedSamples
            self.focusVersion = focusVersion
            self.validationErrors = validationErrors
            self.validationWarnings = validationWarnings
            self.violationsByRule = violationsByRule
            self.series = series
            self.droppedSeries = droppedSeries
            self.fallbacks = fallbacks
        }
    }

    /// JSON with ISO-8601 dates and sorted keys.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    public static func decode(_ data: Data) throws -> ExporterStatusReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ExporterStatusReport.self, from: data)
    }
}
