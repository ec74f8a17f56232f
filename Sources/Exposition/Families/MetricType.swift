/// The `# TYPE` of a family. Cost exports are gauges (the current cost of a period); counters suit totals that
/// only grow, such as the exporter's own dropped-series count.
public enum MetricType: String, Sendable, Hashable, CaseIterable {
    case gauge
    case counter
    case untyped
}
