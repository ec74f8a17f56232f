/// `spec.exporterConfig.kubecost` or `spec.exporterConfig.opencost` (not in Krateo; optional): poll Kubecost's or
/// OpenCost's Allocation or Assets API instead of a FOCUS CSV endpoint, and map its answer to FOCUS 1.3 rows
/// (`docs/sources.md`). `api.endpointRef` names the Secret whose `server-url` is the product's base URL
/// (`http://kubecost-cost-analyzer.kubecost:9090`); the request path is built from these fields, so `api.path` stays
/// empty.
public struct CostModelSourceSpec: Codable, Sendable, Hashable {
    /// `allocation` (default: workloads' costs) or `assets` (nodes, disks, load balancers, …).
    public var api: String?
    /// The query window, in the product's syntax (`1d`, `24h`, `today`, `lastweek`, or `start,end` in RFC 3339);
    /// default `1d`.
    public var window: String?
    /// `aggregate`: the properties to group by (`namespace`, `controller`, `pod`, `container`, `label:team`, …).
    public var aggregate: String?
    /// Allocation `step` (Kubecost) / `resolution` for OpenCost: one set per step (e.g. `1h`); absent: one set for
    /// the window.
    public var step: String?
    /// `accumulate`: one set for the whole window.
    public var accumulate: Bool?
    /// Allocation: `includeIdle` (idle costs as `__idle__` allocations); default true.
    public var includeIdle: Bool?
    /// Allocation: `shareIdle` (idle spread over the allocations instead of its own rows).
    public var shareIdle: Bool?
    /// Allocation: `idleByNode` (idle per node, so each node's split sums to its cost).
    public var idleByNode: Bool?
    /// `filter`, in the product's filter language (e.g. `namespace:"shop"`).
    public var filter: String?
    /// `BillingCurrency` of the rows (the APIs do not say); default `USD`.
    public var currency: String?
    /// `BillingAccountId`/`BillingAccountName`; default: the cluster (allocations) or cloud account (assets).
    public var billingAccountId: String?
    /// `ServiceProviderName`; default: the cloud provider of an asset, else `Kubecost`/`OpenCost`.
    public var serviceProviderName: String?
    /// `HostProviderName`: the cloud the cluster runs on.
    public var hostProviderName: String?
    /// Label and annotation keys kept in `Tags`/`AllocatedTags`; absent keeps them all.
    public var tagAllowlist: [String]?

    /// Creates a source block; every field is optional.
    public init(
        api: String? = nil, window: String? = nil, aggregate: String? = nil, step: String? = nil,
        accumulate: Bool? = nil, includeIdle: Bool? = nil, shareIdle: Bool? = nil, idleByNode: Bool? = nil,
        filter: String? = nil, currency: String? = nil, billingAccountId: String? = nil,
        serviceProviderName: String? = nil, hostProviderName: String? = nil, tagAllowlist: [String]? = nil
    ) {
        self.api = api
        self.window = window
        self.aggregate = aggregate
        self.step = step
        self.accumulate = accumulate
        self.includeIdle = includeIdle
        self.shareIdle = shareIdle
        self.idleByNode = idleByNode
        self.filter = filter
        self.currency = currency
        self.billingAccountId = billingAccountId
        self.serviceProviderName = serviceProviderName
        self.hostProviderName = hostProviderName
        self.tagAllowlist = tagAllowlist
    }
}
