import Foundation

extension KubeConfig {
    /// Where the kubelet mounts a pod's service-account credentials.
    public static let defaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Whether `environment` looks like a pod's: `KUBERNETES_SERVICE_HOST` is set and not empty.
    public static func isInCluster(environment: [String: String]) -> Bool {
        !(environment["KUBERNETES_SERVICE_HOST"] ?? "").isEmpty
    }

    /// The configuration of a pod talking to its own cluster, as client-go's `rest.InClusterConfig` builds it.
    ///
    /// Reads `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT` (an IPv6 host is put in brackets) and, from
    /// `serviceAccountDirectory`, `ca.crt` (required), `namespace` (optional, else `default`) and `token` (required;
    /// kept as a *file* so that the rotating projected token is re-read).
    ///
    /// - Throws: ``KubeError`` with code ``KubeError/Code/configuration`` naming the missing variable or file.
    public static func inCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory: String = defaultServiceAccountDirectory
    ) throws -> KubeConfig {
        let host = environment["KUBERNETES_SERVICE_HOST"] ?? ""
        let port = environment["KUBERNETES_SERVICE_PORT"] ?? ""
        guard !host.isEmpty, !port.isEmpty else {
            throw KubeError(
                code: .configuration,
                message: "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set")
        }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        guard let server = URL(string: "https://\(hostPart):\(port)"), server.host != nil else {
            throw KubeError(
                code: .configuration,
                message: "KUBERNETES_SERVICE_HOST/PORT do not form a URL: https://\(hostPart):\(port)")
        }
        let directory = URL(fileURLWithPath: serviceAccountDirectory, isDirectory: true)
        let tokenPath = directory.appendingPathComponent("token").path
        // Read once now so that a pod without a mounted token fails at start-up, not at its first request.
        let token = try ConfigFiles.read(tokenPath, role: "service-account token")
        guard !token.isEmpty else {
            throw KubeError(code: .configuration, message: "service-account token file \(tokenPath) is empty")
        }
        let caPath = directory.appendingPathComponent("ca.crt").path
        let ca = try ConfigFiles.read(caPath, role: "service-account CA certificate")
        let namespacePath = directory.appendingPathComponent("namespace").path
        var namespace = "default"
        if FileManager.default.fileExists(atPath: namespacePath) {
            let text = String(
                decoding: try ConfigFiles.read(namespacePath, role: "service-account namespace"), as: UTF8.self
            )
            .trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { namespace = text }
        }
        return KubeConfig(
            server: server, certificateAuthority: ca, bearerToken: .file(path: tokenPath), namespace: namespace,
            origin: "in-cluster (\(serviceAccountDirectory))")
    }
}

/// Reading the files a configuration points at, with errors that name the file and why it was needed.
enum ConfigFiles {
    /// The bytes of `path`.
    ///
    /// - Parameter role: what the file is for, e.g. `client-key of user "admin" in /root/.kube/config`.
    /// - Throws: ``KubeError/Code/configuration`` naming `path` and `role` (never the content).
    static func read(_ path: String, role: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw KubeError(code: .configuration, message: "\(role) file \(path) \(reason)")
        }
    }

    /// `path` made absolute against `directory` (the kubeconfig's own directory), as kubectl resolves them.
    static func resolve(_ path: String, against directory: URL) -> String {
        if path.hasPrefix("/") { return path }
        return directory.appendingPathComponent(path).standardizedFileURL.path
    }
}
