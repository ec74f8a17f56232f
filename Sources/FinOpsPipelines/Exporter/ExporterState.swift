import FinOpsAPI
import Foundation
import Synchronization

/// What the exporter serves, shared between the poll loop (writer) and the HTTP server (readers).
///
/// Holds the last complete poll (served until a newer one completes) and the outcome of the latest poll, and counts
/// polls, failures by reason, rejected rows and dropped series for the exporter's own metrics.
public final class ExporterState: Sendable {
    struct Inner {
        var served: (result: PollResult, pollID: String, finishedAt: Date)?
        var lastPoll: ExporterStatusReport.Poll?
        var consecutiveFailures = 0
        var pollSequence = 0
        var successes = 0
        var failuresByReason: [String: Int] = [:]
        var rejectedRowsTotal = 0
        var droppedSeriesTotal = 0
        var fallbacksByPart: [String: Int] = [:]
        var lastSuccess: Date?
        var lastPollDuration: Duration?
    }

    public let sourceSummary: String
    private let inner = Mutex(Inner())
    private let now: @Sendable () -> Date

    public init(sourceSummary: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.sourceSummary = sourceSummary
        self.now = now
    }

    /// Serves `result` from now on; returns its poll id. `duration` is the poll's, from its first attempt on.
    @discardableResult
    public func publish(_ result: PollResult, attempts: Int, duration: Duration? = nil) -> String {
        let finishedAt = now()
        return inner.withLock { inner in
            inner.lastPollDuration = duration
            inner.pollSequence += 1
            let pollID = "\(Int64(finishedAt.timeIntervalSince1970 * 1000))-\(inner.pollSequence)"
            inner.served = (result, pollID, finishedAt)
            inner.lastPoll = .init(finishedAt: finishedAt, succeeded: true, attempts: attempts)
            inner.consecutiveFailures = 0
            inner.successes += 1
            inner.rejectedRowsTotal += result.rejectedRows
            inner.droppedSeriesTotal += result.droppedSeries
            for fallback in result.fallbacks { inner.fallbacksByPart[fallback.part, default: 0] += 1 }
            inner.lastSuccess = finishedAt
            return pollID
        }
    }

    public func recordFailure(_ error: SourceError, attempts: Int, duration: Duration? = nil) {
        let finishedAt = now()
        inner.withLock { inner in
            inner.lastPollDuration = duration
            inner.lastPoll = .init(
                finishedAt: finishedAt, succeeded: false, attempts: attempts, reason: error.reason.conditionReason,
                message: error.message)
            inner.consecutiveFailures += 1
            inner.failuresByReason[error.reason.rawValue, default: 0] += 1
        }
    }

    /// The last complete poll and its id.
    public var served: (result: PollResult, pollID: String)? {
        inner.withLock { inner in inner.served.map { ($0.result, $0.pollID) } }
    }

    public var report: ExporterStatusReport {
        inner.withLock { inner in
            ExporterStatusReport(
                source: sourceSummary, lastPoll: inner.lastPoll,
                served: inner.served.map { served in
                    let result = served.result
                    return .init(
                        pollID: served.pollID, finishedAt: served.finishedAt, rows: result.rows,
                        rejectedRows: result.rejectedRows,
                        rejectedSamples: result.rejectedSamples.prefix(10).map(\.description),
                        focusVersion: result.focusVersion, validationErrors: result.validationErrors,
                        validationWarnings: result.validationWarnings, violationsByRule: result.violationsByRule,
                        series: result.series, droppedSeries: result.droppedSeries,
                        fallbacks: result.fallbacks.isEmpty
                            ? nil
                            : Dictionary(
                                result.fallbacks.map { ($0.part, $0.message) }, uniquingKeysWith: { first, _ in first })
                    )
                }, consecutiveFailures: inner.consecutiveFailures)
        }
    }

    /// Figures for the exporter's own metrics.
    struct Counters {
        var successes: Int
        var failuresByReason: [String: Int]
        var rejectedRowsTotal: Int
        var droppedSeriesTotal: Int
        var fallbacksByPart: [String: Int]
        var servedFallbacks: [String]
        var lastSuccess: Date?
        var lastPollSucceeded: Bool?
        var lastPollDuration: Duration?
        var consecutiveFailures: Int
        var servedRows: Int?
        var servedSeries: Int?
        var validationByRule: [String: Int]
    }

    var counters: Counters {
        inner.withLock { inner in
            Counters(
                successes: inner.successes, failuresByReason: inner.failuresByReason,
                rejectedRowsTotal: inner.rejectedRowsTotal, droppedSeriesTotal: inner.droppedSeriesTotal,
                fallbacksByPart: inner.fallbacksByPart,
                servedFallbacks: Set(inner.served?.result.fallbacks.map(\.part) ?? []).sorted(),
                lastSuccess: inner.lastSuccess, lastPollSucceeded: inner.lastPoll?.succeeded,
                lastPollDuration: inner.lastPollDuration,
                consecutiveFailures: inner.consecutiveFailures, servedRows: inner.served?.result.rows,
                servedSeries: inner.served?.result.series,
                validationByRule: inner.served?.result.violationsByRule ?? [:])
        }
    }
}
