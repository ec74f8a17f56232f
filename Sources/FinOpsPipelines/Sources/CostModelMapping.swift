import FinOpsAPI
import SourcePayloads

/// The exporter's `costModel` settings as the decoder of a Kubecost/OpenCost answer needs them.
public struct CostModelMapping: Sendable, Hashable {
    public var response: KubecostResponse
    public var options: KubecostMappingOptions

    /// `nil` for a product or API this build does not know (the configuration was written by a newer operator).
    public init?(_ model: ExporterConfigFile.CostModel) {
        guard let response = KubecostResponse(name: "\(model.product)-\(model.api)") else { return nil }
        self.response = response
        options = KubecostMappingOptions(flavor: response.flavor)
        options.currency = model.currency
        options.billingAccountId = model.billingAccountId
        options.serviceProviderName = model.serviceProviderName
        options.hostProviderName = model.hostProviderName
        options.tagAllowlist = model.tagAllowlist.map(Set.init)
    }
}
