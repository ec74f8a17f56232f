import KubeCore

/// The status every FinOps kind shares: conditions and the generation they were computed from.
///
/// `DatabaseConfig`, `ProviderConfig`, `ResourceConfig` and `MetricConfig` use it as is; the
/// `ExporterScraperConfig` status adds child references to the same two fields.
public struct ConditionsStatus: Codable, Sendable, Hashable {
    /// The `metadata.generation` the controller last acted on.
    public var observedGeneration: Int64?
    /// `Ready` and friends, at most one per type; empty until the controller has seen the object.
    public var conditions: [Condition]

    /// Creates a status.
    public init(observedGeneration: Int64? = nil, conditions: [Condition] = []) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
    }

    private enum CodingKeys: String, CodingKey { case observedGeneration, conditions }

    /// Decodes a status; absent `conditions` (or `null`) decode as an empty list.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        observedGeneration = try c.decodeIfPresent(Int64.self, forKey: .observedGeneration)
        conditions = try c.decodeIfPresent([Condition].self, forKey: .conditions) ?? []
    }
}

/// A reference from a status to an object the controller made (`{apiVersion, kind, name, namespace, uid}`), written
/// in the shape of `corev1.ObjectReference` that Krateo's status used.
public struct ChildReference: Codable, Sendable, Hashable {
    /// e.g. `apps/v1`.
    public var apiVersion: String?
    /// e.g. `Deployment`.
    public var kind: String?
    /// Name of the child.
    public var name: String?
    /// Namespace of the child.
    public var namespace: String?
    /// UID of the child, which tells a recreated child from the one the status was written for.
    public var uid: String?

    /// Creates a reference.
    public init(
        apiVersion: String? = nil, kind: String? = nil, name: String? = nil, namespace: String? = nil,
        uid: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.uid = uid
    }

    /// A reference to `object`, taking its apiVersion, kind, name, namespace and uid.
    public init(to object: some KubernetesObject) {
        self.init(
            apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name,
            namespace: object.metadata.namespace, uid: object.metadata.uid)
    }
}
