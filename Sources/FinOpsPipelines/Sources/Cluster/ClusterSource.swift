import FinOpsAPI
import Focus
import Foundation
import KubeClient
import KubeCore
import SourcePayloads
import Synchronization
import Yams

/// `exporterConfig.cluster`: each poll allocates the node prices of the interval since the previous poll (the
/// polling interval before the first) to the pods (``ClusterCostAllocator``). With a ``ClusterWatch`` (the exporter
/// runs one) the pods are those that ran during the interval, each for the part it ran; without one, each poll lists
/// the Nodes and the running Pods and charges them the whole interval. A node no price matches is reported as a
/// rejected row (`unpriced-node`), so it shows in `/status` and the metrics.
///
/// Requests are the sum of the containers' requests (init containers are not counted); node capacity is
/// `allocatable`, else `capacity`; GPUs are `nvidia.com/gpu` and `amd.com/gpu`.
public struct ClusterSource: CostSource {
    public let api: any KubeAPI
    public let allocator: ClusterCostAllocator
    /// More pricing entries, read at every poll (`pricingConfigMapRef`).
    public let pricingConfigMap: ExporterConfigFile.ConfigMapKey?
    public let interval: Duration
    public let now: @Sendable () -> Date
    /// Where the Nodes and Pods come from when set; else a list per poll.
    public let watch: ClusterWatch?
    /// The end of the last interval allocated, shared by copies of this source.
    private let lastEnd = LastEnd()
    /// `finops_cluster_cost_microcents_total`, shared by copies of this source.
    private let counters: ClusterCostCounters

    private final class LastEnd: Sendable {
        let value = Mutex<FocusTimestamp?>(nil)
        func get() -> FocusTimestamp? { value.withLock { $0 } }
        func set(_ time: FocusTimestamp) { value.withLock { $0 = time } }
    }

    public init(
        api: any KubeAPI, settings: ExporterConfigFile.ClusterAllocation, interval: Duration,
        watch: ClusterWatch? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.api = api
        self.watch = watch
        allocator = ClusterCostAllocator(
            strategy: AllocationStrategy(rawValue: settings.strategy) ?? .weighted,
            pricing: settings.pricing.map(Self.price),
            cluster: settings.name, currency: settings.currency,
            tags: settings.tags.map { TagMapping(tag: $0.tag, label: $0.label, defaultValue: $0.default) })
        pricingConfigMap = settings.pricingConfigMap
        self.interval = interval
        self.now = now
        counters = ClusterCostCounters(tags: allocator.tags)
    }

    public func metricsText() -> [UInt8] { counters.text() }

    public var summary: String { "cluster \(allocator.cluster) (\(allocator.strategy.rawValue) strategy)" }

    public func poll<Receiver: RowReceiver>(into receiver: inout Receiver) async throws(SourceError) {
        let end = FocusTimestamp(microsecondsSinceEpoch: Int64(now().timeIntervalSince1970 * 1_000_000))
        let seconds = interval.components.seconds
        let start =
            lastEnd.get()
            ?? FocusTimestamp(microsecondsSinceEpoch: end.microsecondsSinceEpoch - seconds * 1_000_000)
        guard start < end else { return }
        var allocator = self.allocator
        if let pricingConfigMap { allocator.pricing += try await pricing(from: pricingConfigMap) }
        let nodes: [ClusterNode]
        let pods: [ClusterPod]
        if let watch {
            guard watch.isReady else {
                throw SourceError(.connection, "The Node and Pod watches have not listed the cluster yet.")
            }
            (nodes, pods) = watch.snapshot(start: start.date, end: end.date)
        } else {
            (nodes, pods) = try await listed()
        }
        let allocation = allocator.allocate(nodes: nodes, pods: pods, start: start, end: end)
        for name in allocation.unpricedNodes {
            receiver.reject(
                RowProblem(
                    kind: "unpriced-node", location: "node \(name)",
                    message: "no pricing entry matches the labels of node \(name): its cost is not allocated"))
        }
        try receiver.receive(allocation.rows)
        counters.add(allocation.shares, cluster: allocator.cluster, strategy: allocator.strategy)
        lastEnd.set(end)
    }

    /// The Nodes and the running Pods, listed now.
    private func listed() async throws(SourceError) -> (nodes: [ClusterNode], pods: [ClusterPod]) {
        do {
            let nodes = try await api.listAll(core.v1.Node.self, namespace: nil, options: ListOptions(limit: 500))
            let pods = try await api.listAll(
                core.v1.Pod.self, namespace: nil,
                options: ListOptions(fieldSelector: "status.phase=Running", limit: 500))
            return (nodes.items.map(Self.node), pods.items.map(Self.pod))
        } catch {
            throw Self.sourceError(error, doing: "Listing Nodes and Pods")
        }
    }

    /// The entries of the pricing ConfigMap's key: a YAML (or JSON) list shaped like `pricing`.
    func pricing(from reference: ExporterConfigFile.ConfigMapKey) async throws(SourceError) -> [NodePrice] {
        let origin = "ConfigMap \(reference.namespace)/\(reference.name)"
        let configMap: core.v1.ConfigMap
        do {
            configMap = try await api.get(
                core.v1.ConfigMap.self, ObjectKey(namespace: reference.namespace, name: reference.name))
        } catch let error as KubeError where error.code == .notFound {
            throw SourceError(.configuration, "The pricing \(origin) does not exist.")
        } catch {
            throw Self.sourceError(error, doing: "Reading the pricing \(origin)")
        }
        guard let text = configMap.data?[reference.key] else {
            throw SourceError(.configuration, "The pricing \(origin) has no key \(reference.key).")
        }
        let entries: [NodePriceSpec]
        do { entries = try YAMLDecoder().decode([NodePriceSpec].self, from: text) } catch {
            throw SourceError(
                .configuration, "\(reference.key) of \(origin) is not a list of pricing entries: \(error).")
        }
        for (index, entry) in entries.enumerated() {
            if let problem = entry.problem {
                throw SourceError(.configuration, "\(reference.key) of \(origin), entry \(index): \(problem)")
            }
        }
        return entries.map(Self.price)
    }

    static func price(_ entry: NodePriceSpec) -> NodePrice {
        NodePrice(
            labels: entry.labels ?? [:], nodeHourly: entry.nodeHourly, vcpuHourly: entry.vcpuHourly,
            memoryGiBHourly: entry.memoryGiBHourly, gpuHourly: entry.gpuHourly)
    }

    /// An API failure as the poll's error.
    static func sourceError(_ error: any Error, doing what: String) -> SourceError {
        guard let error = error as? KubeError else { return SourceError(.connection, "\(what) failed: \(error)") }
        let reason: SourceError.Reason =
            switch error.code {
            case .unauthorized, .forbidden: .unauthorized
            case .transport: .connection
            case .timeout: .timeout
            default: .httpStatus
            }
        return SourceError(reason, "\(what) failed: \(error.message)", statusCode: error.httpStatus)
    }

    static func node(_ node: core.v1.Node) -> ClusterNode {
        let resources = node.status?.allocatable ?? node.status?.capacity ?? [:]
        return ClusterNode(
            name: node.metadata.name ?? "", providerID: node.spec?.providerID, labels: node.metadata.labels ?? [:],
            cpuCores: quantity(resources["cpu"]), memoryBytes: quantity(resources["memory"]),
            gpus: quantity(resources["nvidia.com/gpu"]) + quantity(resources["amd.com/gpu"]))
    }

    static func pod(_ pod: core.v1.Pod) -> ClusterPod {
        var cpu = 0.0
        var memory = 0.0
        var gpus = 0.0
        for container in pod.spec?.containers ?? [] {
            let requests = container.resources?.requests ?? [:]
            cpu += quantity(requests["cpu"])
            memory += quantity(requests["memory"])
            gpus += quantity(requests["nvidia.com/gpu"]) + quantity(requests["amd.com/gpu"])
        }
        return ClusterPod(
            namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? "", nodeName: pod.spec?.nodeName,
            phase: pod.status?.phase ?? "Unknown", labels: pod.metadata.labels ?? [:], cpuCores: cpu,
            memoryBytes: memory, gpus: gpus)
    }

    /// A Kubernetes quantity (`500m`, `2Gi`, `4`) as a number; 0 when absent or unreadable.
    static func quantity(_ text: String?) -> Double {
        text.flatMap { DecimalText.plain(quantity: $0) }.flatMap(Double.init) ?? 0
    }
}

extension FocusTimestamp {
    var date: Date { Date(timeIntervalSince1970: Double(microsecondsSinceEpoch) / 1_000_000) }
}
