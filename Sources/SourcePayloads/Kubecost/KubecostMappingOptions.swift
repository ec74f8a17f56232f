/// What the Kubecost/OpenCost mappings cannot read from a response: names for the FOCUS columns the APIs do not
/// carry, the currency (Kubecost reports in one configured currency and does not say which), and which labels
/// become tags.
public struct KubecostMappingOptions: Sendable, Hashable {
    /// Which product answered: it names the allocation method and is the default provider name.
    public enum Flavor: String, Sendable, Hashable, CaseIterable {
        case kubecost, opencost

        /// `Kubecost` or `OpenCost`.
        public var displayName: String { self == .kubecost ? "Kubecost" : "OpenCost" }
    }

    public var flavor: Flavor
    /// `BillingCurrency` of every row (ISO 4217).
    public var currency = "USD"
    /// `BillingAccountId`/`BillingAccountName`; default: the item's cluster (allocations) or cloud account (assets).
    public var billingAccountId: String?
    /// `ServiceProviderName` (and the deprecated `ProviderName`); default: the asset's cloud provider, else
    /// ``Flavor/displayName``.
    public var serviceProviderName: String?
    /// `PublisherName`; default: ``Flavor/displayName``.
    public var publisherName: String?
    /// `InvoiceIssuerName`; default: the service provider's name.
    public var invoiceIssuerName: String?
    /// `HostProviderName` (the cloud the cluster runs on); default: the asset's provider, else null.
    public var hostProviderName: String?
    /// Label and annotation keys kept in `Tags` and `AllocatedTags`; `nil` keeps every key.
    public var tagAllowlist: Set<String>?

    public init(flavor: Flavor) { self.flavor = flavor }

    /// Whether the tag `key` is kept.
    func keepsTag(_ key: String) -> Bool { tagAllowlist?.contains(key) ?? true }
}
