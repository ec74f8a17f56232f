import FinOpsAPI
import Foundation
import KubeCore

/// Where an ExporterScraperConfig's rows are read from by the in-process pipelines (the scrape into a database and
/// the FOCUS file export): the exporter's `/rows`, or `scraperConfig.url` / `scraperConfig.api` when set.
public struct RowsSource: Sendable {
    /// Secrets of `scraperConfig.api` endpoints.
    public var secrets: any SecretProvider
    /// The environment upper-case variable values name (the operator's).
    public var environment: [String: String]
    /// Where an owner's exporter serves its rows; in the cluster by default.
    public var exporterRowsURL: @Sendable (ObjectKey) -> String

    public init(
        secrets: any SecretProvider, environment: [String: String] = ProcessInfo.processInfo.environment,
        exporterRowsURL: @escaping @Sendable (ObjectKey) -> String = { ExporterAddress.url(of: $0, path: "/rows") }
    ) {
        self.secrets = secrets
        self.environment = environment
        self.exporterRowsURL = exporterRowsURL
    }

    /// The request for `pipeline`'s rows (gzip accepted; `If-None-Match` when `etag` is given), and whether it goes
    /// to the exporter (whose 503 means "no poll yet" and whose polls announce their row count).
    public func request(for pipeline: ResolvedExporterScraper, etag: String?) async throws -> (
        request: SourceRequest, fromExporter: Bool
    ) {
        let source = pipeline.spec.scraper?.source ?? .exporter
        var request: SourceRequest
        if let configured = ExporterConfigFile.Source(scraper: source) {
            let plan = RequestPlan(
                source: configured,
                variables: SourceVariables(pipeline.spec.additionalVariables, environment: environment),
                secrets: secrets)
            request = try await plan.request()
        } else {
            request = SourceRequest(endpoint: Endpoint(serverURL: exporterRowsURL(pipeline.key)))
        }
        request.headers.append(.init(name: "Accept-Encoding", value: "gzip"))
        if let etag { request.headers.append(.init(name: "If-None-Match", value: etag)) }
        return (request, source == .exporter)
    }
}
