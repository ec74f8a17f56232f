import FinOpsAPI
import Foundation
import KubeCore
import KubeRuntime
import Logging

/// The export loop of one ExporterScraperConfig: run, report, wait as the ``ScrapeSchedule`` says, again, until
/// cancelled. A cancelled run leaves no partial file (uploads in flight are aborted).
struct ExportPipeline: Sendable {
    let spec: ResolvedExporterScraper
    let runner: any ExportRunning
    let schedule: ScrapeSchedule
    let clock: AnyClock
    let metrics: ExportMetrics
    let report: @Sendable (ExportProgress) -> Void
    let logger: Logger

    func run() async {
        guard let export = spec.spec.focusExport else { return }
        var tracker = ExportTracker(destination: export.destination.description)
        var delay = schedule.firstDelay()
        metrics.scheduled(every: export.interval, owner: spec.key)
        while true {
            tracker.scheduled(at: clock.wallNow().addingTimeInterval(delay.seconds))
            report(tracker.progress)
            do { try await clock.sleep(for: delay) } catch { return }
            let outcome = await runner.export(spec, memory: tracker.memory)
            if Task.isCancelled { return }
            tracker.record(outcome, at: clock.wallNow())
            metrics.record(outcome, owner: spec.key, now: clock.wallNow().timeIntervalSince1970)
            log(outcome, destination: export.destination.description)
            let result: ScrapeSchedule.RunResult =
                switch outcome {
                case .written, .unchanged: .succeeded
                case .waiting: .waiting
                case .failed(let failure): .failed(retriable: failure.isRetriable)
                }
            delay = schedule.delay(after: result, interval: export.interval, failures: tracker.consecutiveFailures)
        }
    }

    private func log(_ outcome: ExportOutcome, destination: String) {
        var metadata: Logger.Metadata = ["object": "\(spec.key)", "destination": "\(destination)"]
        switch outcome {
        case .written(let report):
            metadata["files"] = "\(report.files.count)"
            metadata["rows"] = "\(report.rows)"
            metadata["bytes"] = "\(report.bytes)"
            if report.rowsWithoutPeriod > 0 {
                metadata["rowsWithoutPeriod"] = "\(report.rowsWithoutPeriod)"
                metadata["first"] = "\(report.firstWithoutPeriod ?? "")"
                logger.warning(
                    "export written; rows without a usable ChargePeriodStart were left out", metadata: metadata)
            } else {
                logger.info("export written", metadata: metadata)
            }
        case .unchanged: logger.debug("export: source unchanged, every slot present", metadata: metadata)
        case .waiting(let message): logger.info("export waiting: \(message)", metadata: metadata)
        case .failed(let failure):
            metadata["reason"] = "\(failure.reason)"
            metadata["retriable"] = "\(failure.isRetriable)"
            logger.error("export failed: \(failure.message)", metadata: metadata)
        }
    }
}

/// What an export pipeline remembers between runs and reports as ``ExportProgress``.
struct ExportTracker: Sendable, Hashable {
    let destination: String
    private(set) var memory = ExportMemory()
    private(set) var consecutiveFailures = 0
    private(set) var progress: ExportProgress

    init(destination: String) {
        self.destination = destination
        progress = ExportProgress(
            healthy: true, isPending: true, reason: "ExportScheduled", message: "The first export is scheduled.")
    }

    mutating func scheduled(at date: Date) { progress.status.nextRunTime = date }

    mutating func record(_ outcome: ExportOutcome, at date: Date) {
        progress.isPending = false
        switch outcome {
        case .written(let report):
            memory = ExportMemory(etag: report.etag, earliest: report.earliest)
            consecutiveFailures = 0
            progress.healthy = true
            progress.status.lastCompleteSlot = report.lastCompleteSlot?.description ?? progress.status.lastCompleteSlot
            progress.status.files = Int64(report.files.count)
            progress.status.rows = Int64(report.rows)
            progress.status.bytes = Int64(report.bytes)
            progress.status.rowsSkipped = Int64(report.rowsWithoutPeriod)
            progress.status.lastSuccessTime = date
            progress.status.lastError = nil
            let summary =
                "Wrote \(report.files.count) files (\(report.rows) rows, \(report.bytes) bytes) to \(destination); "
                + "newest complete slot \(report.lastCompleteSlot?.description ?? "none yet")."
            if report.rowsWithoutPeriod > 0 {
                progress.reason = "RowsSkipped"
                progress.message =
                    summary + " \(report.rowsWithoutPeriod) rows have no usable ChargePeriodStart and are in no file; "
                    + "first: \(report.firstWithoutPeriod ?? "?")."
            } else {
                progress.reason = "ExportSucceeded"
                progress.message = summary
            }
        case .unchanged:
            consecutiveFailures = 0
            progress.healthy = true
            progress.reason = "ExportSucceeded"
            progress.status.lastSuccessTime = date
            progress.status.lastError = nil
            progress.message = "Every due slot is in \(destination) and the source is unchanged."
        case .waiting(let text):
            progress.healthy = true
            progress.isPending = true
            progress.reason = "WaitingForExporter"
            progress.message = text
        case .failed(let failure):
            consecutiveFailures += 1
            progress.healthy = false
            progress.reason = failure.reason
            progress.status.lastError = failure.message
            let retry = failure.isRetriable ? " Retrying with backoff." : ""
            progress.message = "\(failure.message)\(retry) (\(consecutiveFailures) failed runs in a row)"
        }
    }
}
