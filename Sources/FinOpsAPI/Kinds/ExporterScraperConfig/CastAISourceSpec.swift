/// `spec.exporterConfig.castai` (not in Krateo; optional): poll Cast AI's cost reports for the workloads of every
/// cluster of an organization and map them to FOCUS 1.3 rows (`docs/sources.md`). `api.endpointRef` names the Secret
/// with `server-url` (`https://api.cast.ai`, or `https://api.eu.cast.ai`) and `api-key` (sent as `X-API-Key`);
/// `api.path` stays empty.
public struct CastAISourceSpec: Codable, Sendable, Hashable {
    /// The organization whose clusters are reported (`InvoiceId` `CASTAI-{org}-{yyyy}-{mm}`, the pricing calls).
    public var organizationId: String?
    /// How far back each poll asks, as a Go duration (`24h`, `168h` to backfill a week); default `24h`.
    public var window: String?
    /// The report's step (`stepSeconds`), as a Go duration from `1h` to `24h` dividing a day; default `1h`.
    public var step: String?
    /// Only these clusters (ids or names); not with ``excludeClusters``.
    public var clusters: [String]?
    /// Every cluster but these (ids or names); not with ``clusters``.
    public var excludeClusters: [String]?
    /// Only workloads in these namespaces; not with ``excludeNamespaces``.
    public var namespaces: [String]?
    /// Every namespace but these; not with ``namespaces``.
    public var excludeNamespaces: [String]?
    /// Workload label keys asked for (`labelsToInclude`) and kept in `Tags` with the cluster tags; absent keeps the
    /// cluster tags only (Cast AI returns labels only when asked).
    public var tagAllowlist: [String]?
    /// Which enrichment calls to make; each is on by default and falls back when it fails.
    public var enrichment: CastAIEnrichmentSpec?

    /// Creates a source block; every field is optional.
    public init(
        organizationId: String? = nil, window: String? = nil, step: String? = nil, clusters: [String]? = nil,
        excludeClusters: [String]? = nil, namespaces: [String]? = nil, excludeNamespaces: [String]? = nil,
        tagAllowlist: [String]? = nil, enrichment: CastAIEnrichmentSpec? = nil
    ) {
        self.organizationId = organizationId
        self.window = window
        self.step = step
        self.clusters = clusters
        self.excludeClusters = excludeClusters
        self.namespaces = namespaces
        self.excludeNamespaces = excludeNamespaces
        self.tagAllowlist = tagAllowlist
        self.enrichment = enrichment
    }
}

/// `spec.exporterConfig.castai.enrichment`: the calls made beside the workload reports, in parallel. A failing one
/// never fails the poll: its fallback is used and reported (`SourceHealthy` reason `SourceDegraded`, metric
/// `finops_exporter_fallbacks_total`).
public struct CastAIEnrichmentSpec: Codable, Sendable, Hashable {
    /// `clusters/prices` → ContractedCost (fallback: ListCost).
    public var clusterPrices: Bool?
    /// `anywhere-cluster-default-pricing` → ListCost (fallback: BilledCost).
    public var defaultPricing: Bool?
    /// `platform-usage-report` → zero-cost rows of Cast AI's own licence usage (fallback: none).
    public var billing: Bool?
    /// `discounts` → `x_CastAIDiscounts` (fallback: not named).
    public var discounts: Bool?
    /// `enterprise/usage-report` → the same zero-cost usage rows for an Enterprise organization, summed over its
    /// child organizations (off by default: only Enterprise keys may call it; fallback: none).
    public var enterpriseBilling: Bool?

    public init(
        clusterPrices: Bool? = nil, defaultPricing: Bool? = nil, billing: Bool? = nil, discounts: Bool? = nil,
        enterpriseBilling: Bool? = nil
    ) {
        self.clusterPrices = clusterPrices
        self.defaultPricing = defaultPricing
        self.billing = billing
        self.discounts = discounts
        self.enterpriseBilling = enterpriseBilling
    }
}
