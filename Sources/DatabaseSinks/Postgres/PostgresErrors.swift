import NIOCore
import NIOSSL
import PostgresNIO

/// Turns postgres-nio, NIO and NIOSSL errors into ``DatabaseError``s that say what to fix, naming the server, the
/// database and the user, never the password.
struct PostgresErrorMapper: Sendable {
    let settings: DatabaseSettings

    var server: String { "PostgreSQL at \(settings.host):\(settings.port)" }
    var who: String { "database \(settings.database), user \(settings.username)" }

    func map(_ error: any Error, doing action: String) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        if error is CancellationError { return DatabaseError(.cancelled, "\(action) was cancelled") }
        if let error = error as? PSQLError { return map(error, doing: action) }
        if isTLSError(error) {
            return DatabaseError(
                .tls,
                "TLS with \(server) failed while \(action) (sslmode=\(settings.tlsMode.rawValue)): "
                    + "\(String(describing: error)); check the server certificate, the CA certificate and the host name"
            )
        }
        return DatabaseError(.unreachable, "\(server) is unreachable while \(action): \(String(describing: error))")
    }

    private func map(_ error: PSQLError, doing action: String) -> DatabaseError {
        switch error.code {
        case .server:
            return mapServer(error, doing: action)
        case .sslUnsupported:
            return DatabaseError(
                .tls,
                "\(server) does not offer TLS, but sslmode=\(settings.tlsMode.rawValue) requires it; enable ssl on "
                    + "the server or use sslmode=disable on a trusted network")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return DatabaseError(.tls, "TLS with \(server) could not start while \(action)")
        case .authMechanismRequiresPassword:
            return DatabaseError(
                .authentication, "\(server) asks for a password for \(who) and none was given")
        case .unsupportedAuthMechanism:
            return DatabaseError(
                .authentication, "\(server) asks for an authentication method this client does not support (\(who))")
        case .saslError:
            return DatabaseError(
                .authentication, "SCRAM authentication with \(server) failed for \(who); check the password")
        case .queryCancelled:
            return DatabaseError(.cancelled, "\(action) was cancelled")
        case .connectionError:
            if let underlying = error.underlying, isTLSError(underlying) {
                return DatabaseError(
                    .tls,
                    "TLS with \(server) failed (sslmode=\(settings.tlsMode.rawValue)): \(String(describing: underlying)); "
                        + "check the server certificate, the CA certificate and the host name")
            }
            let cause = error.underlying.map { ": \(String(describing: $0))" } ?? ""
            return DatabaseError(.unreachable, "cannot connect to \(server)\(cause)")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return DatabaseError(.unreachable, "the connection to \(server) closed while \(action)")
        default:
            return DatabaseError(.server, "\(server) failed while \(action): \(error.code)")
        }
    }

    private func mapServer(_ error: PSQLError, doing action: String) -> DatabaseError {
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? "unknown error"
        let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
        let hint = error.serverInfo?[.hint].map { "; \($0)" } ?? ""
        let text = "\(message)\(detail)\(hint)"
        switch state {
        case "28P01", "28000":
            return DatabaseError(
                .authentication,
                "\(server) refused \(who): \(message); fix the password or the user (the Secret) or pg_hba.conf")
        case "3D000":
            return DatabaseError(.server, "\(server): \(message); create the database or fix its name in the DSN")
        case "42501":
            return DatabaseError(
                .permission,
                "\(server) denied \(who) while \(action): \(text); grant the privilege (CREATE on the schema to create "
                    + "or widen tables, INSERT and UPDATE on the table)")
        case "53300", "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004":
            return DatabaseError(.unreachable, "\(server) is not available while \(action): \(text)")
        case "40001", "40P01", "55P03":
            return DatabaseError(.server, "\(server): \(text) while \(action)", isRetriable: true)
        default:
            return DatabaseError(.server, "\(server) failed while \(action): \(text) [SQLSTATE \(state)]")
        }
    }

    private func isTLSError(_ error: any Error) -> Bool {
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError { return true }
        let name = String(reflecting: type(of: error))
        return name.contains("NIOSSL") || name.contains("BoringSSL")
    }
}

extension PSQLError {
    /// Whether the server refused data (SQLSTATE class 22, data exception, or 54, program limit): a row of a
    /// COPY that the sink leaves out, as opposed to a failure of the load.
    var isDataError: Bool {
        guard code == .server, let state = serverInfo?[.sqlState] else { return false }
        return state.hasPrefix("22") || state.hasPrefix("54")
    }

    /// The 1-based COPY line, and the column, of a data error (`COPY finops_stage, line 3, column BilledCost: …`).
    var copyPosition: (line: Int, column: String?)? {
        guard let context = serverInfo?[.locationContext], let range = context.firstRange(of: ", line ") else {
            return nil
        }
        let digits = context[range.upperBound...].prefix(while: \.isNumber)
        guard let line = Int(digits) else { return nil }
        var column: String?
        if let columnRange = context.firstRange(of: ", column ") {
            column = String(context[columnRange.upperBound...].prefix { $0 != ":" && $0 != "\n" })
        }
        return (line, column)
    }
}
