/// Why a database sink could not do its job.
///
/// Branch on ``code`` and ``isRetriable``; ``message`` is for people and names what to fix. Messages never contain a
/// password or a DSN with its password: connection problems name the host, port, database and user only.
public struct DatabaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// The server could not be reached: connection refused, DNS failure, timeout, connection lost, or the server
        /// is starting up or shutting down. Retriable.
        case unreachable
        /// The server refused the credentials (bad password, unknown user, no `pg_hba.conf` entry). Not retriable
        /// until the credentials change.
        case authentication
        /// The TLS handshake failed or TLS was required and the server does not offer it; or the CA certificate
        /// could not be read. Not retriable until the configuration changes.
        case tls
        /// The user may not do what the load needs (create the table, add a column, insert). Not retriable until
        /// privileges change.
        case permission
        /// The table name is not valid, or the table exists with a layout this sink cannot write (no row key column).
        case invalidTable
        /// The rows cannot be loaded as a whole: malformed CSV (no header, a header name that is not a valid column
        /// name, input cut short inside a quoted field), or an incomplete poll (fewer or more rows than announced).
        /// Nothing was written. Retriable only when the body itself failed (a re-fetch may succeed).
        case invalidInput
        /// Any other error the server reported.
        case server
        /// The load was cancelled (its task was cancelled); nothing was written. Retriable.
        case cancelled
    }

    public var code: Code
    public var message: String
    /// Whether trying again later, unchanged, may succeed.
    public var isRetriable: Bool

    public init(_ code: Code, _ message: String, isRetriable: Bool? = nil) {
        self.code = code
        self.message = message
        self.isRetriable = isRetriable ?? code.isRetriableByDefault
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

extension DatabaseError.Code {
    /// Whether errors with this code are retriable unless said otherwise.
    var isRetriableByDefault: Bool {
        switch self {
        case .unreachable, .cancelled: true
        case .authentication, .tls, .permission, .invalidTable, .invalidInput, .server: false
        }
    }
}
