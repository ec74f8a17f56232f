import FinOpsAPI
import FinOpsPipelines
import Foundation
import Gzip
import KubeClient
import KubeCore
import KubeTesting
import Logging
import Synchronization

@testable import DatabaseSinks

/// A scrape target for tests: an ExporterScraperConfig that scrapes into a fresh table of a real database (SQLite
/// in a temporary directory, or the PostgreSQL `make test` starts), with its password in a fake API's Secret.
struct ScrapeTarget {
    enum Backend: String, Sendable, CaseIterable, CustomStringConvertible {
        case sqlite, postgresql
        var description: String { rawValue }
        static var available: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgresql] }
    }

    static let postgresURL = ProcessInfo.processInfo.environment["FINOPS_TEST_POSTGRES_URL"]
    static let logger = Logger(label: "scrape-test")
    static let owner = ObjectKey(namespace: "finops", name: "aws-costs")

    let backend: Backend
    let api = FakeKubeAPI()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scrape-\(UUID().uuidString)")
    let table = "t_\(UUID().uuidString.prefix(8).lowercased())"
    var metricType = MetricType.cost
    /// The PostgreSQL port to use instead of the server's own (a proxy's).
    var port: Int?

    init(_ backend: Backend) { self.backend = backend }

    static func server() -> (host: String, port: Int, database: String, user: String, password: String)? {
        guard let text = postgresURL, let url = URLComponents(string: text), let host = url.host, let user = url.user,
            let password = url.password
        else { return nil }
        return (host, url.port ?? 5432, String(url.path.dropFirst()), user, password)
    }

    func setPassword(_ value: String) async throws {
        try? await api.delete(core.v1.Secret.self, ObjectKey(namespace: "finops", name: "db-password"))
        _ = try api.seed(
            core.v1.Secret(
                metadata: ObjectMeta(name: "db-password", namespace: "finops"), data: ["password": Data(value.utf8)]))
    }

    var database: ResolvedDatabase {
        let key = ObjectKey(namespace: "finops", name: "db")
        switch backend {
        case .sqlite: return ResolvedDatabase(key: key, target: .sqlite(path: nil))
        case .postgresql:
            let server = Self.server()!
            return ResolvedDatabase(
                key: key,
                target: .postgresql(
                    PostgreSQLTarget(
                        host: server.host, port: port ?? server.port, database: server.database,
                        username: server.user,
                        password: ResolvedSecretKey(
                            secret: ObjectKey(namespace: "finops", name: "db-password"), key: "password"))))
        }
    }

    func pipeline(source: ScraperSource = .exporter, interval: Duration = .seconds(3600)) -> ResolvedExporterScraper {
        ResolvedExporterScraper(
            key: Self.owner,
            spec: NormalizedExporterScraper(
                metricType: metricType, source: .url("http://unused"),
                scraper: NormalizedScraper(
                    tableName: table, databaseConfig: ObjectKey(namespace: "finops", name: "db"), source: source,
                    pollingInterval: interval)),
            database: database)
    }

    var connector: DatabaseConnector {
        DatabaseConnector(api: api, defaults: .init(dataDirectory: directory.path), logger: Self.logger)
    }

    func scraper(rowsURL: String, fetcher: SourceFetcher) -> Scraper {
        Scraper(
            connector: connector, fetcher: fetcher, secrets: ExporterSecretProvider(api: api), environment: [:],
            exporterRowsURL: { _ in rowsURL }, now: { Date(timeIntervalSince1970: 1_767_225_600) }, logger: Self.logger)
    }

    /// The settings the connector resolves now.
    func settings() async throws -> DatabaseSettings { try await connector.settings(for: database) }

    /// Rows in the table (0 when it does not exist yet).
    func count() async throws -> Int {
        let settings = try await settings()
        let exists = try await DatabaseProbe.rows(
            settings,
            backend == .sqlite
                ? "SELECT count(*) AS n FROM sqlite_master WHERE name = '\(table)'"
                : "SELECT count(*) AS n FROM pg_tables WHERE tablename = '\(table)'", logger: Self.logger)
        guard (exists.first?["n"] ?? nil) == "1" else { return 0 }
        let rows = try await DatabaseProbe.rows(
            settings, "SELECT count(*) AS n FROM \"\(table)\"", logger: Self.logger)
        return Int((rows.first?["n"] ?? nil) ?? "") ?? -1
    }

    /// Rows of the table sharing a row key with another (there must be none).
    func duplicateKeys() async throws -> Int {
        let rows = try await DatabaseProbe.rows(
            try await settings(),
            "SELECT count(*) AS n FROM (SELECT finops_row_key FROM \"\(table)\" GROUP BY finops_row_key "
                + "HAVING count(*) > 1) AS d", logger: Self.logger)
        return Int((rows.first?["n"] ?? nil) ?? "") ?? -1
    }
}

/// CSV fixtures shared with the database sink tests.
enum ScrapeFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("DatabaseSinksTests/Fixtures")

    static func path(_ name: String) throws -> String { directory.appendingPathComponent(name).path }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static var focus50: [UInt8] { get throws { try bytes("focus-1.3-aws-50.csv") } }
    static var focus50Bad: [UInt8] { get throws { try bytes("focus-1.3-aws-50-bad.csv") } }

    /// What the exporter's `/rows` answers for a poll: gzip CSV with its ETag, poll id and row count.
    static func exporterRows(_ csv: [UInt8], poll: String, rows: Int) -> StubHTTPServer.Answer {
        StubHTTPServer.Answer(
            status: .ok,
            headers: [
                "Content-Type": "text/csv; charset=utf-8; header=present", "Content-Encoding": "gzip",
                "ETag": "\"\(poll)\"", "X-Finops-Poll-Id": poll, "X-Finops-Rows": "\(rows)", "X-Focus-Version": "1.3",
            ],
            body: Gzip.compress(csv))
    }
}

/// A value set inside a `@Sendable` closure and read after it.
final class Captured<Value: Sendable>: Sendable {
    private let storage = Mutex<Value?>(nil)
    init() {}
    func set(_ value: Value) { storage.withLock { $0 = value } }
    var value: Value? { storage.withLock { $0 } }
}
