/// The `# TYPE` of a family. Cost exports are gauges (the current cost of a period); counters suit totals that
/// only grow, such as the exporter's own dropped-series count.
public enum MetricType: String, Sendable, Hashable, CaseIterable {
    /// A value that goes up and down (a cost, a count of rows).
    case gauge
    /// A total that only grows, reset only when the process restarts.
    case counter
    /// No declared type.
    case untyped
}
