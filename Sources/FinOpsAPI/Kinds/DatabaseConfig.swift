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

/// The spec of a ``DatabaseConfig``: Krateo's `username` + `passwordSecretRef`, plus where the database is.
///
/// | fields | database |
/// |---|---|
/// | `username`, `passwordSecretRef` only (Krateo's YAML) | the operator's default database: its `--default-database-host` (PostgreSQL), else its embedded SQLite |
/// | `host` (`port`, `database`, `sslMode`, `caSecretRef`) with `username`, `passwordSecretRef` | PostgreSQL |
/// | `dsnSecretRef` (`postgres://user:password@host:port/db?sslmode=…` in a Secret) | PostgreSQL |
/// | `driver: sqlite` (`path`) | a SQLite file |
///
/// Every field is optional in the schema; ``validated(defaultNamespace:)`` applies the rules and names the field to
/// fix.
public struct DatabaseConfigSpec: Codable, Sendable, Hashable {
    /// Database user name (PostgreSQL).
    public var username: String?
    /// The Secret key holding the password; read each time a connection is made, so a rotated password is used
    /// without a restart.
    public var passwordSecretRef: SecretKeyRef?
    /// `postgresql` or `sqlite`; absent means PostgreSQL when `host` or `dsnSecretRef` is set, else the operator's
    /// default database.
    public var driver: String?
    /// PostgreSQL server host name or address.
    public var host: String?
    /// PostgreSQL port; default 5432.
    public var port: Int?
    /// Database name; default the user name.
    public var database: String?
    /// libpq's names: `disable`, `require` (encrypted, server not verified), `verify-ca`, `verify-full` (the
    /// default, or `disable` for a loopback host, as for a DSN without `sslmode`).
    public var sslMode: String?
    /// The Secret key holding the PEM CA certificate(s) that signed the server's certificate.
    public var caSecretRef: SecretKeyRef?
    /// The Secret key holding a whole connection URL, password included; excludes the other connection fields.
    public var dsnSecretRef: SecretKeyRef?
    /// SQLite: the database file in the operator's file system; default a file per DatabaseConfig in the operator's
    /// data directory.
    public var path: String?

    /// Creates a spec.
    public init(
        username: String? = nil, passwordSecretRef: SecretKeyRef? = nil, driver: String? = nil, host: String? = nil,
        port: Int? = nil, database: String? = nil, sslMode: String? = nil, caSecretRef: SecretKeyRef? = nil,
        dsnSecretRef: SecretKeyRef? = nil, path: String? = nil
    ) {
        self.username = username
        self.passwordSecretRef = passwordSecretRef
        self.driver = driver
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
        self.caSecretRef = caSecretRef
        self.dsnSecretRef = dsnSecretRef
        self.path = path
    }
}
