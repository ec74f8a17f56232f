import KubeCore

/// Where an ExporterScraperConfig's exporter answers: inside the cluster its Service on the exporter's port (no
/// cluster-domain assumption, so it works with any `cluster.local` replacement), or wherever a base URL template
/// says (an operator running outside the cluster).
public enum ExporterAddress {
    /// The in-cluster base URL: `{service}` is `<owner>-service`, `{namespace}` the owner's namespace.
    public static let inClusterTemplate = "http://{service}.{namespace}.svc:\(ExporterConfigFile.defaultPort)"

    public static func serviceName(_ owner: String) -> String { "\(owner)-service" }

    /// The base URL of `template` for `owner` (placeholders `{name}`, `{service}`, `{namespace}`) followed by `path`,
    /// e.g. `http://aws-service.finops.svc:2112/rows`.
    public static func url(of owner: ObjectKey, path: String, template: String = inClusterTemplate) -> String {
        var base = template.replacingOccurrences(of: "{service}", with: serviceName(owner.name))
            .replacingOccurrences(of: "{name}", with: owner.name)
            .replacingOccurrences(of: "{namespace}", with: owner.namespace ?? "default")
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }
}
