import DatabaseSinks
import FinOpsAPI
import Foundation
import KubeClient
import KubeCore
import Logging

/// Turns a DatabaseConfig's ``DatabaseTarget`` into connection settings, reading its Secrets at the moment of use
/// (so a rotated password is picked up by the next connection, without a restart), and checks connections for the
/// DatabaseConfig's `Ready` condition.
public struct DatabaseConnector: DatabaseChecking {
    /// Where Krateo-shaped DatabaseConfigs (user name and password only) and path-less SQLite ones go.
    public struct Defaults: Sendable, Hashable {
        /// PostgreSQL server of Krateo-shaped DatabaseConfigs; `nil` means the embedded SQLite database.
        public var host: String?
        public var port: Int
        /// Database name on ``host``; `nil` means the user name.
        public var database: String?
        public var sslMode: PostgreSQLTarget.SSLMode
        /// Directory of the embedded SQLite files, one per DatabaseConfig (`<namespace>_<name>.sqlite`).
        public var dataDirectory: String

        public init(
            host: String? = nil, port: Int = PostgreSQLTarget.defaultPort, database: String? = nil,
            sslMode: PostgreSQLTarget.SSLMode = .disable, dataDirectory: String = "/var/lib/finops-operator"
        ) {
            self.host = host
            self.port = port
            self.database = database
            self.sslMode = sslMode
            self.dataDirectory = dataDirectory
        }
    }

    let api: any KubeAPI
    let defaults: Defaults
    let logger: Logger

    public init(api: any KubeAPI, defaults: Defaults, logger: Logger) {
        self.api = api
        self.defaults = defaults
        self.logger = logger
    }

    /// The connection settings of `database`, with its Secrets read now.
    public func settings(for database: ResolvedDatabase) async throws(DatabaseError) -> DatabaseSettings {
        switch database.target {
        case .postgresql(let target):
            return .postgresql(
                host: target.host, port: target.port, database: target.database, username: target.username,
                password: try await secret(target.password), tlsMode: target.sslMode.map(Self.tlsMode),
                caCertificatePEM: try await target.certificateAuthority.asyncMap(secret))
        case .dsn(let dsn, let authority):
            var settings = try DatabaseSettings.parse(dsn: try await secret(dsn))
            if let authority { settings.caCertificatePEM = try await secret(authority) }
            return settings
        case .sqlite(let path):
            if let path { return .sqlite(path: path) }
            return .sqlite(path: try embeddedPath(database.key))
        case .operatorDefault(let username, let password):
            guard let host = defaults.host else { return .sqlite(path: try embeddedPath(database.key)) }
            return .postgresql(
                host: host, port: defaults.port, database: defaults.database ?? username, username: username,
                password: try await secret(password), tlsMode: Self.tlsMode(defaults.sslMode))
        }
    }

    public func check(_ database: ResolvedDatabase) async -> DatabaseCheck {
        let sink: any DatabaseSink
        do {
            sink = makeDatabaseSink(try await settings(for: database), logger: logger)
        } catch {
            return Self.outcome(error)
        }
        defer { Task { await sink.shutdown() } }
        do {
            try await sink.check()
            return DatabaseCheck(
                usable: true, reason: ConditionReason.connected, message: "A connection and a query succeeded.")
        } catch {
            return Self.outcome(error)
        }
    }

    /// The condition for a failed check.
    static func outcome(_ error: DatabaseError) -> DatabaseCheck {
        let reason =
            switch error.code {
            case .unreachable, .cancelled: ConditionReason.databaseUnreachable
            case .authentication: ConditionReason.databaseAuthenticationFailed
            case .tls: ConditionReason.databaseTLSFailed
            case .permission, .invalidTable, .invalidInput, .server: ConditionReason.databaseRejected
            }
        return DatabaseCheck(usable: false, reason: reason, message: error.message)
    }

    static func tlsMode(_ mode: PostgreSQLTarget.SSLMode) -> DatabaseSettings.TLSMode {
        switch mode {
        case .disable: .disable
        case .require: .require
        case .verifyCA: .verifyCA
        case .verifyFull: .verifyFull
        }
    }

    /// The embedded database file of a DatabaseConfig; its directory is created when missing.
    func embeddedPath(_ key: ObjectKey) throws(DatabaseError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: defaults.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw DatabaseError(
                .permission, "The operator's data directory \(defaults.dataDirectory) cannot be created: \(error).")
        }
        let directory = defaults.dataDirectory.hasSuffix("/") ? defaults.dataDirectory : defaults.dataDirectory + "/"
        return directory + "\(key.namespace ?? "default")_\(key.name).sqlite"
    }

    /// A Secret key's value as text; its absence is an authentication problem named after the reference (never the
    /// value).
    func secret(_ key: ResolvedSecretKey) async throws(DatabaseError) -> String {
        do {
            let secret = try await api.get(core.v1.Secret.self, key.secret)
            guard let value = secret.value(forKey: key.key), let text = String(bytes: value, encoding: .utf8) else {
                throw DatabaseError(.authentication, "Secret \(key) has no key \(key.key).")
            }
            return text.trimmingCharacters(in: .newlines)
        } catch let error as DatabaseError {
            throw error
        } catch {
            throw DatabaseError(.authentication, "Secret \(key) cannot be read: \(error).", isRetriable: true)
        }
    }
}

extension Optional {
    fileprivate func asyncMap<T, E: Error>(_ transform: (Wrapped) async throws(E) -> T) async throws(E) -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
