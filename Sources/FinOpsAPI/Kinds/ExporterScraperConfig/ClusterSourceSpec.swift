/// `spec.exporterConfig.cluster` (not in Krateo; optional): no external cost tool at all. The exporter watches the
/// cluster's Nodes and Pods, prices each node from ``pricing`` (the first entry whose labels the node has), spreads
/// each interval's price over the pods that ran in it (each for the part it ran) by ``strategy`` and serves one
/// FOCUS 1.3 row per pod and interval, plus an idle row per node for what the pods did not request
/// (`docs/sources.md`). `api` and `url` stay unset.
public struct ClusterSourceSpec: Codable, Sendable, Hashable {
    /// The cluster's name in the rows (`BillingAccountId`, `x_Cluster`); default `kubernetes`.
    public var name: String?
    /// `cpu`, `memory`, `gpu` (price of requests), `weighted` (default: the node's price by the average of each pod's
    /// share of CPU and memory requests) or `node` (whole node, split among its pods).
    public var strategy: String?
    /// `BillingCurrency` of the rows; default `USD`.
    public var currency: String?
    /// Prices per node, first match wins; a node no entry matches is reported and not charged.
    public var pricing: [NodePriceSpec]?
    /// A ConfigMap whose key (default `pricing.yaml`) holds more entries in the same shape (a YAML list), after
    /// ``pricing``'s; read at every poll, so an edit applies without a restart.
    public var pricingConfigMapRef: ConfigMapKeyRef?
    /// FOCUS tags from pod labels; absent takes every label as it is.
    public var tags: [TagMappingSpec]?

    public init(
        name: String? = nil, strategy: String? = nil, currency: String? = nil, pricing: [NodePriceSpec]? = nil,
        pricingConfigMapRef: ConfigMapKeyRef? = nil, tags: [TagMappingSpec]? = nil
    ) {
        self.name = name
        self.strategy = strategy
        self.currency = currency
        self.pricing = pricing
        self.pricingConfigMapRef = pricingConfigMapRef
        self.tags = tags
    }
}

/// A key of a ConfigMap.
public struct ConfigMapKeyRef: Codable, Sendable, Hashable {
    public var name: String
    /// `nil` or empty: the referring object's namespace.
    public var namespace: String?
    /// `nil`: the default of the field that refers.
    public var key: String?

    public init(name: String, namespace: String? = nil, key: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.key = key
    }
}

extension NodePriceSpec {
    /// What is wrong with this entry, if anything: it needs at least one price, and no price is negative.
    public var problem: String? {
        let prices = [nodeHourly, vcpuHourly, memoryGiBHourly, gpuHourly].compactMap { $0 }
        if prices.isEmpty { return "Set nodeHourly, vcpuHourly, memoryGiBHourly or gpuHourly." }
        if prices.contains(where: { $0 < 0 || !$0.isFinite }) { return "Prices are microcents per hour, zero or more." }
        return nil
    }
}

/// One pricing entry: nodes carrying all of ``labels`` cost this much per hour, in microcents (µ¢: 100,000,000 µ¢
/// are one currency unit), as a whole-node price, per-resource prices, or both (added).
public struct NodePriceSpec: Codable, Sendable, Hashable {
    public var labels: [String: String]?
    public var nodeHourly: Double?
    public var vcpuHourly: Double?
    public var memoryGiBHourly: Double?
    public var gpuHourly: Double?

    public init(
        labels: [String: String]? = nil, nodeHourly: Double? = nil, vcpuHourly: Double? = nil,
        memoryGiBHourly: Double? = nil, gpuHourly: Double? = nil
    ) {
        self.labels = labels
        self.nodeHourly = nodeHourly
        self.vcpuHourly = vcpuHourly
        self.memoryGiBHourly = memoryGiBHourly
        self.gpuHourly = gpuHourly
    }
}

/// A FOCUS tag from a pod label, with a value for pods without the label.
public struct TagMappingSpec: Codable, Sendable, Hashable {
    public var tag: String
    public var label: String
    public var `default`: String?

    public init(tag: String, label: String, default: String? = nil) {
        self.tag = tag
        self.label = label
        self.default = `default`
    }
}
