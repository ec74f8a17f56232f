import KubeCore

/// Where a ``DatabaseConfig`` points, with every default applied; Secrets are referenced, never read here.
public enum DatabaseTarget: Sendable, Hashable {
    /// A PostgreSQL server.
    case postgresql(PostgreSQLTarget)
    /// A whole connection URL held in a Secret (password included).
    case dsn(ResolvedSecretKey, certificateAuthority: ResolvedSecretKey?)
    /// A SQLite file; `nil` is a file per DatabaseConfig in the operator's data directory.
    case sqlite(path: String?)
    /// Krateo's shape (a user name and password, no server): the operator's default database, which is the
    /// PostgreSQL server of its `--default-database-host` when set, else its embedded SQLite database.
    case operatorDefault(username: String, password: ResolvedSecretKey)

    /// The Secret keys this target reads when it connects, each with the DatabaseConfig field that names it.
    public var secrets: [(field: String, key: ResolvedSecretKey)] {
        let ca: [(field: String, key: ResolvedSecretKey)]
        switch self {
        case .postgresql(let target): ca = target.certificateAuthority.map { [("spec.caSecretRef", $0)] } ?? []
        case .dsn(_, let authority): ca = authority.map { [("spec.caSecretRef", $0)] } ?? []
        case .operatorDefault(_, let password): return [("spec.passwordSecretRef", password)]
        case .sqlite: return []
        }
        switch self {
        case .postgresql(let target): return [("spec.passwordSecretRef", target.password)] + ca
        case .dsn(let dsn, _): return [("spec.dsnSecretRef", dsn)] + ca
        case .sqlite, .operatorDefault: return []
        }
    }
}

/// A PostgreSQL server and the credentials to use.
public struct PostgreSQLTarget: Sendable, Hashable {
    public static let defaultPort = 5432

    public var host: String
    public var port: Int
    public var database: String
    public var username: String
    public var password: ResolvedSecretKey
    /// `nil` when the spec names none: the sink's default for the host, as for a DSN without `sslmode` (`disable` for
    /// a loopback host, `verify-full` for every other), so a password and the cost rows never cross a network in
    /// clear unless the spec says `disable`.
    public var sslMode: SSLMode?
    /// PEM CA certificates for `verify-ca` and `verify-full`; the system's trust store when absent.
    public var certificateAuthority: ResolvedSecretKey?

    /// libpq's `sslmode` values that make sense for a server-side client (no `allow`/`prefer` guessing).
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        case disable
        case require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public init(
        host: String, port: Int = Self.defaultPort, database: String, username: String, password: ResolvedSecretKey,
        sslMode: SSLMode? = nil, certificateAuthority: ResolvedSecretKey? = nil
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
        self.sslMode = sslMode
        self.certificateAuthority = certificateAuthority
    }
}
