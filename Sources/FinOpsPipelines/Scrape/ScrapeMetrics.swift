import FinOpsAPI
import KubeCore
import Metrics

/// The scrape pipelines' Prometheus metrics (through swift-metrics), per owner:
/// `finops_scrape_runs_total{result=loaded|unchanged|waiting|failed}`, `finops_scrape_failures_total{reason}`,
/// `finops_scrape_rows_total{outcome=read|written|rejected}`, `finops_scrape_last_success_timestamp_seconds` and
/// `finops_scrape_interval_seconds` (the polling interval, so that an alert can compare the age of the last success
/// with it). The gauges of an owner are removed when its pipeline is stopped for good (``forget(owner:)``): a deleted
/// ExporterScraperConfig must not look stale forever.
public struct ScrapeMetrics: Sendable {
    /// Returns the wall time in seconds since 1970, for the last-success gauge.
    let now: @Sendable () -> Double
    let factory: any MetricsFactory

    public init(now: @escaping @Sendable () -> Double, factory: any MetricsFactory = MetricsSystem.factory) {
        self.now = now
        self.factory = factory
    }

    /// `# HELP` texts of these metrics, for the exposition.
    public static let help: [String: String] = [
        "finops_scrape_runs_total":
            "Scrape runs of an ExporterScraperConfig by result (loaded, unchanged, waiting, failed).",
        "finops_scrape_failures_total": "Failed scrape runs of an ExporterScraperConfig by reason.",
        "finops_scrape_rows_total": "Rows of loaded polls by outcome (read, written, rejected by the database).",
        "finops_scrape_last_success_timestamp_seconds": "When a scrape last ended without error (Unix time).",
        "finops_scrape_interval_seconds": "The polling interval of an ExporterScraperConfig's scrape.",
    ]

    static let gauges = ["finops_scrape_last_success_timestamp_seconds", "finops_scrape_interval_seconds"]

    func scheduled(every interval: Duration, owner: ObjectKey) {
        owner.gauge("finops_scrape_interval_seconds", factory: factory).record(interval.seconds)
    }

    func record(_ outcome: ScrapeOutcome, owner: ObjectKey) {
        let base = owner.metricDimensions
        func run(_ result: String) {
            Counter(label: "finops_scrape_runs_total", dimensions: base + [("result", result)], factory: factory)
                .increment()
        }
        switch outcome {
        case .loaded(let report, _):
            run(report.alreadyLoaded ? "unchanged" : "loaded")
            for (name, value) in [
                ("read", report.rowsRead), ("written", report.rowsInserted + report.rowsUpdated),
                ("rejected", report.rejectedCount),
            ] where !report.alreadyLoaded {
                Counter(label: "finops_scrape_rows_total", dimensions: base + [("outcome", name)], factory: factory)
                    .increment(by: value)
            }
            success(base)
        case .notModified:
            run("unchanged")
            success(base)
        case .waiting: run("waiting")
        case .failed(let failure):
            run("failed")
            Counter(
                label: "finops_scrape_failures_total", dimensions: base + [("reason", failure.metricLabel)],
                factory: factory
            ).increment()
        }
    }

    /// Removes the owner's gauges (its pipeline stopped for good).
    func forget(owner: ObjectKey) { for label in Self.gauges { owner.gauge(label, factory: factory).destroy() } }

    private func success(_ base: [(String, String)]) {
        Gauge(label: "finops_scrape_last_success_timestamp_seconds", dimensions: base, factory: factory).record(now())
    }
}

extension ObjectKey {
    /// The labels of an owner's pipeline metrics.
    var metricDimensions: [(String, String)] { [("namespace", namespace ?? ""), ("name", name)] }

    /// The owner's gauge called `label`.
    func gauge(_ label: String, factory: any MetricsFactory) -> Gauge {
        Gauge(label: label, dimensions: metricDimensions, factory: factory)
    }
}
