import Focus

/// One cluster of `GET /v1/kubernetes/external-clusters` (`{"items": [Cluster]}`).
public struct CastAICluster: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var organizationId: String?
    /// `eks`, `gke`, `aks`, … (free text).
    public var providerType: String?
    public var regionId: String?
    public var regionName: String?
    public var tags: [String: String]
    /// `deletedAt` is set: the cluster is gone and has no costs to report.
    public var deleted: Bool

    public init(
        id: String, name: String? = nil, organizationId: String? = nil, providerType: String? = nil,
        regionId: String? = nil, regionName: String? = nil, tags: [String: String] = [:], deleted: Bool = false
    ) {
        self.id = id
        self.name = name
        self.organizationId = organizationId
        self.providerType = providerType
        self.regionId = regionId
        self.regionName = regionName
        self.tags = tags
        self.deleted = deleted
    }

    /// The clusters of a list answer; items without an `id` are left out (they cannot be asked for costs).
    public static func list(_ root: JSONNode) throws(PayloadError) -> [CastAICluster] {
        guard let items = root["items"]?.arrayValue else {
            if let message = root["message"]?.stringValue {
                throw PayloadError(.sourceReportedError, at: .root, "Cast AI answered: \(message)")
            }
            throw PayloadError(.missingField, at: .root, "expected {\"items\": [clusters]}")
        }
        return items.compactMap { item -> CastAICluster? in
            guard let id = item["id"]?.stringValue, !id.isEmpty else { return nil }
            var tags: [String: String] = [:]
            for member in item["tags"]?.objectValue?.members ?? [] {
                if let value = member.value.stringValue { tags[member.key] = value }
            }
            let deleted = item["deletedAt"].map { !$0.isNull && $0.stringValue?.isEmpty == false } ?? false
            return CastAICluster(
                id: id, name: item["name"]?.stringValue, organizationId: item["organizationId"]?.stringValue,
                providerType: item["providerType"]?.stringValue, regionId: item["region"]?["name"]?.stringValue,
                regionName: item["region"]?["displayName"]?.stringValue, tags: tags, deleted: deleted)
        }
    }
}

/// Hourly unit prices of a cluster's CPU and memory (Cast AI's `ClusterPrice`, and the default pricing of Cast
/// Anywhere clusters).
public struct CastAIUnitPrices: Sendable, Hashable {
    public var cpuHourly: Double
    public var memoryGiBHourly: Double

    public init(cpuHourly: Double, memoryGiBHourly: Double) {
        self.cpuHourly = cpuHourly
        self.memoryGiBHourly = memoryGiBHourly
    }

    /// `cpuHourlyPrice` and `memoryGibHourlyPrice` (decimal strings or numbers) of `node`, or of an object member of
    /// it (the default-pricing answer's schema is not published; both shapes are read).
    static func read(_ node: JSONNode) -> CastAIUnitPrices? {
        func number(_ node: JSONNode?) -> Double? {
            guard let text = node?.stringValue ?? node?.numberText, let value = Double(text), value >= 0,
                value.isFinite
            else { return nil }
            return value
        }
        if let cpu = number(node["cpuHourlyPrice"]), let memory = number(node["memoryGibHourlyPrice"]) {
            return CastAIUnitPrices(cpuHourly: cpu, memoryGiBHourly: memory)
        }
        for member in node.objectValue?.members ?? [] where member.value.objectValue != nil {
            if let cpu = number(member.value["cpuHourlyPrice"]),
                let memory = number(member.value["memoryGibHourlyPrice"])
            {
                return CastAIUnitPrices(cpuHourly: cpu, memoryGiBHourly: memory)
            }
        }
        return nil
    }

    /// One page of `GET /pricing/v1/organizations/{org}/clusters/prices`: prices by cluster id, and the cursor of
    /// the next page (`nextPageCursor`, empty or absent on the last).
    public static func clusterPricesPage(_ root: JSONNode) throws(PayloadError) -> (
        prices: [String: CastAIUnitPrices], next: String?
    ) {
        guard let items = root["items"]?.arrayValue else {
            throw PayloadError(.missingField, at: .root, "expected {\"items\": [cluster prices]}")
        }
        var prices: [String: CastAIUnitPrices] = [:]
        for item in items {
            if let cluster = item["clusterId"]?.stringValue, let price = read(item) { prices[cluster] = price }
        }
        return (prices, root["nextPageCursor"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// `GET /pricing/v1beta/organizations/{org}/anywhere-cluster-default-pricing`.
    public static func defaultPricing(_ root: JSONNode) throws(PayloadError) -> CastAIUnitPrices {
        guard let prices = read(root) else {
            throw PayloadError(.missingField, at: .root, "no cpuHourlyPrice and memoryGibHourlyPrice in the answer")
        }
        return prices
    }
}

/// One price adjustment of `GET /v1/discounts`. Cast AI's costs already include the discounts; the mapping only
/// names the ones that apply to a row (`x_CastAIDiscounts`).
public struct CastAIDiscount: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var enabled: Bool
    /// Cluster ids the discount is limited to; empty means every cluster.
    public var clusters: [String]
    /// `LIFECYCLE_SPOT`, `LIFECYCLE_ON_DEMAND`; empty means both.
    public var lifeCycles: [String]
    public var start: FocusTimestamp?
    public var end: FocusTimestamp?

    public init(
        id: String, name: String? = nil, enabled: Bool = true, clusters: [String] = [], lifeCycles: [String] = [],
        start: FocusTimestamp? = nil, end: FocusTimestamp? = nil
    ) {
        self.id = id
        self.name = name
        self.enabled = enabled
        self.clusters = clusters
        self.lifeCycles = lifeCycles
        self.start = start
        self.end = end
    }

    /// Whether the discount covers compute of `tier` (`on-demand`, `spot`, `spot-fallback`) in `cluster` during
    /// `[from, to)`.
    func applies(cluster: String, tier: String, from: FocusTimestamp, to: FocusTimestamp) -> Bool {
        guard enabled, clusters.isEmpty || clusters.contains(cluster) else { return false }
        if let start, start >= to { return false }
        if let end, end <= from { return false }
        if lifeCycles.isEmpty { return true }
        let lifeCycle = tier == "spot" ? "LIFECYCLE_SPOT" : "LIFECYCLE_ON_DEMAND"
        return lifeCycles.contains(lifeCycle)
    }

    /// One page of `GET /v1/discounts`: the discounts and the next page's cursor (`nextPageToken`).
    public static func page(_ root: JSONNode) throws(PayloadError) -> (discounts: [CastAIDiscount], next: String?) {
        guard let items = root["discounts"]?.arrayValue else {
            throw PayloadError(.missingField, at: .root, "expected {\"discounts\": [...]}")
        }
        func strings(_ node: JSONNode?) -> [String] { node?.arrayValue?.compactMap(\.stringValue) ?? [] }
        let discounts = items.compactMap { item -> CastAIDiscount? in
            guard let id = item["id"]?.stringValue else { return nil }
            return CastAIDiscount(
                id: id, name: item["name"]?.stringValue, enabled: item["enabled"] != .bool(false),
                clusters: strings(item["clusters"]), lifeCycles: strings(item["lifeCycles"]),
                start: item["startDate"]?.stringValue.flatMap { FocusTimestamp($0) },
                end: item["endDate"]?.stringValue.flatMap { FocusTimestamp($0) })
        }
        return (discounts, root["nextPageToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
    }
}

/// One feature of `GET /v1/billing/platform-usage-report`: Cast AI's own licence usage (billable CPUs per product)
/// this month. The API gives no price, so its rows cost 0 and carry the usage as ConsumedQuantity.
public struct CastAIFeatureUsage: Sendable, Hashable {
    public var feature: String
    public var displayName: String?
    public var usage: Double
    public var unit: String?
    public var creditsApplied: Double?
    public var freeOfCharge: Bool

    public init(
        feature: String, displayName: String? = nil, usage: Double, unit: String? = nil, creditsApplied: Double? = nil,
        freeOfCharge: Bool = false
    ) {
        self.feature = feature
        self.displayName = displayName
        self.usage = usage
        self.unit = unit
        self.creditsApplied = creditsApplied
        self.freeOfCharge = freeOfCharge
    }

    public static func report(_ root: JSONNode) throws(PayloadError) -> [CastAIFeatureUsage] {
        guard let features = root["features"]?.arrayValue else {
            throw PayloadError(.missingField, at: .root, "expected {\"features\": [...]}")
        }
        func number(_ node: JSONNode?) -> Double? {
            (node?.numberText ?? node?.stringValue).flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }
        }
        return features.compactMap { item -> CastAIFeatureUsage? in
            guard let feature = item["feature"]?.stringValue, let usage = number(item["usage"]), usage >= 0 else {
                return nil
            }
            return CastAIFeatureUsage(
                feature: feature, displayName: item["displayName"]?.stringValue, usage: usage,
                unit: item["unit"]?.stringValue, creditsApplied: number(item["creditsApplied"]),
                freeOfCharge: item["freeOfCharge"]?["isFreeOfCharge"] == .bool(true))
        }
    }
}
