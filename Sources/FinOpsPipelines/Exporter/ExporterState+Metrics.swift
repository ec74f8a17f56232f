import Exposition
import KubeRuntime

extension ExporterState {
    /// The exporter's own metrics (polls, failures by reason, rejected rows, dropped series, FOCUS violations) as
    /// Prometheus text, rendered per scrape and served after the cost series of the last good poll, in the same
    /// gzip member.
    public func selfMetricsText() -> [UInt8] {
        let counters = self.counters
        let builder = ExpositionBuilder(encoding: .identity)
        func family(
            _ name: String, _ help: String, _ type: MetricType, labels: [String] = [],
            _ series: [(labels: [String], value: Double)]
        ) {
            guard let family = try? MetricFamily(name: name, help: help, type: type, labelNames: labels) else { return }
            try? builder.family(family) { writer in
                for entry in series { try writer.append(labelValues: entry.labels, value: entry.value) }
            }
        }
        family(
            "finops_exporter_polls_total", "Polls of the cost source that completed.", .counter,
            [([], Double(counters.successes))])
        family(
            "finops_exporter_poll_failures_total", "Polls of the cost source that failed, by reason.", .counter,
            labels: ["reason"],
            counters.failuresByReason.sorted { $0.key < $1.key }.map { ([$0.key], Double($0.value)) })
        family(
            "finops_exporter_last_poll_success", "1 when the last poll succeeded, 0 when it failed.", .gauge,
            counters.lastPollSucceeded.map { [([], $0 ? 1 : 0)] } ?? [])
        family(
            "finops_exporter_last_success_timestamp_seconds", "When the served poll completed (Unix time).", .gauge,
            counters.lastSuccess.map { [([], $0.timeIntervalSince1970)] } ?? [])
        family(
            "finops_exporter_last_poll_duration_seconds",
            "How long the last poll took, retries included, whether it succeeded or failed.", .gauge,
            counters.lastPollDuration.map { [([], $0.seconds)] } ?? [])
        family(
            "finops_exporter_consecutive_failures", "Polls failed in a row since the last success.", .gauge,
            [([], Double(counters.consecutiveFailures))])
        family(
            "finops_exporter_rows", "Rows of the served poll.", .gauge,
            counters.servedRows.map { [([], Double($0))] } ?? [])
        family(
            "finops_exporter_series", "Cost series of the served poll.", .gauge,
            counters.servedSeries.map { [([], Double($0))] } ?? [])
        family(
            "finops_exporter_rejected_rows_total", "Source rows that could not be decoded (ragged, wrong shape).",
            .counter, [([], Double(counters.rejectedRowsTotal))])
        family(
            "finops_exporter_series_dropped_total", "Cost series left out because of the series cap.", .counter,
            [([], Double(counters.droppedSeriesTotal))])
        family(
            "finops_exporter_fallbacks_total",
            "Parts of completed polls replaced by their documented fallback (an enrichment endpoint failed), by part.",
            .counter, labels: ["part"],
            counters.fallbacksByPart.sorted { $0.key < $1.key }.map { ([$0.key], Double($0.value)) })
        family(
            "finops_exporter_degraded", "1 for each part of the served poll that used its fallback.", .gauge,
            labels: ["part"], counters.servedFallbacks.map { ([$0], 1) })
        family(
            "finops_exporter_focus_violations", "FOCUS conformance violations in the served poll, by rule.", .gauge,
            labels: ["rule"], counters.validationByRule.sorted { $0.key < $1.key }.map { ([$0.key], Double($0.value)) })
        return builder.finish().bytes()
    }
}
