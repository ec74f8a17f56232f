import Foundation
import Logging
import Testing

@testable import DatabaseSinks
@testable import FinOpsOperator

/// The databases the `load` tests run against: a fresh SQLite file always, the PostgreSQL of `make test` when
/// `FINOPS_TEST_POSTGRES_URL` is set.
enum LoadTarget: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static var postgresURL: String? { ProcessInfo.processInfo.environment["FINOPS_TEST_POSTGRES_URL"] }
    static var postgresEnabled: Bool { postgresURL != nil }
    static var available: [LoadTarget] { postgresEnabled ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    /// A table name no other test uses.
    static func uniqueTable(_ prefix: String) -> String {
        "\(prefix)_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    }

    /// A fresh SQLite file, or the shared PostgreSQL (tests use tables of their own).
    func database() throws -> LoadDatabase {
        switch self {
        case .sqlite:
            let file = try LoadFixtures.temporaryDirectory().appendingPathComponent("load.db").path
            return LoadDatabase(dsn: "sqlite://" + file)
        case .postgres:
            return LoadDatabase(dsn: try #require(Self.postgresURL))
        }
    }
}

/// One database, read back through the sinks' test probe.
struct LoadDatabase: Sendable {
    let dsn: String

    var settings: DatabaseSettings { get throws { try DatabaseSettings.parse(dsn: dsn) } }
    var isPostgres: Bool { dsn.hasPrefix("postgres") }

    /// `finops-operator load FILE --dsn DSN --table TABLE ARGUMENTS…`, with `environment` instead of the test
    /// process's (whose `PGPASSWORD` must not leak in).
    func load(
        _ file: String, into table: String, _ arguments: [String] = [], environment: [String: String] = [:]
    ) async throws -> LoadCommand.Outcome {
        try await LoadCommand.parse([file, "--dsn", dsn, "--table", table] + arguments).load(
            environment: environment, logger: LoadFixtures.logger)
    }

    /// The rows of `table`, 0 when it does not exist.
    func count(_ table: String) async throws -> Int {
        guard try await exists(table) else { return 0 }
        let rows = try await DatabaseProbe.rows(
            settings, "SELECT count(*) AS n FROM \"\(table)\"", logger: LoadFixtures.logger)
        return Int((rows.first?["n"] ?? nil) ?? "") ?? -1
    }

    /// Every row of `table` (all columns as text), ordered by row key.
    func rows(_ table: String) async throws -> [[String: String?]] {
        let key = isPostgres ? "finops_row_key::text" : "finops_row_key"
        return try await DatabaseProbe.rows(
            settings, "SELECT * FROM \"\(table)\" ORDER BY \(key)", logger: LoadFixtures.logger)
    }

    /// The poll ids recorded for `table` in `finops_loads`.
    func pollIDs(_ table: String) async throws -> [String] {
        guard try await exists("finops_loads") else { return [] }
        let rows = try await DatabaseProbe.rows(
            settings, "SELECT poll_id AS p FROM finops_loads WHERE table_name = '\(table)' ORDER BY loaded_at",
            logger: LoadFixtures.logger)
        return rows.compactMap { $0["p"] ?? nil }
    }

    func exists(_ table: String) async throws -> Bool {
        let sql =
            isPostgres
            ? "SELECT 1 AS e WHERE to_regclass('\"\(table)\"') IS NOT NULL"
            : "SELECT 1 AS e FROM sqlite_master WHERE type = 'table' AND name = '\(table)'"
        return try await !DatabaseProbe.rows(settings, sql, logger: LoadFixtures.logger).isEmpty
    }

    /// Drops `table` and its loads from the shared PostgreSQL; SQLite files are thrown away whole.
    func drop(_ table: String) async throws {
        guard isPostgres else { return }
        try await DatabaseProbe.execute(settings, "DROP TABLE IF EXISTS \"\(table)\"", logger: LoadFixtures.logger)
        guard try await exists("finops_loads") else { return }
        try await DatabaseProbe.execute(
            settings, "DELETE FROM finops_loads WHERE table_name = '\(table)'", logger: LoadFixtures.logger)
    }
}

/// The sinks' CSV fixtures (`Tests/DatabaseSinksTests/Fixtures`) and scratch files.
enum LoadFixtures {
    static let logger: Logger = {
        var logger = Logger(label: "load-command-tests")
        logger.logLevel = .error
        return logger
    }()

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("DatabaseSinksTests/Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// A new directory of its own under the system's temporary directory.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "finops-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Writes `bytes` to a file in a new temporary directory; its path.
    static func write(_ bytes: [UInt8], named name: String) throws -> String {
        let file = try temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }
}
