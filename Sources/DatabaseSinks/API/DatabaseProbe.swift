import Logging
import PostgresNIO
import SQLiteNIO

/// Reads query results as text, for tests and diagnostics: each row a dictionary from column name to its value as
/// text (`nil` for null). PostgreSQL values are rendered by `row_to_json`, so timestamps read
/// `2026-05-01T00:00:00+00:00` and numbers keep their digits.
enum DatabaseProbe {
    static func rows(_ settings: DatabaseSettings, _ sql: String, logger: Logger) async throws -> [[String: String?]] {
        switch settings.driver {
        case .postgresql:
            let pool = PostgresConnectionPool(settings: settings, logger: logger, maxIdle: 0)
            let connection = try await pool.lease()
            do {
                let result = try await rows(connection, sql, logger: logger)
                await pool.release(connection, reusable: false)
                return result
            } catch {
                await pool.release(connection, reusable: false)
                throw error
            }
        case .sqlite:
            let connection = try await SQLiteConnection.open(storage: .file(path: settings.sqlitePath), logger: logger)
            do {
                let result = try await rows(connection, sql)
                await SQLiteSink.close(connection)
                return result
            } catch {
                await SQLiteSink.close(connection)
                throw error
            }
        }
    }

    private static func rows(
        _ connection: PostgresConnection, _ sql: String, logger: Logger
    ) async throws -> [[String: String?]] {
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT r.n, e.key, e.value
                    FROM (SELECT row_number() OVER () AS n, row_to_json(q) AS j FROM (\(sql)) q) r,
                        json_each_text(r.j) e
                    ORDER BY r.n
                    """), logger: logger)
        var result: [[String: String?]] = []
        for try await (number, key, value) in rows.decode((Int, String, String?).self) {
            while result.count < number { result.append([:]) }
            result[number - 1][key] = .some(value)
        }
        return result
    }

    private static func rows(_ connection: SQLiteConnection, _ sql: String) async throws -> [[String: String?]] {
        try await connection.query(sql).map { row in
            var values: [String: String?] = [:]
            for column in row.columns {
                switch column.data {
                case .null: values[column.name] = .some(nil)
                case .text(let text): values[column.name] = text
                case .integer(let value): values[column.name] = String(value)
                case .float(let value): values[column.name] = String(value)
                case .blob(let buffer): values[column.name] = String(buffer: buffer)
                }
            }
            return values
        }
    }

    /// Runs statements (DDL for tests), no result.
    static func execute(_ settings: DatabaseSettings, _ sql: String, logger: Logger) async throws {
        switch settings.driver {
        case .postgresql:
            let pool = PostgresConnectionPool(settings: settings, logger: logger, maxIdle: 0)
            let connection = try await pool.lease()
            do {
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                await pool.release(connection, reusable: false)
            } catch {
                await pool.release(connection, reusable: false)
                throw error
            }
        case .sqlite:
            let connection = try await SQLiteConnection.open(storage: .file(path: settings.sqlitePath), logger: logger)
            do {
                _ = try await connection.query(sql)
                await SQLiteSink.close(connection)
            } catch {
                await SQLiteSink.close(connection)
                throw error
            }
        }
    }
}
