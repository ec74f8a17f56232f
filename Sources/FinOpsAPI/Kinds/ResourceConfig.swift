import KubeCore

/// `ResourceConfig` (`rsconfig`): one resource type of a provider, as its FOCUS `ResourceType` column names it,
/// and the usage metrics to collect for every resource of that type found in the cost data.
public struct ResourceConfig: KubernetesObject, HasStatus, Hashable {
    /// `finops.krateo.io/v1`, `resourceconfigs`, namespaced.
    public static let resource = FinOpsGroup.resource(kind: "ResourceConfig", plural: "resourceconfigs")
    /// Always `finops.krateo.io/v1`.
    public var apiVersion = Self.resource.apiVersion
    /// Always `ResourceConfig`.
    public var kind = Self.resource.kind
    /// Object metadata.
    public var metadata: ObjectMeta
    /// The resource type and its metrics.
    public var spec: ResourceConfigSpec
    /// Written by the controller only.
    public var status: ConditionsStatus?

    /// Creates an object.
    public init(metadata: ObjectMeta, spec: ResourceConfigSpec, status: ConditionsStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec, status }

    /// Decodes an object; absent `apiVersion`/`kind` take the resource's, an absent `spec` decodes as empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion) ?? Self.resource.apiVersion
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? Self.resource.kind
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        spec =
            try c.decodeIfPresent(ResourceConfigSpec.self, forKey: .spec) ?? ResourceConfigSpec(resourceFocusName: "")
        status = try c.decodeIfPresent(ConditionsStatus.self, forKey: .status)
    }
}

/// The spec of a ``ResourceConfig``.
public struct ResourceConfigSpec: Codable, Sendable, Hashable {
    /// The value of the FOCUS `ResourceType` column this config applies to, e.g. `Virtual machine`. Required, as
    /// in Krateo's schema.
    public var resourceFocusName: String
    /// The ``MetricConfig``s to collect for each resource of this type; a missing namespace means the
    /// ResourceConfig's.
    public var metricsRef: [ObjectRef]?

    /// Creates a spec.
    public init(resourceFocusName: String, metricsRef: [ObjectRef]? = nil) {
        self.resourceFocusName = resourceFocusName
        self.metricsRef = metricsRef
    }
}
