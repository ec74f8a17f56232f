import KubeCore

/// `DatabaseConfig` (`dbc`): the credentials scrapers use to write into the database.
///
/// Krateo's current shape: a user name and a reference to the Secret key holding the password.
public struct DatabaseConfig: KubernetesObject, HasStatus, Hashable {
    /// `finops.krateo.io/v1`, `databaseconfigs`, namespaced.
    public static let resource = FinOpsGroup.resource(kind: "DatabaseConfig", plural: "databaseconfigs")
    /// Always `finops.krateo.io/v1`.
    public var apiVersion = Self.resource.apiVersion
    /// Always `DatabaseConfig`.
    public var kind = Self.resource.kind
    /// Object metadata.
    public var metadata: ObjectMeta
    /// The credentials.
    public var spec: DatabaseConfigSpec
    /// Written by the controller only.
    public var status: ConditionsStatus?

    /// Creates an object.
    public init(metadata: ObjectMeta, spec: DatabaseConfigSpec, status: ConditionsStatus? = nil) {
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
        spec = try c.decodeIfPresent(DatabaseConfigSpec.self, forKey: .spec) ?? DatabaseConfigSpec()
        status = try c.decodeIfPresent(ConditionsStatus.self, forKey: .status)
    }
}

/// The spec of a ``DatabaseConfig``. Both fields are required by ``validate()`` but optional in the schema, so
/// that a missing one is reported on the object's status with the field's name.
public struct DatabaseConfigSpec: Codable, Sendable, Hashable {
    /// Database user name.
    public var username: String?
    /// The Secret key holding the password.
    public var passwordSecretRef: SecretKeyRef?

    /// Creates a spec.
    public init(username: String? = nil, passwordSecretRef: SecretKeyRef? = nil) {
        self.username = username
        self.passwordSecretRef = passwordSecretRef
    }
}
