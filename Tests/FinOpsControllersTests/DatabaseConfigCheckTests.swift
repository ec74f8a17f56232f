import FinOpsAPI
import FinOpsControllers
import KubeCore
import Synchronization
import Testing

/// A DatabaseConfig is `Ready` when a connection and a trivial query succeed; the check runs again when its Secret
/// changes (a rotated password is used at once) and at intervals (a database that went away shows).
@Suite struct DatabaseConfigCheckTests {
    /// A database whose answer the test sets; records what it was asked.
    final class FakeDatabases: DatabaseChecking {
        let answer = Mutex(DatabaseCheck(usable: true, reason: ConditionReason.connected, message: "Connected."))
        let asked = Mutex<[ResolvedDatabase]>([])

        func check(_ database: ResolvedDatabase) async -> DatabaseCheck {
            asked.withLock { $0.append(database) }
            return answer.withLock { $0 }
        }
        var count: Int { asked.withLock { $0.count } }
    }

    @Test func readyMeansConnectedAndFailuresNameTheReason() async throws {
        let databases = FakeDatabases()
        try await ControllerHarness.run(databases: databases) { h in
            try h.create(Fixture.passwordSecret())
            try h.create(Fixture.databaseConfig())
            try await h.waitForReady(DatabaseConfig.self, Fixture.key("db"), .true, ConditionReason.connected)
            let target = try #require(databases.asked.withLock { $0.first })
            #expect(target.key == Fixture.key("db"))
            #expect(target.target.secrets.map(\.field) == ["spec.passwordSecretRef"])

            // The password is rotated to a wrong one: the Secret's change triggers a new check at once.
            databases.answer.withLock {
                $0 = DatabaseCheck(
                    usable: false, reason: ConditionReason.databaseAuthenticationFailed,
                    message: "The database refused user finops: password authentication failed.")
            }
            try h.create(Fixture.secret("db-password", ["password": "rotated"]))
            let refused = try await h.waitForReady(
                DatabaseConfig.self, Fixture.key("db"), .false, ConditionReason.databaseAuthenticationFailed)
            #expect(refused.message.contains("password authentication failed"))
            #expect(!refused.message.contains("rotated"))
        }
    }

    @Test func aFailingDatabaseIsCheckedAgainUntilItIsBack() async throws {
        let databases = FakeDatabases()
        databases.answer.withLock {
            $0 = DatabaseCheck(
                usable: false, reason: ConditionReason.databaseUnreachable,
                message: "db.finops.svc:5432 cannot be reached: connection refused.")
        }
        try await ControllerHarness.run(databases: databases) { h in
            try h.create(Fixture.passwordSecret())
            try h.create(Fixture.databaseConfig())
            try await h.waitForReady(
                DatabaseConfig.self, Fixture.key("db"), .false, ConditionReason.databaseUnreachable)
            let before = databases.count

            databases.answer.withLock {
                $0 = DatabaseCheck(usable: true, reason: ConditionReason.connected, message: "Connected.")
            }
            h.clock.advance(by: ConfigEvaluations.databaseRetry)
            try await h.waitForReady(DatabaseConfig.self, Fixture.key("db"), .true, ConditionReason.connected)
            // At least the retry's check; the watch event of the earlier status write may add one more reconcile
            // (and check) at any time, so the exact count is a race (it failed CI once with one extra).
            #expect(databases.count >= before + 1)
        }
    }

    @Test func noCheckWhileTheSecretIsMissing() async throws {
        let databases = FakeDatabases()
        try await ControllerHarness.run(databases: databases) { h in
            try h.create(Fixture.databaseConfig())
            try await h.waitForReady(DatabaseConfig.self, Fixture.key("db"), .false, ConditionReason.secretNotFound)
            #expect(databases.count == 0)
        }
    }
}
