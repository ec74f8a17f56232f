import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// A few PostgreSQL connections kept open between loads. A connection that saw an error is closed, not reused, so a
/// half-finished transaction never leaks into the next load (the server rolls back what a closed connection left).
actor PostgresConnectionPool {
    private let settings: DatabaseSettings
    private let logger: Logger
    private let maxIdle: Int
    private let errors: PostgresErrorMapper
    private var idle: [PostgresConnection] = []
    private var nextID = 1
    private var isShutDown = false
    private var tls: PostgresConnection.Configuration.TLS?

    init(settings: DatabaseSettings, logger: Logger, maxIdle: Int) {
        self.settings = settings
        self.logger = logger
        self.maxIdle = maxIdle
        self.errors = PostgresErrorMapper(settings: settings)
    }

    /// An open connection: an idle one, or a new one.
    func lease() async throws(DatabaseError) -> PostgresConnection {
        guard !isShutDown else { throw DatabaseError(.unreachable, "the database sink was shut down") }
        while let connection = idle.popLast() {
            if !connection.isClosed { return connection }
        }
        let configuration = try configuration()
        let id = nextID
        nextID += 1
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
        } catch {
            throw errors.map(error, doing: "connecting as \(settings.username) to database \(settings.database)")
        }
    }

    /// Returns a connection after use; one that failed is closed.
    func release(_ connection: PostgresConnection, reusable: Bool) async {
        if reusable && !isShutDown && !connection.isClosed && idle.count < maxIdle {
            idle.append(connection)
        } else {
            try? await connection.close()
        }
    }

    func shutdown() async {
        isShutDown = true
        let connections = idle
        idle = []
        for connection in connections { try? await connection.close() }
    }

    private func configuration() throws(DatabaseError) -> PostgresConnection.Configuration {
        if tls == nil { tls = try PostgresTLS.configuration(for: settings) }
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.username, password: settings.password,
            database: settings.database, tls: tls ?? .disable)
        configuration.options.connectTimeout = .seconds(Int64(settings.connectTimeoutSeconds))
        return configuration
    }
}

/// The TLS side of ``DatabaseSettings/TLSMode`` (libpq's `sslmode` semantics).
enum PostgresTLS {
    static func configuration(for settings: DatabaseSettings) throws(DatabaseError)
        -> PostgresConnection.Configuration.TLS
    {
        guard settings.tlsMode != .disable else { return .disable }
        let configuration = try tlsConfiguration(for: settings)
        do {
            return .require(try NIOSSLContext(configuration: configuration))
        } catch {
            throw DatabaseError(.tls, "cannot set up TLS for PostgreSQL: \(error)")
        }
    }

    /// What the client checks of the server's certificate.
    enum Verification: Sendable, Equatable {
        case none
        /// The chain, not the host name (`verify-ca`, and `require` with a CA certificate).
        case chain
        /// The chain and the host name or IP address (`verify-full`).
        case chainAndHost
    }

    /// libpq's rules: `require` checks nothing unless a CA certificate is given, then it checks as `verify-ca`.
    static func verification(for settings: DatabaseSettings, hasCACertificate: Bool) -> Verification {
        switch settings.tlsMode {
        case .disable: .none
        case .require: hasCACertificate ? .chain : .none
        case .verifyCA: .chain
        case .verifyFull: .chainAndHost
        }
    }

    /// NIOSSL's configuration for the mode.
    static func tlsConfiguration(for settings: DatabaseSettings) throws(DatabaseError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        let roots = try caCertificates(settings)
        switch verification(for: settings, hasCACertificate: roots != nil) {
        case .none: configuration.certificateVerification = .none
        case .chain: configuration.certificateVerification = .noHostnameVerification
        case .chainAndHost: configuration.certificateVerification = .fullVerification
        }
        if let roots { configuration.trustRoots = .certificates(roots) }
        return configuration
    }

    /// The CA certificates of the settings (the PEM, else the file), or `nil` for the system's.
    static func caCertificates(_ settings: DatabaseSettings) throws(DatabaseError) -> [NIOSSLCertificate]? {
        do {
            if let pem = settings.caCertificatePEM {
                let certificates = try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))
                guard !certificates.isEmpty else {
                    throw DatabaseError(.tls, "the CA certificate PEM holds no certificate")
                }
                return certificates
            }
            if let file = settings.caCertificateFile {
                let certificates = try NIOSSLCertificate.fromPEMFile(file)
                guard !certificates.isEmpty else {
                    throw DatabaseError(.tls, "the CA certificate file \(file) holds no certificate")
                }
                return certificates
            }
            return nil
        } catch let error as DatabaseError {
            throw error
        } catch {
            let source = settings.caCertificatePEM != nil ? "PEM" : "file \(settings.caCertificateFile ?? "")"
            throw DatabaseError(.tls, "cannot read the CA certificate \(source): \(error)")
        }
    }
}
