import FinOpsAPI
import KubeCore

/// How exporter pods are run and reached: set once from the operator's flags and passed to the ExporterScraperConfig
/// reconciler.
public struct ExporterPodSettings: Sendable, Hashable {
    /// Image of this project (`finops-operator exporter` runs in it).
    public var image: String
    /// `IfNotPresent` by default; `Always` for mutable tags.
    public var imagePullPolicy: String
    /// Service account of exporter pods; it needs `get` on Secrets only when an ESC references a Secret in another
    /// namespace. `nil` uses the namespace's default account.
    public var serviceAccountName: String?
    /// Requests and limits of the exporter container.
    public var resources: core.v1.ResourceRequirements
    /// Where the operator reaches exporters (``ExporterAddress``): their Services, unless it runs outside the cluster.
    public var urlTemplate: String
    /// Whether exporter pods mount the Secrets of their own namespace (the default) or read every Secret through the
    /// API; the second is for exporters that run in the operator's process (local mode), where nothing is mounted.
    public var mountsSecrets: Bool

    public init(
        image: String, imagePullPolicy: String = "IfNotPresent", serviceAccountName: String? = nil,
        resources: core.v1.ResourceRequirements = .init(
            requests: ["cpu": "10m", "memory": "32Mi"], limits: ["memory": "256Mi"]),
        urlTemplate: String = ExporterAddress.inClusterTemplate, mountsSecrets: Bool = true
    ) {
        self.image = image
        self.imagePullPolicy = imagePullPolicy
        self.serviceAccountName = serviceAccountName
        self.resources = resources
        self.urlTemplate = urlTemplate
        self.mountsSecrets = mountsSecrets
    }
}
