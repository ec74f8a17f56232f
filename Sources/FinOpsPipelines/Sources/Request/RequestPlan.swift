import FinOpsAPI
import Foundation

/// How to build a poll's request from the exporter's configuration: placeholders filled, Secrets read, at each poll.
public struct RequestPlan: Sendable {
    public var source: ExporterConfigFile.Source
    public var variables: SourceVariables
    public var secrets: any SecretProvider
    /// Where the in-cluster Kubernetes API is, for a request without an endpoint Secret.
    public var inCluster: InClusterEndpoint
    /// Whether an endpoint Secret's `server-url` may be a `file://` directory (local mode, where the sources are
    /// files on this machine); an exporter pod refuses it, so that no Secret makes it serve files of its own disk.
    public var allowsFileURLs: Bool

    public init(
        source: ExporterConfigFile.Source, variables: SourceVariables, secrets: any SecretProvider,
        inCluster: InClusterEndpoint = .init(), allowsFileURLs: Bool = false
    ) {
        self.source = source
        self.variables = variables
        self.secrets = secrets
        self.inCluster = inCluster
        self.allowsFileURLs = allowsFileURLs
    }

    /// The request of this poll; `override` replaces the configured request (a MetricConfig's own request).
    public func request(
        override: ExporterConfigFile.Request? = nil, endpointOverride: ExporterConfigFile.SecretSource? = nil,
        path replacedPath: String? = nil
    ) async throws(SourceError) -> SourceRequest {
        if let url = source.url, override == nil {
            var request = try await olderShapeRequest(url: url)
            if let replacedPath {
                // Older shape: the metrics API is on the report URL's server.
                request.endpoint.serverURL = Self.origin(of: request.endpoint.serverURL)
                request.path = try substitute(replacedPath)
            }
            return request
        }
        guard let template = override ?? source.request else {
            throw SourceError(.configuration, "The exporter configuration has neither a url nor a request.")
        }
        let endpoint: Endpoint
        if let reference = endpointOverride ?? source.endpoint {
            endpoint = try Endpoint(secret: try await secrets.values(of: reference), allowsFileURLs: allowsFileURLs)
        } else {
            endpoint = try inCluster.endpoint()
        }
        var headers: [SourceRequest.Header] = []
        for line in template.headers {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                .init(
                    name: line[..<colon].trimmingCharacters(in: .whitespaces),
                    value: try substitute(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))))
        }
        var body: [UInt8]?
        if let text = template.body { body = Array(try substitute(text).utf8) }
        return SourceRequest(
            endpoint: endpoint, path: try substitute(replacedPath ?? template.path), method: template.method,
            headers: headers, body: body)
    }

    private func olderShapeRequest(url: String) async throws(SourceError) -> SourceRequest {
        var endpoint = Endpoint(serverURL: try substitute(url))
        if let reference = source.bearerToken {
            let secret = try await secrets.values(of: reference)
            endpoint.authentication = .bearer(token: try secret.token(key: reference.key))
        } else if let path = source.tokenFilePath {
            guard let data = FileManager.default.contents(atPath: path),
                case let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                !token.isEmpty
            else {
                throw SourceError(.secret, "The token file \(path) is missing or empty.")
            }
            endpoint.authentication = .bearer(token: token)
        }
        return SourceRequest(endpoint: endpoint)
    }

    /// `scheme://authority` of a URL.
    static func origin(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        return String(url[..<end])
    }

    private func substitute(_ text: String) throws(SourceError) -> String {
        do { return try variables.substitute(text) } catch { throw SourceError(.configuration, error.description) }
    }
}

/// The Kubernetes API server of the exporter's own cluster, called with the pod's service account (what Krateo did
/// for a request without `endpointRef`).
public struct InClusterEndpoint: Sendable {
    public var serverURL: String
    public var tokenPath: String
    public var caPath: String

    public init(
        serverURL: String? = nil, tokenPath: String = "/var/run/secrets/kubernetes.io/serviceaccount/token",
        caPath: String = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        let host = environment["KUBERNETES_SERVICE_HOST"] ?? "kubernetes.default.svc"
        let port = environment["KUBERNETES_SERVICE_PORT"] ?? "443"
        self.serverURL = serverURL ?? "https://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        self.tokenPath = tokenPath
        self.caPath = caPath
    }

    func endpoint() throws(SourceError) -> Endpoint {
        guard let token = FileManager.default.contents(atPath: tokenPath) else {
            throw SourceError(
                .configuration,
                "The request has no endpointRef, so it goes to the in-cluster Kubernetes API, but there is no "
                    + "service account token at \(tokenPath).")
        }
        return Endpoint(
            serverURL: serverURL,
            authentication: .bearer(
                token: String(decoding: token, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
            tls: .init(certificateAuthorityPEM: FileManager.default.contents(atPath: caPath).map(Array.init)))
    }
}
