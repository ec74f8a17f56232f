import Foundation

/// Where requests go: the base URL they are built on and the name the TLS handshake uses.
///
/// `tls-server-name` is implemented by addressing requests to that name and telling AsyncHTTPClient to connect to the
/// real host instead (`dnsOverride`): AsyncHTTPClient then sends it in SNI and verifies the certificate against it,
/// which is what client-go's `ServerName` does.
///
/// Caveat: NIOSSL accepts a certificate when *either* a DNS SAN matches that name *or* an IP SAN matches the address
/// it connected to; Go checks only the name. So with `tls-server-name`, a certificate that carries the dialled IP is
/// accepted even if it does not name `tls-server-name`. It still has to chain to the configured CA.
struct APIEndpoint: Sendable, Hashable {
    /// `https://host:port/prefix` without a trailing slash; request paths are appended to it.
    var baseURL: String
    /// Host name → host actually dialled (only for `tls-server-name`).
    var dnsOverride: [String: String]
    /// Whether the scheme is `https`.
    var usesTLS: Bool

    init(config: KubeConfig) throws {
        let server = config.server
        guard let scheme = server.scheme?.lowercased(), scheme == "https" || scheme == "http",
            var host = server.host, !host.isEmpty
        else {
            throw KubeError(
                code: .configuration,
                message: "server \(server.absoluteString) of \(config.origin) is not an http(s) URL")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        usesTLS = scheme == "https"
        dnsOverride = [:]
        var urlHost = host
        if usesTLS, let name = config.tlsServerName, !name.isEmpty, name != host {
            urlHost = name
            dnsOverride[name] = host
        }
        // An IPv6 literal must be bracketed in a URL.
        let hostPart = urlHost.contains(":") ? "[\(urlHost)]" : urlHost
        let portPart = server.port.map { ":\($0)" } ?? ""
        var prefix = server.path
        while prefix.hasSuffix("/") { prefix.removeLast() }
        baseURL = "\(scheme)://\(hostPart)\(portPart)\(prefix)"
    }

    /// The full URL of `request`.
    func url(for request: KubeRequest) -> String { baseURL + request.pathAndQuery }
}
