import Foundation

extension KubeConfig {
    /// Finds the configuration the way kubectl and client-go do, in this order:
    ///
    /// | # | source | used when |
    /// |---|---|---|
    /// | 1 | `kubeconfigPath` | given (the file must exist) |
    /// | 2 | `KUBECONFIG` | set and not empty: `:`-separated files merged, missing ones skipped |
    /// | 3 | in-cluster | `KUBERNETES_SERVICE_HOST` is set (see ``inCluster(environment:serviceAccountDirectory:)``) |
    /// | 4 | `$HOME/.kube/config` | otherwise |
    ///
    /// - Parameters:
    ///   - kubeconfigPath: an explicit kubeconfig file, e.g. from a `--kubeconfig` flag.
    ///   - context: a context name; `nil` uses `current-context`. Ignored in-cluster.
    ///   - environment: the process environment (injected for tests).
    ///   - serviceAccountDirectory: where the service-account files are (injected for tests).
    /// - Throws: ``KubeError`` with code ``KubeError/Code/configuration`` naming the file and field at fault.
    public static func load(
        kubeconfigPath: String? = nil, context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory: String = defaultServiceAccountDirectory
    ) throws -> KubeConfig {
        if let kubeconfigPath, !kubeconfigPath.isEmpty {
            return try fromKubeconfig(paths: [kubeconfigPath], context: context)
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            return try fromKubeconfig(searchList: list, context: context)
        }
        if isInCluster(environment: environment) {
            return try inCluster(environment: environment, serviceAccountDirectory: serviceAccountDirectory)
        }
        guard let home = environment["HOME"], !home.isEmpty else {
            throw KubeError(
                code: .configuration,
                message: "no Kubernetes configuration: not in a cluster, KUBECONFIG is not set and HOME is unknown")
        }
        let path = URL(fileURLWithPath: home).appendingPathComponent(".kube/config").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw KubeError(
                code: .configuration,
                message:
                    "no Kubernetes configuration: not in a cluster, KUBECONFIG is not set and \(path) does not exist")
        }
        return try fromKubeconfig(paths: [path], context: context)
    }

    /// The configuration of `context` (or `current-context`) from the kubeconfig files at `paths`, merged in order.
    ///
    /// Every path must exist. See ``MergedKubeconfig`` for the merge rules.
    public static func fromKubeconfig(paths: [String], context: String? = nil) throws -> KubeConfig {
        let files = try paths.map { try KubeconfigFile(contentsOf: $0) }
        return try MergedKubeconfig(files).resolve(context: context)
    }

    /// The configuration from a `KUBECONFIG`-style list (`a:b:c`): empty entries and files that do not exist are
    /// skipped as kubectl skips them, but at least one must exist.
    public static func fromKubeconfig(searchList: String, context: String? = nil) throws -> KubeConfig {
        var seen = Set<String>()
        let paths = searchList.split(separator: ":").map(String.init).filter {
            !$0.isEmpty && seen.insert($0).inserted && FileManager.default.fileExists(atPath: $0)
        }
        guard !paths.isEmpty else {
            throw KubeError(code: .configuration, message: "none of the files in KUBECONFIG=\(searchList) exist")
        }
        return try fromKubeconfig(paths: paths, context: context)
    }
}
