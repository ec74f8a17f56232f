import FinOpsAPI
import KubeCore
import Metrics

/// The scrape pipelines' Prometheus metrics (through swift-metrics), per owner:
/// `finops_scrape_runs_total{result=loaded|unchanged|waiting|failed}`, `finops_scrape_failures_total{reason}`,
/// `finops_scrape_rows_total{outcome=read|written|rejected}` and `finops_scrape_last_success_timestamp_seconds`.
public struct ScrapeMetrics: Sendable {
    /// Returns the wall time in seconds since 1970, for the last-success gauge.
    let now: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Double) { self.now = now }

    /// `# HELP` texts of these metrics, for the exposition.
    public static let help: [String: String] = [
        "finops_scrape_runs_total":
            "Scrape runs of an ExporterScraperConfig by result (loaded, unchanged, waiting, failed).",
        "finops_scrape_failures_total": "Failed scrape runs of an ExporterScraperConfig by reason.",
        "finops_scrape_rows_total": "Rows of loaded polls by outcome (read, written, rejected by the database).",
        "finops_scrape_last_success_timestamp_seconds": "When a scrape last ended without error (Unix time).",
    ]

    func record(_ outcome: ScrapeOutcome, owner: ObjectKey) {
        let base = [("namespace", owner.namespace ?? ""), ("name", owner.name)]
        func run(_ result: String) {
            Counter(label: "finops_scrape_runs_total", dimensions: base + [("result", result)]).increment()
        }
        switch outcome {
        case .loaded(let report, _):
            run(report.alreadyLoaded ? "unchanged" : "loaded")
            for (name, value) in [
                ("read", report.rowsRead), ("written", report.rowsInserted + report.rowsUpdated),
                ("rejected", report.rejectedCount),
            ] where !report.alreadyLoaded {
                Counter(label: "finops_scrape_rows_total", dimensions: base + [("outcome", name)]).increment(by: value)
            }
            success(base)
        case .notModified:
            run("unchanged")
            success(base)
        case .waiting: run("waiting")
        case .failed(let failure):
            run("failed")
            Counter(label: "finops_scrape_failures_total", dimensions: base + [("reason", failure.metricLabel)])
                .increment()
        }
    }

    private func success(_ base: [(String, String)]) {
        Gauge(label: "finops_scrape_last_success_timestamp_seconds", dimensions: base).record(now())
    }
}
