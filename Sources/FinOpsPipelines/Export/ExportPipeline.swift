import FinOpsAPI
import Foundation
import KubeCore
import KubeRuntime
import Logging
import Metrics

/// The export loop of one ExporterScraperConfig: run, report, wait as the ``ScrapeSchedule`` says, again, until
/// cancelled. A cancelled run leaves no partial file (uploads in flight are aborted).
struct ExportPipeline: Sendable {
    let spec: ResolvedExporterScraper
    let runner: any ExportRunning
    let schedule: ScrapeSchedule
    let clock: AnyClock
    let report: @Sendable (ExportProgress) -> Void
    let logger: Logger

    func run() async {
        guard let export = spec.spec.focusExport else { return }
        var tracker = ExportTracker(destination: export.destination.description)
        var delay = schedule.firstDelay()
        while true {
            tracker.scheduled(at: clock.wallNow().addingTimeInterval(delay.seconds))
            report(tracker.progress)
            do { try await clock.sleep(for: delay) } catch { return }
            let outcome = await runner.export(spec, memory: tracker.memory)
            if Task.isCancelled { return }
            tracker.record(outcome, at: clock.wallNow())
            ExportMetrics.record(outcome, owner: spec.key, now: clock.wallNow().timeIntervalSince1970)
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

/// The export pipelines' metrics, per owner: `finops_export_runs_total{result=written|unchanged|waiting|failed}`,
/// `finops_export_failures_total{reason}`, `finops_export_files_total`, `finops_export_rows_total{outcome=written|
/// skipped}`, `finops_export_bytes_total` and `finops_export_last_success_timestamp_seconds`.
public enum ExportMetrics {
    public static let help: [String: String] = [
        "finops_export_runs_total": "FOCUS file export runs by result (written, unchanged, waiting, failed).",
        "finops_export_failures_total": "Failed FOCUS file export runs by reason.",
        "finops_export_files_total": "FOCUS files written (copies included).",
        "finops_export_rows_total":
            "Rows by outcome: written into files, or skipped for want of a usable ChargePeriodStart.",
        "finops_export_bytes_total": "Bytes of FOCUS files written (copies included).",
        "finops_export_last_success_timestamp_seconds": "When a FOCUS file export last ended without error.",
    ]

    static func record(_ outcome: ExportOutcome, owner: ObjectKey, now: Double) {
        let base = [("namespace", owner.namespace ?? ""), ("name", owner.name)]
        func run(_ result: String) {
            Counter(label: "finops_export_runs_total", dimensions: base + [("result", result)]).increment()
        }
        switch outcome {
        case .written(let report):
            run("written")
            Counter(label: "finops_export_files_total", dimensions: base).increment(by: report.files.count)
            Counter(label: "finops_export_bytes_total", dimensions: base).increment(by: report.bytes)
            Counter(label: "finops_export_rows_total", dimensions: base + [("outcome", "written")])
                .increment(by: report.rows)
            Counter(label: "finops_export_rows_total", dimensions: base + [("outcome", "skipped")])
                .increment(by: report.rowsWithoutPeriod)
            Gauge(label: "finops_export_last_success_timestamp_seconds", dimensions: base).record(now)
        case .unchanged:
            run("unchanged")
            Gauge(label: "finops_export_last_success_timestamp_seconds", dimensions: base).record(now)
        case .waiting: run("waiting")
        case .failed(let failure):
            run("failed")
            Counter(label: "finops_export_failures_total", dimensions: base + [("reason", failure.metricLabel)])
                .increment()
        }
    }
}
