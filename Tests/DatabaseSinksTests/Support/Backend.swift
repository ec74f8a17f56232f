import Foundation
import Testing

@testable import DatabaseSinks

/// The databases a semantic test runs against: SQLite always, PostgreSQL when `FINOPS_TEST_POSTGRES_URL` is set.
enum Backend: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static var available: [Backend] { TestDatabase.postgresEnabled ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    /// Settings for one test: a fresh SQLite file, or the shared PostgreSQL (tests use their own tables).
    func settings() throws -> DatabaseSettings {
        switch self {
        case .sqlite: TestDatabase.sqliteSettings()
        case .postgres: try TestDatabase.postgresSettings()
        }
    }

    /// Whether `table` exists.
    func tableExists(_ settings: DatabaseSettings, _ table: TableName) async throws -> Bool {
        switch self {
        case .sqlite:
            let rows = try await TestDatabase.rows(
                settings, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '\(table.name)'")
            return !rows.isEmpty
        case .postgres:
            let rows = try await TestDatabase.rows(settings, "SELECT to_regclass('\"\(table.name)\"')::text AS r")
            return (rows.first?["r"] ?? nil) != nil
        }
    }

    /// Column name → type as the database declares it.
    func columnTypes(_ settings: DatabaseSettings, _ table: TableName) async throws -> [String: String] {
        let sql =
            switch self {
            case .sqlite: "SELECT name AS c, type AS t FROM pragma_table_info('\(table.name)')"
            case .postgres:
                """
                SELECT column_name AS c, data_type AS t FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = '\(table.name)'
                """
            }
        var types: [String: String] = [:]
        for row in try await TestDatabase.rows(settings, sql) {
            if let name = row["c"] ?? nil { types[name] = row["t"] ?? nil }
        }
        return types
    }

    /// The `finops_loads` rows of `table`.
    func loads(_ settings: DatabaseSettings, _ table: TableName) async throws -> [[String: String?]] {
        guard try await tableExists(settings, try TableName(validatingBookkeeping: "finops_loads")) else { return [] }
        return try await TestDatabase.rows(
            settings, "SELECT * FROM finops_loads WHERE table_name = '\(table.name)' ORDER BY loaded_at")
    }

    /// The value of `column` per row key, as text.
    func values(_ settings: DatabaseSettings, _ table: TableName, _ column: String) async throws -> [String: String?] {
        let cast = self == .postgres ? "::text" : ""
        var values: [String: String?] = [:]
        for row in try await TestDatabase.rows(
            settings, "SELECT finops_row_key\(cast) AS k, \"\(column)\"\(cast) AS v FROM \"\(table.name)\"")
        {
            if let key = row["k"] ?? nil { values[key.replacingOccurrences(of: "-", with: "")] = row["v"] ?? nil }
        }
        return values
    }
}

extension TableName {
    /// The bookkeeping table's name, which ``init(validating:)`` refuses.
    init(validatingBookkeeping name: String) throws {
        guard let identifier = SQLIdentifier(name) else { throw DatabaseError(.invalidTable, name) }
        self.init(identifier: identifier)
    }
}
