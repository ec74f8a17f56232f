import KubeCore

/// The API group and version that every FinOps kind lives in, shared with Krateo's operators so that their
/// custom resources are read unchanged.
public enum FinOpsGroup {
    /// `finops.krateo.io`.
    public static let name = "finops.krateo.io"
    /// `v1`, the only served and stored version.
    public static let version = "v1"

    /// The resource type of one of our kinds; every FinOps kind is namespaced.
    static func resource(kind: String, plural: String) -> ResourceType {
        ResourceType(group: name, version: version, kind: kind, plural: plural, namespaced: true)
    }

    /// The resource types of all five kinds, in dependency order (what a kind points at comes first).
    public static var allResources: [ResourceType] {
        [
            DatabaseConfig.resource, MetricConfig.resource, ResourceConfig.resource, ProviderConfig.resource,
            ExporterScraperConfig.resource,
        ]
    }
}
