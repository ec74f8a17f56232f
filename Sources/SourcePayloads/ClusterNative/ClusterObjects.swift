/// What the cluster-native allocation reads from a Node: its name, provider id, labels and allocatable capacity.
public struct ClusterNode: Sendable, Hashable {
    public var name: String
    public var providerID: String?
    public var labels: [String: String]
    public var cpuCores: Double
    public var memoryBytes: Double
    public var gpus: Double
    /// The share of the interval the node existed (0…1; 1 when sampled at the poll).
    public var presentFraction: Double

    public init(
        name: String, providerID: String? = nil, labels: [String: String] = [:], cpuCores: Double,
        memoryBytes: Double, gpus: Double = 0, presentFraction: Double = 1
    ) {
        self.name = name
        self.providerID = providerID
        self.labels = labels
        self.cpuCores = cpuCores
        self.memoryBytes = memoryBytes
        self.gpus = gpus
        self.presentFraction = presentFraction
    }
}

/// What the cluster-native allocation reads from a Pod: where it runs, its phase, labels and the sum of its
/// containers' requests.
public struct ClusterPod: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var nodeName: String?
    /// `Running`, `Pending`, `Succeeded`, …: only running pods are charged.
    public var phase: String
    public var labels: [String: String]
    public var cpuCores: Double
    public var memoryBytes: Double
    public var gpus: Double
    /// The share of the interval the pod was running (0…1; 1 when sampled at the poll). Watched pods that started
    /// or stopped during the interval pay for the part they ran.
    public var runningFraction: Double

    public init(
        namespace: String, name: String, nodeName: String?, phase: String = "Running", labels: [String: String] = [:],
        cpuCores: Double, memoryBytes: Double, gpus: Double = 0, runningFraction: Double = 1
    ) {
        self.namespace = namespace
        self.name = name
        self.nodeName = nodeName
        self.phase = phase
        self.labels = labels
        self.cpuCores = cpuCores
        self.memoryBytes = memoryBytes
        self.gpus = gpus
        self.runningFraction = runningFraction
    }
}

/// One entry of the pricing table: nodes whose labels include all of ``labels`` cost this much per hour, in
/// microcents (µ¢, a millionth of a cent, as Kostanza counts): a whole-node price, per-resource prices, or both
/// (added up).
public struct NodePrice: Sendable, Hashable {
    public var labels: [String: String]
    public var nodeHourly: Double?
    public var vcpuHourly: Double?
    public var memoryGiBHourly: Double?
    public var gpuHourly: Double?

    public init(
        labels: [String: String] = [:], nodeHourly: Double? = nil, vcpuHourly: Double? = nil,
        memoryGiBHourly: Double? = nil, gpuHourly: Double? = nil
    ) {
        self.labels = labels
        self.nodeHourly = nodeHourly
        self.vcpuHourly = vcpuHourly
        self.memoryGiBHourly = memoryGiBHourly
        self.gpuHourly = gpuHourly
    }

    /// Whether this entry prices `node`: its labels are a subset of the node's.
    func matches(_ node: ClusterNode) -> Bool { labels.allSatisfy { node.labels[$0.key] == $0.value } }

    /// The node's whole price per hour (µ¢).
    func total(for node: ClusterNode) -> Double {
        (nodeHourly ?? 0) + (vcpuHourly ?? 0) * node.cpuCores
            + (memoryGiBHourly ?? 0) * node.memoryBytes / 1_073_741_824 + (gpuHourly ?? 0) * node.gpus
    }
}

/// A FOCUS tag taken from a pod label, with a value for pods without it (Kostanza's label mapping).
public struct TagMapping: Sendable, Hashable {
    public var tag: String
    public var label: String
    public var defaultValue: String?

    public init(tag: String, label: String, defaultValue: String? = nil) {
        self.tag = tag
        self.label = label
        self.defaultValue = defaultValue
    }
}
