import KubeCore

/// `ProviderConfig` (`prconfig`): for one cloud provider, the resource types whose usage metrics are exported
/// next to its costs. An ESC points at it with `spec.exporterConfig.provider`.
public struct ProviderConfig: KubernetesObject, HasStatus, Hashable {
    /// `finops.krateo.io/v1`, `providerconfigs`, namespaced.
    public static let resource = FinOpsGroup.resource(kind: "ProviderConfig", plural: "providerconfigs")
    /// Always `finops.krateo.io/v1`.
    public var apiVersion = Self.resource.apiVersion
    /// Always `ProviderConfig`.
    public var kind = Self.resource.kind
    /// Object metadata.
    public var metadata: ObjectMeta
    /// The resource types.
    public var spec: ProviderConfigSpec
    /// Written by the controller only.
    public var status: ConditionsStatus?

    /// Creates an object.
    public init(metadata: ObjectMeta, spec: ProviderConfigSpec, status: ConditionsStatus? = nil) {
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
        spec = try c.decodeIfPresent(ProviderConfigSpec.self, forKey: .spec) ?? ProviderConfigSpec()
        status = try c.decodeIfPresent(ConditionsStatus.self, forKey: .status)
    }
}

/// The spec of a ``ProviderConfig``.
public struct ProviderConfigSpec: Codable, Sendable, Hashable {
    /// The ``ResourceConfig``s of this provider; a missing namespace means the ProviderConfig's.
    public var resourcesRef: [ObjectRef]?

    /// Creates a spec.
    public init(resourcesRef: [ObjectRef]? = nil) {
        self.resourcesRef = resourcesRef
    }
}
