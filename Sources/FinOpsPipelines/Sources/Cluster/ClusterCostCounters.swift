import Exposition
import SourcePayloads
import Synchronization

/// Kostanza-compatible cost counters of the cluster-native source: `finops_cluster_cost_microcents_total`, the
/// microcents (µ¢, 10⁻⁸ of the currency unit) allocated since the exporter started, by cluster, strategy, kind
/// (`pod` or `idle`), namespace, node and one label per tag mapping (its default, else `unknown`, when the pod lacks
/// the label), so that `rate(…[1h]) * 3600` is a cost per hour. Counters restart at 0 with the exporter, as
/// Prometheus counters may.
final class ClusterCostCounters: Sendable {
    static let name = "finops_cluster_cost_microcents_total"
    static let fixedLabels = ["cluster", "strategy", "kind", "namespace", "node"]

    let labelNames: [String]
    private let tags: [TagMapping]
    private let totals = Mutex<[[String]: Double]>([:])

    init(tags: [TagMapping]) {
        self.tags = tags
        var names = Self.fixedLabels
        for mapping in tags {
            var name = LabelName.sanitize(mapping.tag)
            while names.contains(name) { name = "tag_" + name }
            names.append(name)
        }
        labelNames = names
    }

    /// Adds one interval's shares.
    func add(_ shares: [ClusterCostAllocator.Share], cluster: String, strategy: AllocationStrategy) {
        var increments: [[String]: Double] = [:]
        for share in shares where share.microcents > 0 {
            var values = [
                cluster, strategy.rawValue, share.pod == nil ? "idle" : "pod", share.pod?.namespace ?? "", share.node,
            ]
            for mapping in tags {
                values.append(share.pod?.labels[mapping.label] ?? mapping.defaultValue ?? "unknown")
            }
            increments[values, default: 0] += share.microcents
        }
        totals.withLock { totals in
            for (values, amount) in increments { totals[values, default: 0] += amount }
        }
    }

    /// The counters in the Prometheus text format.
    func text() -> [UInt8] {
        let series = totals.withLock { $0 }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let builder = ExpositionBuilder(encoding: .identity)
        guard
            let family = try? MetricFamily(
                name: Self.name,
                help: "Node cost allocated to pods and idle capacity, in microcents (Kostanza's unit).",
                type: .counter, labelNames: labelNames)
        else { return [] }
        try? builder.family(family) { writer in
            for (values, total) in series { try writer.append(labelValues: values, value: total.rounded()) }
        }
        return builder.finish().bytes()
    }
}
