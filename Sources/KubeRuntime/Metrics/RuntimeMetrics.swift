import KubeCore
import Metrics

/// The controller runtime's own metrics, through swift-metrics (the executable bootstraps a Prometheus backend).
///
/// | metric | type | labels |
/// |---|---|---|
/// | `finops_operator_reconcile_total` | counter | `controller`, `result` (`success`, `requeue`, `conflict`, `error`, `terminal`) |
/// | `finops_operator_reconcile_duration_seconds` | histogram | `controller` |
/// | `finops_operator_workqueue_depth` | gauge | `controller` |
/// | `finops_operator_watch_restarts_total` | counter | `resource`, `reason` (`closed`, `expired`, `connection_lost`, `error`, `list_error`) |
/// | `finops_operator_leader` | gauge | `identity` |
///
/// Labels never carry object names or secret values: cardinality stays bounded by the number of controllers.
public struct RuntimeMetrics: Sendable {
    public init() {}

    /// `# HELP` text per metric name: swift-metrics carries none, so the exposition adds these when it renders.
    public static let help: [String: String] = [
        "finops_operator_reconcile_total": "Reconciles by controller and result.",
        "finops_operator_reconcile_duration_seconds": "Time spent in one reconcile, by controller.",
        "finops_operator_workqueue_depth": "Keys due and waiting for a worker, by controller.",
        "finops_operator_watch_restarts_total": "Watches that ended and were restarted, by resource and reason.",
        "finops_operator_leader": "1 while this replica holds the leader lease.",
    ]

    public func reconciled(controller: String, result: String, duration: Duration) {
        Counter(label: "finops_operator_reconcile_total", dimensions: [("controller", controller), ("result", result)])
            .increment()
        Timer(
            label: "finops_operator_reconcile_duration_seconds", dimensions: [("controller", controller)],
            preferredDisplayUnit: .seconds
        ).recordNanoseconds(duration.nanoseconds)
    }

    public func queueDepth(controller: String, depth: Int) {
        Gauge(label: "finops_operator_workqueue_depth", dimensions: [("controller", controller)]).record(depth)
    }

    public func watchRestarted(resource: ResourceType, reason: String) {
        Counter(
            label: "finops_operator_watch_restarts_total",
            dimensions: [("resource", resource.qualifiedName), ("reason", reason)]
        ).increment()
    }

    public func leading(_ leading: Bool, identity: String) {
        Gauge(label: "finops_operator_leader", dimensions: [("identity", identity)]).record(leading ? 1 : 0)
    }
}

extension Duration {
    /// Whole nanoseconds, saturating.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product + attoseconds / 1_000_000_000
    }
}
