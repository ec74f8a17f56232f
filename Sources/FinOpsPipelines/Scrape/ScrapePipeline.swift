import DatabaseSinks
import FinOpsAPI
import Foundation
import KubeCore
import KubeRuntime
import Logging

/// The scrape loop of one ExporterScraperConfig: run, report, wait as the ``ScrapeSchedule`` says, again, until
/// cancelled. A cancelled load writes nothing (its transaction rolls back); the next pipeline for the key completes
/// it.
struct ScrapePipeline: Sendable {
    let spec: ResolvedExporterScraper
    let runner: any ScrapeRunning
    let schedule: ScrapeSchedule
    let clock: AnyClock
    let metrics: ScrapeMetrics
    let report: @Sendable (PipelineProgress) -> Void
    let logger: Logger

    var interval: Duration { spec.spec.scraper?.pollingInterval ?? spec.spec.pollingInterval }

    func run() async {
        var tracker = ScrapeTracker(table: spec.spec.scraper?.tableName ?? "")
        var delay = schedule.firstDelay()
        metrics.scheduled(every: interval, owner: spec.key)
        while true {
            tracker.scheduled(at: clock.wallNow().addingTimeInterval(delay.seconds))
            report(tracker.progress)
            do { try await clock.sleep(for: delay) } catch { return }
            let outcome = await runner.scrape(spec, etag: tracker.etag)
            if Task.isCancelled { return }
            tracker.record(outcome, at: clock.wallNow())
            metrics.record(outcome, owner: spec.key)
            log(outcome)
            delay = schedule.delay(after: outcome, interval: interval, failures: tracker.consecutiveFailures)
        }
    }

    private func log(_ outcome: ScrapeOutcome) {
        let owner: Logger.Metadata = ["object": "\(spec.key)", "table": "\(spec.spec.scraper?.tableName ?? "")"]
        switch outcome {
        case .loaded(let report, _):
            var metadata = owner
            metadata["pollID"] = "\(report.pollID)"
            metadata["rowsRead"] = "\(report.rowsRead)"
            metadata["rowsWritten"] = "\(report.rowsInserted + report.rowsUpdated)"
            metadata["rowsRejected"] = "\(report.rejectedCount)"
            if let first = report.rejected.first { metadata["firstRejected"] = "\(first)" }
            if report.rejectedCount > 0 {
                logger.warning("scrape loaded with rejected rows", metadata: metadata)
            } else {
                logger.info(report.alreadyLoaded ? "scrape: poll already loaded" : "scrape loaded", metadata: metadata)
            }
        case .notModified: logger.debug("scrape: exporter poll unchanged", metadata: owner)
        case .waiting(let message): logger.info("scrape waiting: \(message)", metadata: owner)
        case .failed(let failure):
            var metadata = owner
            metadata["reason"] = "\(failure.reason)"
            metadata["retriable"] = "\(failure.isRetriable)"
            logger.error("scrape failed: \(failure.message)", metadata: metadata)
        }
    }
}

/// What a pipeline remembers between runs and reports as ``PipelineProgress``.
struct ScrapeTracker: Sendable, Hashable {
    let table: String
    private(set) var etag: String?
    private(set) var consecutiveFailures = 0
    private(set) var status = ScrapeStatus()
    private(set) var healthy = true
    private(set) var isPending = true
    private(set) var reason = "ScrapeScheduled"
    private(set) var message = "The first scrape is scheduled."

    init(table: String) { self.table = table }

    var progress: PipelineProgress {
        PipelineProgress(healthy: healthy, isPending: isPending, reason: reason, message: message, status: status)
    }

    mutating func scheduled(at date: Date) { status.nextRunTime = date }

    mutating func record(_ outcome: ScrapeOutcome, at date: Date) {
        isPending = false
        switch outcome {
        case .loaded(let report, let etag):
            self.etag = etag
            consecutiveFailures = 0
            status.lastPollId = report.pollID
            status.rowsRead = Int64(report.rowsRead)
            status.rowsWritten = Int64(report.rowsInserted + report.rowsUpdated)
            status.rowsRejected = Int64(report.rejectedCount)
            status.lastSuccessTime = date
            status.lastError = nil
            healthy = true
            if report.alreadyLoaded {
                reason = "ScrapeSucceeded"
                message = "Poll \(report.pollID) was already loaded into \(table)."
            } else if report.rejectedCount > 0 {
                reason = "RowsRejected"
                let first = report.rejected.first.map { " First: \($0)." } ?? ""
                message =
                    "Loaded \(report.rowsInserted + report.rowsUpdated) changed rows of \(report.rowsRead) into "
                    + "\(table); the database refused \(report.rejectedCount) rows.\(first)"
            } else {
                reason = "ScrapeSucceeded"
                message =
                    "Loaded poll \(report.pollID) into \(table): \(report.rowsRead) rows read, "
                    + "\(report.rowsInserted) inserted, \(report.rowsUpdated) updated."
            }
        case .notModified:
            consecutiveFailures = 0
            status.lastSuccessTime = date
            status.lastError = nil
            healthy = true
            reason = "ScrapeSucceeded"
            message = "The exporter still serves poll \(status.lastPollId ?? "?"), already loaded into \(table)."
        case .waiting(let text):
            healthy = true
            isPending = true
            reason = "WaitingForExporter"
            message = text
        case .failed(let failure):
            consecutiveFailures += 1
            status.lastError = failure.message
            healthy = false
            reason = failure.reason
            let retry = failure.isRetriable ? " Retrying with backoff." : ""
            message = "\(failure.message)\(retry) (\(consecutiveFailures) failed runs in a row)"
        }
    }
}
