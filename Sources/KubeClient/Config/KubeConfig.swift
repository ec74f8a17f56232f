import Foundation

/// A resolved connection to one Kubernetes API server: where it is, how to trust it and how to authenticate.
///
/// Built by one of the loaders — ``inCluster(environment:serviceAccountDirectory:)``,
/// ``fromKubeconfig(paths:context:)`` or ``load(kubeconfigPath:context:environment:serviceAccountDirectory:)``,
/// which picks one the way kubectl and client-go do — or by hand in tests. ``HTTPKubeClient`` turns it into a TLS
/// configuration and request headers.
///
/// Guarantees:
/// - Certificates and keys are held as PEM bytes, already read from their files, so a value is self-contained; the
///   one exception is a token *file*, re-read while the client runs because service-account tokens rotate.
/// - `description`, `debugDescription` and the reflection mirror never show the token or the key bytes, so a
///   `KubeConfig` may be logged or printed by a failing test.
///
/// Caveats:
/// - Only static credentials are supported: a bearer token (or token file) and/or a client certificate. `exec`
///   plugins, `auth-provider`s, basic auth and proxies are rejected by the kubeconfig loader with a
///   ``KubeError/Code/configuration`` error rather than ignored.
public struct KubeConfig: Sendable {
    /// The API server, e.g. `https://10.96.0.1:443`; a path (as behind some proxies) prefixes every request path.
    public var server: URL
    /// PEM certificates to trust for the server; `nil` trusts the system roots.
    public var certificateAuthority: Data?
    /// PEM client certificate (chain) for mutual TLS; needs ``clientKey``.
    public var clientCertificate: Data?
    /// PEM private key of ``clientCertificate``: EC (SEC1), RSA (PKCS#1) or PKCS#8. Never printed.
    public var clientKey: Data?
    /// The bearer token sent as `Authorization: Bearer …`, if any.
    public var bearerToken: BearerToken?
    /// Skip verification of the server's certificate (kubeconfig `insecure-skip-tls-verify`). For tests only.
    public var insecureSkipTLSVerify: Bool
    /// The name to send in SNI and to verify the server certificate against, when it differs from the server's host
    /// (kubeconfig `tls-server-name`).
    public var tlsServerName: String?
    /// The namespace of the context (or the service account's own namespace); `default` when none is given.
    public var namespace: String
    /// Where this configuration came from (`in-cluster`, or a kubeconfig path and context), for logs and errors.
    public var origin: String

    public init(
        server: URL, certificateAuthority: Data? = nil, clientCertificate: Data? = nil, clientKey: Data? = nil,
        bearerToken: BearerToken? = nil, insecureSkipTLSVerify: Bool = false, tlsServerName: String? = nil,
        namespace: String = "default", origin: String = "explicit"
    ) {
        self.server = server
        self.certificateAuthority = certificateAuthority
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.bearerToken = bearerToken
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.namespace = namespace
        self.origin = origin
    }
}

/// How the bearer token is obtained.
public enum BearerToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// A fixed token (kubeconfig `token`).
    case value(String)
    /// A file holding the token, re-read while the client runs (kubeconfig `tokenFile`, the in-cluster
    /// service-account token). See ``TokenFileSource`` for when it is re-read.
    case file(path: String)

    public var description: String {
        switch self {
        case .value: return "token(<redacted>)"
        case .file(let path): return "tokenFile(\(path))"
        }
    }

    public var debugDescription: String { description }
}

// MARK: - Redacted printing

extension KubeConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var parts = ["server: \(server.absoluteString)", "namespace: \(namespace)", "origin: \(origin)"]
        if let certificateAuthority { parts.append("ca: \(certificateAuthority.count) bytes") }
        if clientCertificate != nil { parts.append("clientCertificate: <present>") }
        if clientKey != nil { parts.append("clientKey: <redacted>") }
        if let bearerToken { parts.append("bearerToken: \(bearerToken)") }
        if insecureSkipTLSVerify { parts.append("insecureSkipTLSVerify: true") }
        if let tlsServerName { parts.append("tlsServerName: \(tlsServerName)") }
        return "KubeConfig(" + parts.joined(separator: ", ") + ")"
    }

    public var debugDescription: String { description }

    /// A mirror without the secret fields, so that `dump(_:)` and test failure messages cannot leak them.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "server": server.absoluteString, "namespace": namespace, "origin": origin,
                "bearerToken": bearerToken.map { $0.description } ?? "none",
                "clientKey": clientKey == nil ? "none" : "<redacted>",
                "insecureSkipTLSVerify": insecureSkipTLSVerify,
            ], displayStyle: .struct)
    }
}
