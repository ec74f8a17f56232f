import FinOpsAPI
import FinOpsPipelines
import Foundation
import KubeCore
import KubeTesting
import Logging
import Testing

/// A DatabaseConfig's target becomes connection settings with its Secrets read at the moment of use, and its check
/// gives the `Ready` condition: against a real PostgreSQL (started by `make test`) and a real SQLite file.
@Suite struct DatabaseConnectorTests {
    static let postgresURL = ProcessInfo.processInfo.environment["FINOPS_TEST_POSTGRES_URL"]
    static let password = ResolvedSecretKey(
        secret: ObjectKey(namespace: "finops", name: "db-password"), key: "password")

    let api = FakeKubeAPI()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("connector-\(UUID().uuidString)")

    func connector(host: String? = nil) -> DatabaseConnector {
        DatabaseConnector(
            api: api, defaults: .init(host: host, dataDirectory: directory.path), logger: Logger(label: "test"))
    }

    func setPassword(_ value: String) throws {
        try api.seed(
            core.v1.Secret(
                metadata: ObjectMeta(name: "db-password", namespace: "finops"), data: ["password": Data(value.utf8)]))
    }

    /// Host, port, database and user of the test server's URL.
    static func server() throws -> (host: String, port: Int, database: String, user: String, password: String) {
        guard let text = postgresURL, let url = URLComponents(string: text), let host = url.host, let user = url.user,
            let password = url.password
        else { throw CancellationError() }
        return (host, url.port ?? 5432, String(url.path.dropFirst()), user, password)
    }

    @Test func krateoShapeWithoutADefaultServerIsAnEmbeddedSQLiteFile() async throws {
        try setPassword("unused")
        let database = ResolvedDatabase(
            key: ObjectKey(namespace: "finops", name: "db"),
            target: .operatorDefault(username: "finops", password: Self.password))
        let check = await connector().check(database)
        #expect(
            check == DatabaseCheck(usable: true, reason: "Connected", message: "A connection and a query succeeded."))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("finops_db.sqlite").path))
    }

    @Test(.enabled(if: postgresURL != nil)) func postgreSQLWithTheRightPasswordIsUsable() async throws {
        let server = try Self.server()
        try setPassword(server.password)
        let target = PostgreSQLTarget(
            host: server.host, port: server.port, database: server.database, username: server.user,
            password: Self.password)
        let database = ResolvedDatabase(key: ObjectKey(namespace: "finops", name: "db"), target: .postgresql(target))
        #expect(await connector().check(database).usable)

        // The Secret is rotated to a wrong password: the next check reads it and says so, without the value.
        try setPassword("not-the-password")
        let refused = await connector().check(database)
        #expect(refused.reason == ConditionReason.databaseAuthenticationFailed)
        #expect(!refused.message.contains("not-the-password"))
    }

    @Test(.enabled(if: postgresURL != nil)) func krateoShapeUsesTheDefaultServer() async throws {
        let server = try Self.server()
        try setPassword(server.password)
        let database = ResolvedDatabase(
            key: ObjectKey(namespace: "finops", name: "db"),
            target: .operatorDefault(username: server.user, password: Self.password))
        let connector = DatabaseConnector(
            api: api, defaults: .init(host: server.host, port: server.port, database: server.database),
            logger: Logger(label: "test"))
        #expect(await connector.check(database).usable)
    }

    @Test func aClosedPortIsUnreachable() async throws {
        try setPassword("x")
        let target = PostgreSQLTarget(
            host: "127.0.0.1", port: 1, database: "finops", username: "finops", password: Self.password)
        let check = await connector().check(
            ResolvedDatabase(key: ObjectKey(namespace: "finops", name: "db"), target: .postgresql(target)))
        #expect(check.reason == ConditionReason.databaseUnreachable)
        #expect(check.message.contains("127.0.0.1"))
    }

    @Test func aMissingSecretKeyIsNamed() async throws {
        try api.seed(core.v1.Secret(metadata: ObjectMeta(name: "db-password", namespace: "finops"), data: [:]))
        let target = PostgreSQLTarget(
            host: "127.0.0.1", port: 1, database: "finops", username: "finops", password: Self.password)
        let check = await connector().check(
            ResolvedDatabase(key: ObjectKey(namespace: "finops", name: "db"), target: .postgresql(target)))
        #expect(check.reason == ConditionReason.databaseAuthenticationFailed)
        #expect(check.message.contains("finops/db-password"))
    }
}
