import FinOpsAPI
import Focus
import Foundation
import KubeClient
import KubeCore
import SourcePayloads
import Synchronization

/// `exporterConfig.cluster`: each poll lists the cluster's Nodes and Pods through the Kubernetes API and allocates
/// the node prices of the interval since the previous poll (the polling interval before the first) to the pods
/// running now (``ClusterCostAllocator``). A node no price matches is reported as a rejected row
/// (`unpriced-node`), so it shows in `/status` and the metrics.
///
/// Requests are the sum of the containers' requests (init containers are not counted); node capacity is
/// `allocatable`, else `capacity`; GPUs are `nvidia.com/gpu` and `amd.com/gpu`.
public struct ClusterSource: CostSource {
    public let api: any KubeAPI
    public let allocator: ClusterCostAllocator
    public let interval: Duration
    public let now: @Sendable () -> Date
    /// The end of the last interval allocated, shared by copies of this source.
    private let lastEnd = LastEnd()

    private final class LastEnd: Sendable {
        let value = Mutex<FocusTimestamp?>(nil)
        func get() -> FocusTimestamp? { value.withLock { $0 } }
        func set(_ time: FocusTimestamp) { value.withLock { $0 = time } }
    }

    public init(
        api: any KubeAPI, settings: ExporterConfigFile.ClusterAllocation, interval: Duration,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.api = api
        allocator = ClusterCostAllocator(
            strategy: AllocationStrategy(rawValue: settings.strategy) ?? .weighted,
            pricing: settings.pricing.map {
                NodePrice(
                    labels: $0.labels ?? [:], nodeHourly: $0.nodeHourly, vcpuHourly: $0.vcpuHourly,
                    memoryGiBHourly: $0.memoryGiBHourly, gpuHourly: $0.gpuHourly)
            },
            cluster: settings.name, currency: settings.currency,
            tags: settings.tags.map { TagMapping(tag: $0.tag, label: $0.label, defaultValue: $0.default) })
        self.interval = interval
        self.now = now
    }

    public var summary: String { "cluster \(allocator.cluster) (\(allocator.strategy.rawValue) strategy)" }

    public func poll<Receiver: RowReceiver>(into receiver: inout Receiver) async throws(SourceError) {
        let end = FocusTimestamp(microsecondsSinceEpoch: Int64(now().timeIntervalSince1970 * 1_000_000))
        let seconds = interval.components.seconds
        let start =
            lastEnd.get()
            ?? FocusTimestamp(microsecondsSinceEpoch: end.microsecondsSinceEpoch - seconds * 1_000_000)
        guard start < end else { return }
        let nodes: [core.v1.Node]
        let pods: [core.v1.Pod]
        do {
            nodes = try await api.listAll(core.v1.Node.self, namespace: nil, options: ListOptions(limit: 500)).items
            pods = try await api.listAll(
                core.v1.Pod.self, namespace: nil,
                options: ListOptions(fieldSelector: "status.phase=Running", limit: 500)
            ).items
        } catch let error as KubeError {
            let reason: SourceError.Reason =
                switch error.code {
                case .unauthorized: .unauthorized
                case .forbidden: .unauthorized
                case .transport: .connection
                case .timeout: .timeout
                default: .httpStatus
                }
            throw SourceError(
                reason, "Listing Nodes and Pods failed: \(error.message)", statusCode: error.httpStatus)
        } catch {
            throw SourceError(.connection, "Listing Nodes and Pods failed: \(error)")
        }
        let allocation = allocator.allocate(
            nodes: nodes.map(Self.node), pods: pods.map(Self.pod), start: start, end: end)
        for name in allocation.unpricedNodes {
            receiver.reject(
                RowProblem(
                    kind: "unpriced-node", location: "node \(name)",
                    message: "no pricing entry matches the labels of node \(name): its cost is not allocated"))
        }
        try receiver.receive(allocation.rows)
        lastEnd.set(end)
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
