import Focus
import SourcePayloads

/// A source of FOCUS rows polled by the exporter: a FOCUS CSV endpoint, a usage-metrics API, a generic JSON API.
///
/// A poll streams what it decodes into a ``RowReceiver`` as batches, so that a large report is never held whole;
/// the receiver decides what to keep. A poll either completes (every row delivered, problems with single rows
/// reported through ``RowReceiver/reject(_:)``) or throws a ``SourceError``, in which case the receiver's partial
/// content must be thrown away: the previous complete poll stays in service.
public protocol CostSource: Sendable {
    /// Describes the source for logs and status (a URL without credentials or query).
    var summary: String { get }
    func poll<Receiver: RowReceiver>(into receiver: inout Receiver) async throws(SourceError)
    /// Metrics of the source's own, in the Prometheus text format, served after the exporter's (the cluster
    /// source's cost counters); empty for most sources.
    func metricsText() -> [UInt8]
}

extension CostSource {
    public func metricsText() -> [UInt8] { [] }
}

/// Receives the rows of one poll.
public protocol RowReceiver {
    /// A batch of rows; every batch of one poll shares one header.
    mutating func receive(_ batch: RowBatch) throws(SourceError)
    /// A row that could not be decoded (ragged CSV row, JSON item of the wrong shape). It is counted, logged and
    /// shown in status; the rest of the poll goes on.
    mutating func reject(_ problem: RowProblem)
    /// More rows that could not be decoded, beyond the ones described through ``reject(_:)`` (decoders keep a
    /// bounded number of descriptions): counted only.
    mutating func rejectUndescribed(count: Int)
    /// Part of the poll could not be fetched and a documented fallback took its place (an enrichment endpoint
    /// failed): the rows are complete but less precise. Shown in `/status`, the `SourceHealthy` condition's reason
    /// and the exporter's metrics.
    mutating func fallback(_ fallback: SourceFallback)
}

extension RowReceiver {
    /// Receivers that only count rows (validation, resource discovery) ignore fallbacks.
    public mutating func fallback(_ fallback: SourceFallback) {}

    /// A decoded payload: its problems as rejected rows, then its rows.
    mutating func receive(_ decoded: DecodedPayload) throws(SourceError) {
        for problem in decoded.problems {
            reject(RowProblem(kind: "item", location: "\(problem.path)", message: problem.message))
        }
        if decoded.omittedProblemCount > 0 { rejectUndescribed(count: decoded.omittedProblemCount) }
        try receive(decoded.rows)
    }
}

/// A part of a poll replaced by its fallback.
public struct SourceFallback: Sendable, Hashable, CustomStringConvertible {
    /// A short stable identifier, used as a metric label (`cluster-prices`, `default-pricing`, …).
    public var part: String
    /// What failed and what was used instead, without secret values.
    public var message: String

    public init(part: String, message: String) {
        self.part = part
        self.message = message
    }

    public var description: String { "\(part): \(message)" }
}

/// One row a source could not turn into a FOCUS row.
public struct RowProblem: Sendable, Hashable, CustomStringConvertible {
    /// A short stable identifier, used as a metric label (`ragged-row`, `field-too-long`, `bad-item`, …).
    public var kind: String
    /// Where: `line 17` or `$.value[3]`.
    public var location: String
    public var message: String

    public init(kind: String, location: String, message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
