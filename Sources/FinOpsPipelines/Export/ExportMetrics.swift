import KubeCore
import Metrics

/// The export pipelines' metrics, per owner: `finops_export_runs_total{result=written|unchanged|waiting|failed}`,
/// `finops_export_failures_total{reason}`, `finops_export_files_total`, `finops_export_rows_total{outcome=written|
/// skipped}`, `finops_export_bytes_total`, `finops_export_last_success_timestamp_seconds` and
/// `finops_export_interval_seconds`. As with ``ScrapeMetrics``, an owner's gauges go when its export stops for good.
public struct ExportMetrics: Sendable {
    let factory: any MetricsFactory

    public init(factory: any MetricsFactory = MetricsSystem.factory) { self.factory = factory }

    public static let help: [String: String] = [
        "finops_export_runs_total": "FOCUS file export runs by result (written, unchanged, waiting, failed).",
        "finops_export_failures_total": "Failed FOCUS file export runs by reason.",
        "finops_export_files_total": "FOCUS files written (copies included).",
        "finops_export_rows_total":
            "Rows by outcome: written into files, or skipped for want of a usable ChargePeriodStart.",
        "finops_export_bytes_total": "Bytes of FOCUS files written (copies included).",
        "finops_export_last_success_timestamp_seconds": "When a FOCUS file export last ended without error.",
        "finops_export_interval_seconds": "The interval of an ExporterScraperConfig's FOCUS file export.",
    ]

    static let gauges = ["finops_export_last_success_timestamp_seconds", "finops_export_interval_seconds"]

    func scheduled(every interval: Duration, owner: ObjectKey) {
        owner.gauge("finops_export_interval_seconds", factory: factory).record(interval.seconds)
    }

    func record(_ outcome: ExportOutcome, owner: ObjectKey, now: Double) {
        let base = owner.metricDimensions
        func count(_ label: String, _ extra: [(String, String)] = [], by amount: Int = 1) {
            Counter(label: label, dimensions: base + extra, factory: factory).increment(by: amount)
        }
        func succeeded() { owner.gauge("finops_export_last_success_timestamp_seconds", factory: factory).record(now) }
        switch outcome {
        case .written(let report):
            count("finops_export_runs_total", [("result", "written")])
            count("finops_export_files_total", by: report.files.count)
            count("finops_export_bytes_total", by: report.bytes)
            count("finops_export_rows_total", [("outcome", "written")], by: report.rows)
            count("finops_export_rows_total", [("outcome", "skipped")], by: report.rowsWithoutPeriod)
            succeeded()
        case .unchanged:
            count("finops_export_runs_total", [("result", "unchanged")])
            succeeded()
        case .waiting: count("finops_export_runs_total", [("result", "waiting")])
        case .failed(let failure):
            count("finops_export_runs_total", [("result", "failed")])
            count("finops_export_failures_total", [("reason", failure.metricLabel)])
        }
    }

    /// Removes the owner's gauges (its export stopped for good).
    func forget(owner: ObjectKey) { for label in Self.gauges { owner.gauge(label, factory: factory).destroy() } }
}
