import KubeCore

/// Where an ExporterScraperConfig's exporter answers inside the cluster: its Service, on the exporter's port (no
/// cluster-domain assumption, so it works with any `cluster.local` replacement).
public enum ExporterAddress {
    public static func serviceName(_ owner: String) -> String { "\(owner)-service" }

    /// `http://<owner>-service.<namespace>.svc:2112<path>`, e.g. path `/rows`.
    public static func url(of owner: ObjectKey, path: String) -> String {
        "http://\(serviceName(owner.name)).\(owner.namespace ?? "default").svc:\(ExporterConfigFile.defaultPort)\(path)"
    }
}
