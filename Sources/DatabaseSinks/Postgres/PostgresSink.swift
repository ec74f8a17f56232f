import Logging
import NIOCore
import PostgresNIO

/// The PostgreSQL sink: postgres-nio connections (SCRAM-SHA-256 and the other methods the server asks for, TLS by
/// ``DatabaseSettings/TLSMode``), a small pool, and ``PostgresLoad`` for each poll.
final class PostgresSink: DatabaseSink {
    let settings: DatabaseSettings
    let logger: Logger
    let options: DatabaseSinkOptions
    private let pool: PostgresConnectionPool
    private let errors: PostgresErrorMapper

    init(settings: DatabaseSettings, logger: Logger, options: DatabaseSinkOptions) {
        self.settings = settings
        self.logger = logger
        self.options = options
        pool = PostgresConnectionPool(settings: settings, logger: logger, maxIdle: options.maxIdleConnections)
        errors = PostgresErrorMapper(settings: settings)
    }

    func check() async throws(DatabaseError) {
        let connection = try await pool.lease()
        do {
            try await connection.query("SELECT 1", logger: logger)
            await pool.release(connection, reusable: true)
        } catch {
            await pool.release(connection, reusable: false)
            throw errors.map(error, doing: "running SELECT 1")
        }
    }

    func load(
        _ request: LoadRequest, body: some AsyncSequence<ByteBuffer, any Error> & Sendable
    ) async throws(DatabaseError) -> LoadReport {
        if Task.isCancelled { throw DatabaseError(.cancelled, "the load of \(request.table) was cancelled") }
        let connection = try await pool.lease()
        let load = PostgresLoad(
            connection: connection, request: request, options: options, logger: logger, errors: errors)
        do {
            let report = try await load.run(body: body)
            await pool.release(connection, reusable: true)
            return report
        } catch {
            let mapped = errors.map(error, doing: "loading poll \(request.pollID) into \(request.table)")
            // Roll back on a healthy connection and keep it; a cancelled or broken one is closed, and the server
            // rolls back what it left.
            var reusable = false
            if mapped.code != .cancelled && mapped.code != .unreachable && !Task.isCancelled && !connection.isClosed {
                reusable = (try? await connection.query("ROLLBACK", logger: logger)) != nil
            }
            await pool.release(connection, reusable: reusable)
            logger.warning(
                "database load failed",
                metadata: ["table": "\(request.table)", "pollID": "\(request.pollID)", "error": "\(mapped)"])
            throw mapped
        }
    }

    func shutdown() async {
        await pool.shutdown()
    }
}
