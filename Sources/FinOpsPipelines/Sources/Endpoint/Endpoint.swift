import AWSSigning

/// Where and how to call a source, from Krateo's endpoint Secret convention.
///
/// | key | meaning |
/// |---|---|
/// | `server-url` | base URL; the request path is appended |
/// | `token` | bearer token |
/// | `username`, `password` | HTTP basic authentication |
/// | `certificate-authority-data` | PEM CA bundle to trust (base64 in the Secret's data, so PEM in the mounted file) |
/// | `client-certificate-data`, `client-key-data` | PEM client certificate and key (mutual TLS) |
/// | `insecure` | `true` skips server certificate verification |
/// | `proxy-url` | HTTP proxy, `http://host:port` |
/// | `aws-access-key`, `aws-secret-key`, `aws-region`, `aws-service` (+ `aws-session-token`) | AWS SigV4 signing |
public struct Endpoint: Sendable, Hashable {
    public var serverURL: String
    public var authentication: Authentication
    public var tls: TLSSettings
    public var proxy: Proxy?

    public enum Authentication: Sendable, Hashable, CustomStringConvertible {
        case none
        case bearer(token: String)
        case basic(username: String, password: String)
        case sigV4(credentials: AWSCredentials, region: String, service: String)
        /// An API key sent in a header of its own (Cast AI's `X-API-Key`).
        case apiKey(header: String, key: String)

        /// The kind only: never a credential.
        public var description: String {
            switch self {
            case .none: "none"
            case .bearer: "bearer token"
            case .basic: "basic"
            case .sigV4(_, let region, let service): "AWS SigV4 (\(service), \(region))"
            case .apiKey(let header, _): "API key in \(header)"
            }
        }
    }

    /// TLS material for the connection; `Hashable` so HTTP clients can be shared by endpoints with equal settings.
    public struct TLSSettings: Sendable, Hashable {
        public var certificateAuthorityPEM: [UInt8]?
        public var clientCertificatePEM: [UInt8]?
        public var clientKeyPEM: [UInt8]?
        public var insecure: Bool

        public init(
            certificateAuthorityPEM: [UInt8]? = nil, clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil,
            insecure: Bool = false
        ) {
            self.certificateAuthorityPEM = certificateAuthorityPEM
            self.clientCertificatePEM = clientCertificatePEM
            self.clientKeyPEM = clientKeyPEM
            self.insecure = insecure
        }
    }

    public struct Proxy: Sendable, Hashable {
        public var host: String
        public var port: Int
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    public init(
        serverURL: String, authentication: Authentication = .none, tls: TLSSettings = .init(), proxy: Proxy? = nil
    ) {
        self.serverURL = serverURL
        self.authentication = authentication
        self.tls = tls
        self.proxy = proxy
    }

    /// The endpoint a Secret describes. Errors name the Secret and key, never a value.
    ///
    /// - Parameter allowsFileURLs: whether `server-url` may be `file://` (local mode).
    public init(secret: SecretValues, allowsFileURLs: Bool = false) throws(SourceError) {
        guard let url = secret.text("server-url") else {
            throw SourceError(.secret, "The endpoint Secret \(secret.origin) has no server-url key.")
        }
        let scheme = url.lowercased()
        guard
            scheme.hasPrefix("http://") || scheme.hasPrefix("https://")
                || (allowsFileURLs && scheme.hasPrefix("file://"))
        else {
            throw SourceError(
                .secret, "server-url in \(secret.origin) must start with http:// or https:// (found \(url.prefix(8))…)."
            )
        }
        var authentication = Authentication.none
        if let accessKey = secret.text("aws-access-key") {
            guard let secretKey = secret.text("aws-secret-key") else {
                throw SourceError(.secret, "\(secret.origin) has aws-access-key but no aws-secret-key.")
            }
            authentication = .sigV4(
                credentials: AWSCredentials(
                    accessKeyID: accessKey, secretAccessKey: secretKey, sessionToken: secret.text("aws-session-token")),
                region: secret.text("aws-region") ?? "us-east-1", service: secret.text("aws-service") ?? "s3")
        } else if let key = secret.text("api-key") {
            authentication = .apiKey(header: secret.text("api-key-header") ?? "X-API-Key", key: key)
        } else if let token = secret.text("token") {
            authentication = .bearer(token: token)
        } else if let username = secret.text("username") {
            authentication = .basic(username: username, password: secret.text("password") ?? "")
        }
        let tls = TLSSettings(
            certificateAuthorityPEM: secret["certificate-authority-data"],
            clientCertificatePEM: secret["client-certificate-data"], clientKeyPEM: secret["client-key-data"],
            insecure: secret.text("insecure")?.lowercased() == "true")
        if (tls.clientCertificatePEM == nil) != (tls.clientKeyPEM == nil) {
            throw SourceError(
                .secret, "\(secret.origin) must hold both client-certificate-data and client-key-data, or neither.")
        }
        var proxy: Proxy?
        if let proxyURL = secret.text("proxy-url") {
            guard let parsed = Self.proxy(from: proxyURL) else {
                throw SourceError(.secret, "proxy-url in \(secret.origin) must look like http://host:port.")
            }
            proxy = parsed
        }
        self.init(serverURL: url, authentication: authentication, tls: tls, proxy: proxy)
    }

    static func proxy(from text: String) -> Proxy? {
        var rest = Substring(text)
        if rest.lowercased().hasPrefix("http://") { rest = rest.dropFirst(7) }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]), port > 0,
            port < 65536, colon > rest.startIndex
        else { return nil }
        return Proxy(host: String(rest[..<colon]), port: port)
    }
}
