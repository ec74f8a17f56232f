import FinOpsAPI

/// metricType `cost` and `generic`: rows from an HTTP(S) endpoint or a `file://` path, as CSV (optionally gzip) or
/// JSON (Krateo's FocusConfigList, a Prometheus query result, or any array of rows). For `cost` the rows are FOCUS.
/// With a ``CostModelMapping`` the JSON is Kubecost's or OpenCost's answer, mapped to FOCUS.
public struct EndpointSource: CostSource {
    public let plan: RequestPlan
    public let fetcher: SourceFetcher
    public let summary: String
    public let costModel: CostModelMapping?

    public init(plan: RequestPlan, fetcher: SourceFetcher, costModel: CostModelMapping? = nil) {
        self.plan = plan
        self.fetcher = fetcher
        self.costModel = costModel
        if let url = plan.source.url {
            summary = SourceRequest.redact(url)
        } else {
            summary = plan.source.request.map { "\($0.method) \($0.path.split(separator: "?").first ?? "")" } ?? "?"
        }
    }

    public func poll<Receiver: RowReceiver>(into receiver: inout Receiver) async throws(SourceError) {
        let request = try await plan.request()
        var decoder = RowBodyDecoder(receiver: receiver, costModel: costModel)
        try await fetcher.fetch(request, into: &decoder)
        receiver = decoder.receiver
    }
}
