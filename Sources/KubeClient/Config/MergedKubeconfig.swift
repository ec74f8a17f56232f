import Foundation

/// Several kubeconfig files merged the way kubectl merges `KUBECONFIG=a:b:c`, and the resolution of one context.
///
/// Guarantees:
/// - The first file that defines a cluster, user or context name wins; later definitions of the same name are
///   ignored, not merged field by field. The first non-empty `current-context` wins.
/// - Relative paths (`certificate-authority`, `client-certificate`, `client-key`, `tokenFile`) are resolved against
///   the directory of the file that defined the entry.
/// - Every error is ``KubeError/Code/configuration`` and names the file and field; none quotes a token or key.
struct MergedKubeconfig: Sendable {
    /// An entry and the file it came from.
    struct Sourced<Value: Sendable>: Sendable {
        var value: Value
        var path: String
        var directory: URL { URL(fileURLWithPath: path).deletingLastPathComponent() }
    }

    var clusters: [String: Sourced<KubeconfigFile.Cluster>] = [:]
    var users: [String: Sourced<KubeconfigFile.User>] = [:]
    var contexts: [String: Sourced<KubeconfigFile.Context>] = [:]
    var currentContext: String?
    /// The files merged, in order, for messages.
    var paths: [String] = []

    init(_ files: [KubeconfigFile]) {
        for file in files {
            paths.append(file.path)
            for entry in file.clusters where clusters[entry.name] == nil {
                clusters[entry.name] = Sourced(value: entry.value ?? .init(), path: file.path)
            }
            for entry in file.users where users[entry.name] == nil {
                users[entry.name] = Sourced(value: entry.value ?? .init(), path: file.path)
            }
            for entry in file.contexts where contexts[entry.name] == nil {
                contexts[entry.name] = Sourced(value: entry.value ?? .init(), path: file.path)
            }
            if currentContext == nil { currentContext = file.currentContext }
        }
    }

    /// The connection configuration of `contextName`, or of `current-context` when `nil`.
    func resolve(context contextName: String?) throws -> KubeConfig {
        let files = paths.joined(separator: ":")
        guard let name = contextName ?? currentContext else {
            throw KubeError(code: .configuration, message: "kubeconfig \(files) has no current-context; name a context")
        }
        guard let context = contexts[name] else {
            throw KubeError(code: .configuration, message: "context \"\(name)\" is not defined in kubeconfig \(files)")
        }
        guard let clusterName = context.value.cluster, let cluster = clusters[clusterName] else {
            throw KubeError(
                code: .configuration,
                message: "cluster \"\(context.value.cluster ?? "")\" of context \"\(name)\" is not defined in \(files)")
        }
        var config = try Self.connection(cluster.value, named: clusterName, from: cluster)
        if let userName = context.value.user, !userName.isEmpty {
            guard let user = users[userName] else {
                throw KubeError(
                    code: .configuration,
                    message: "user \"\(userName)\" of context \"\(name)\" is not defined in \(files)")
            }
            try Self.authenticate(&config, with: user.value, named: userName, from: user)
        }
        if let namespace = context.value.namespace, !namespace.isEmpty { config.namespace = namespace }
        config.origin = "kubeconfig \(context.path) context \(name)"
        return config
    }

    // MARK: - Cluster and user

    private static func connection(
        _ cluster: KubeconfigFile.Cluster, named name: String, from source: Sourced<KubeconfigFile.Cluster>
    ) throws -> KubeConfig {
        let place = "cluster \"\(name)\" in \(source.path)"
        guard let text = cluster.server, !text.isEmpty else {
            throw KubeError(code: .configuration, message: "\(place) has no server")
        }
        guard let server = URL(string: text), let scheme = server.scheme?.lowercased(),
            scheme == "https" || scheme == "http",
            server.host != nil
        else {
            throw KubeError(code: .configuration, message: "\(place): server \(text) is not an http(s) URL")
        }
        if cluster.proxyURL != nil {
            throw KubeError(code: .configuration, message: "\(place): proxy-url is not supported by this client")
        }
        var config = KubeConfig(server: server)
        config.insecureSkipTLSVerify = cluster.insecureSkipTLSVerify ?? false
        config.tlsServerName = cluster.tlsServerName.flatMap { $0.isEmpty ? nil : $0 }
        // Inline data wins over a file, as in client-go.
        if let data = cluster.certificateAuthorityData, !data.isEmpty {
            config.certificateAuthority = try decodeBase64(data, field: "certificate-authority-data", place: place)
        } else if let file = cluster.certificateAuthority, !file.isEmpty {
            let path = ConfigFiles.resolve(file, against: source.directory)
            config.certificateAuthority = try ConfigFiles.read(path, role: "certificate-authority of \(place)")
        }
        return config
    }

    private static func authenticate(
        _ config: inout KubeConfig, with user: KubeconfigFile.User, named name: String,
        from source: Sourced<KubeconfigFile.User>
    ) throws {
        let place = "user \"\(name)\" in \(source.path)"
        func unsupported(_ what: String) -> KubeError {
            KubeError(
                code: .configuration,
                message: "\(place) uses \(what), which this client does not support; use a token, tokenFile or "
                    + "client certificate (e.g. a service-account token)")
        }
        if user.exec != nil { throw unsupported("an exec credential plugin") }
        if user.authProvider != nil { throw unsupported("an auth-provider") }
        if user.username != nil || user.password != nil { throw unsupported("basic authentication") }

        // `token` wins over `tokenFile` when both are set, as in client-go.
        if let token = user.token, !token.isEmpty {
            config.bearerToken = .value(token)
        } else if let file = user.tokenFile, !file.isEmpty {
            let path = ConfigFiles.resolve(file, against: source.directory)
            _ = try ConfigFiles.read(path, role: "tokenFile of \(place)")
            config.bearerToken = .file(path: path)
        }
        config.clientCertificate = try material(
            data: user.clientCertificateData, dataField: "client-certificate-data", file: user.clientCertificate,
            fileField: "client-certificate", place: place, directory: source.directory)
        config.clientKey = try material(
            data: user.clientKeyData, dataField: "client-key-data", file: user.clientKey, fileField: "client-key",
            place: place, directory: source.directory)
        if (config.clientCertificate == nil) != (config.clientKey == nil) {
            throw KubeError(
                code: .configuration, message: "\(place) needs both a client certificate and a client key, or neither")
        }
    }

    /// Inline base64 `*-data` (preferred) or the bytes of a file.
    private static func material(
        data: String?, dataField: String, file: String?, fileField: String, place: String, directory: URL
    ) throws -> Data? {
        if let data, !data.isEmpty { return try decodeBase64(data, field: dataField, place: place) }
        if let file, !file.isEmpty {
            return try ConfigFiles.read(ConfigFiles.resolve(file, against: directory), role: "\(fileField) of \(place)")
        }
        return nil
    }

    private static func decodeBase64(_ text: String, field: String, place: String) throws -> Data {
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else {
            throw KubeError(code: .configuration, message: "\(place): \(field) is not valid base64")
        }
        return data
    }
}
