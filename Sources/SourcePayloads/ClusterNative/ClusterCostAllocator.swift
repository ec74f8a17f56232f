import Focus

/// How a node's price is spread over the pods running on it (Kostanza's strategies).
public enum AllocationStrategy: String, Sendable, Hashable, CaseIterable {
    /// The CPU-priced part of the node (`vcpuHourly` × cores, else the whole price) by each pod's share of the
    /// node's CPU; the unrequested share is the node's idle row.
    case cpu
    /// The same with memory (`memoryGiBHourly`).
    case memory
    /// The same with GPUs (`gpuHourly`); a node without GPUs is all idle.
    case gpu
    /// The whole price by the average of each pod's share of the pods' CPU requests and of their memory requests:
    /// the pods' shares sum to the node's price (no idle row unless no pod runs).
    case weighted
    /// The whole price split equally among the node's running pods (dedicated nodes).
    case node
}

/// Cluster-native cost allocation: the price of each node (from a pricing table matched on node labels, first
/// match wins) over an interval, spread over the running pods by a strategy, as FOCUS 1.3 rows (one per pod and an
/// idle row per node where the strategy leaves a share unrequested), plus each row's microcents for Kostanza-style
/// counters. Pure: the caller brings the Pods and Nodes.
public struct ClusterCostAllocator: Sendable {
    public var strategy: AllocationStrategy
    public var pricing: [NodePrice]
    /// `BillingAccountId`/`Name` and `x_Cluster`.
    public var cluster: String
    public var currency: String
    /// Pod labels as tags; empty takes every label as it is.
    public var tags: [TagMapping]

    public init(
        strategy: AllocationStrategy, pricing: [NodePrice], cluster: String, currency: String = "USD",
        tags: [TagMapping] = []
    ) {
        self.strategy = strategy
        self.pricing = pricing
        self.cluster = cluster
        self.currency = currency
        self.tags = tags
    }

    /// One allocated share: a pod's (or a node's idle) part of a node's price over the interval.
    public struct Share: Sendable, Hashable {
        public var node: String
        /// `nil` for the node's idle share.
        public var pod: ClusterPod?
        /// Fraction of the strategy's priced part of the node.
        public var ratio: Double
        /// The share's cost over the interval, in microcents.
        public var microcents: Double
    }

    /// The result of one interval.
    public struct Allocation: Sendable {
        public var shares: [Share]
        /// FOCUS 1.3 rows of ``shares``, in the same order.
        public var rows: RowBatch
        /// Nodes no pricing entry matched: not charged, to be reported.
        public var unpricedNodes: [String]
    }

    /// Allocates the interval `start..<end`.
    public func allocate(nodes: [ClusterNode], pods: [ClusterPod], start: FocusTimestamp, end: FocusTimestamp)
        -> Allocation
    {
        let hours = Double(end.microsecondsSinceEpoch - start.microsecondsSinceEpoch) / 3_600_000_000
        let running = Dictionary(
            grouping: pods.filter { $0.phase == "Running" && $0.nodeName != nil && $0.runningFraction > 0 }
        ) { $0.nodeName ?? "" }
        var shares: [Share] = []
        var unpriced: [String] = []
        for node in nodes.sorted(by: { $0.name < $1.name }) where node.presentFraction > 0 {
            guard let price = pricing.first(where: { $0.matches(node) }) else {
                unpriced.append(node.name)
                continue
            }
            let onNode = (running[node.name] ?? []).sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
            for (pod, ratio) in Self.ratios(strategy, node: node, pods: onNode) {
                let base = Self.pricedPart(strategy, price: price, node: node)
                shares.append(
                    Share(
                        node: node.name, pod: pod, ratio: ratio,
                        microcents: base * ratio * hours * node.presentFraction))
            }
        }
        let rows = rowBatch(
            shares, nodes: Dictionary(nodes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }),
            start: start, end: end, hours: hours)
        return Allocation(shares: shares, rows: rows, unpricedNodes: unpriced)
    }

    /// The hourly price the strategy spreads (µ¢): the strategy's resource part when the entry prices it, else the
    /// whole node.
    static func pricedPart(_ strategy: AllocationStrategy, price: NodePrice, node: ClusterNode) -> Double {
        switch strategy {
        case .cpu: price.vcpuHourly.map { $0 * node.cpuCores } ?? price.total(for: node)
        case .memory: price.memoryGiBHourly.map { $0 * node.memoryBytes / 1_073_741_824 } ?? price.total(for: node)
        case .gpu: price.gpuHourly.map { $0 * node.gpus } ?? price.total(for: node)
        case .weighted, .node: price.total(for: node)
        }
    }

    /// Each pod's ratio of the priced part over the node's time in the interval, then the idle ratio (`nil` pod)
    /// when positive. A pod that ran for part of the node's time weighs that part: its request for the
    /// request-priced strategies, its requests among the pods' for `weighted`, its turn for `node`.
    static func ratios(_ strategy: AllocationStrategy, node: ClusterNode, pods: [ClusterPod])
        -> [(ClusterPod?, Double)]
    {
        func time(_ pod: ClusterPod) -> Double { min(pod.runningFraction / node.presentFraction, 1) }
        func byCapacity(_ request: (ClusterPod) -> Double, _ capacity: Double) -> [(ClusterPod?, Double)] {
            guard capacity > 0 else { return pods.map { ($0, 0) } + [(nil, 1)] }
            var result: [(ClusterPod?, Double)] = pods.map { ($0, request($0) * time($0) / capacity) }
            let idle = 1 - result.reduce(0) { $0 + $1.1 }
            if idle > 1e-12 { result.append((nil, idle)) }
            return result
        }
        guard !pods.isEmpty else { return [(nil, 1)] }
        switch strategy {
        case .cpu: return byCapacity(\.cpuCores, node.cpuCores)
        case .memory: return byCapacity(\.memoryBytes, node.memoryBytes)
        case .gpu: return byCapacity(\.gpus, node.gpus)
        case .weighted:
            let cpu = pods.reduce(0) { $0 + $1.cpuCores * time($1) }
            let memory = pods.reduce(0) { $0 + $1.memoryBytes * time($1) }
            let turns = pods.reduce(0) { $0 + time($1) }
            return pods.map { pod in
                let equal = time(pod) / turns
                let cpuShare = cpu > 0 ? pod.cpuCores * time(pod) / cpu : equal
                let memoryShare = memory > 0 ? pod.memoryBytes * time(pod) / memory : equal
                return (pod, (cpuShare + memoryShare) / 2)
            }
        case .node:
            let turns = pods.reduce(0) { $0 + time($1) }
            return pods.map { ($0, time($0) / turns) }
        }
    }

    private func rowBatch(
        _ shares: [Share], nodes: [String: ClusterNode], start: FocusTimestamp, end: FocusTimestamp, hours: Double
    ) -> RowBatch {
        var builder = RowBatchBuilder(header: FocusRowDraft<AllocationColumn>.header)
        var draft = FocusRowDraft<AllocationColumn>()
        var times = TimestampTexts()
        draft.setUsageCharge(account: cluster, currency: currency, start: start, end: end, texts: &times)
        draft[.providerName] = "Kubernetes"
        draft[.serviceProviderName] = "Kubernetes"
        draft[.publisherName] = "finops-operator"
        draft[.invoiceIssuerName] = cluster
        draft[.serviceName] = "Kubernetes"
        draft[.serviceCategory] = "Compute"
        draft[.serviceSubcategory] = "Containers"
        draft[.resourceType] = "Node"
        draft[.allocatedMethodId] = "cluster-\(strategy.rawValue)"
        draft[.xCluster] = cluster
        draft[.xCostComponent] = strategy.rawValue
        let unit = strategy.usageUnit
        for share in shares {
            let node = nodes[share.node]
            draft.setCosts(FocusText.decimal(share.microcents / 100_000_000, fractionDigits: 12) ?? "0")
            draft[.resourceId] = node?.providerID ?? "\(cluster)/\(share.node)"
            draft[.resourceName] = share.node
            draft[.xNode] = share.node
            let usage = node.map { strategy.usage(of: share.pod, node: $0, ratio: share.ratio) } ?? 0
            let quantity = FocusText.quantity(usage * hours)
            draft[.consumedQuantity] = quantity
            draft[.consumedUnit] = quantity == nil ? nil : unit
            draft[.pricingQuantity] = quantity
            draft[.pricingUnit] = quantity == nil ? nil : unit
            let ratio = FocusText.decimal(share.ratio, fractionDigits: 15) ?? "0"
            draft[.allocatedMethodDetails] =
                "{\"Elements\":[{\"AllocatedRatio\":\(ratio),\"UsageUnit\":\"\(unit)\",\"UsageQuantity\":\(quantity ?? "0")}],"
                + "\"x_Strategy\":\"\(strategy.rawValue)\"}"
            if let pod = share.pod {
                let id = "\(pod.namespace)/\(pod.name)"
                draft[.chargeDescription] = "\(strategy.label) share of node \(share.node) for pod \(id)"
                draft[.subAccountId] = pod.namespace
                draft[.subAccountName] = pod.namespace
                draft[.allocatedResourceId] = id
                draft[.allocatedResourceName] = pod.name
                let tagText = tagsText(pod.labels)
                draft[.tags] = tagText
                draft[.allocatedTags] = tagText
                draft[.xNamespace] = pod.namespace
                draft[.xPod] = pod.name
                draft[.xAllocationKind] = "workload"
            } else {
                draft[.chargeDescription] = "Unrequested \(strategy.label) share of node \(share.node)"
                draft[.subAccountId] = nil
                draft[.subAccountName] = nil
                draft[.allocatedResourceId] = "\(cluster)/\(share.node)/__idle__"
                draft[.allocatedResourceName] = "__idle__"
                draft[.tags] = nil
                draft[.allocatedTags] = nil
                draft[.xNamespace] = nil
                draft[.xPod] = nil
                draft[.xAllocationKind] = "idle"
            }
            builder.append(draft)
        }
        return builder.finish()
    }

    /// The pod's labels as tags: through the mappings (with their defaults), or all of them when there are none.
    func tagsText(_ labels: [String: String]) -> String? {
        if tags.isEmpty { return FocusText.tags(labels.sorted { $0.key < $1.key }) }
        return FocusText.tags(
            tags.compactMap { mapping in
                (labels[mapping.label] ?? mapping.defaultValue).map { (mapping.tag, $0) }
            })
    }
}

extension AllocationStrategy {
    var label: String {
        switch self {
        case .cpu: "CPU"
        case .memory: "Memory"
        case .gpu: "GPU"
        case .weighted: "Weighted"
        case .node: "Node"
        }
    }

    /// What the rows' quantities count: the strategy's resource over time, or the interval's hours.
    var usageUnit: String {
        switch self {
        case .cpu: "vCPU-Hours"
        case .memory: "GiB-Hours"
        case .gpu: "GPU-Hours"
        case .weighted, .node: "Hours"
        }
    }

    /// The resource amount behind a share (per hour of the interval): the pod's request over the part it ran, or
    /// the node's unrequested part over the part it existed.
    func usage(of pod: ClusterPod?, node: ClusterNode, ratio: Double) -> Double {
        let time = min(pod?.runningFraction ?? 1, node.presentFraction)
        return switch self {
        case .cpu: (pod?.cpuCores ?? node.cpuCores * ratio) * time
        case .memory: (pod?.memoryBytes ?? node.memoryBytes * ratio) / 1_073_741_824 * time
        case .gpu: (pod?.gpus ?? node.gpus * ratio) * time
        case .weighted, .node: time
        }
    }
}
