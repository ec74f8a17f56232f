import Foundation
import Synchronization
import Testing

@testable import DatabaseSinks

/// Loads of one SQLite file in one process take turns instead of racing for SQLite's write lock (the conformance
/// run once lost a scrape to `database is locked` with five pipelines loading into one embedded database).
@Suite struct SQLiteTurnsTests {
    @Test func aSecondCallerWaitsForTheFirstAndCallersGoInOrder() async {
        let turns = SQLiteFileTurns()
        await turns.acquire("/db")
        let order = Mutex<[String]>([])
        let second = Task {
            await turns.acquire("/db")
            order.withLock { $0.append("second") }
            await turns.release("/db")
        }
        // Another file is not held up.
        await turns.acquire("/other")
        await turns.release("/other")
        for _ in 0..<100 { await Task.yield() }
        #expect(order.withLock { $0 }.isEmpty, "the second caller must wait while the first holds the turn")
        order.withLock { $0.append("first done") }
        await turns.release("/db")
        await second.value
        #expect(order.withLock { $0 } == ["first done", "second"])
        // Free again.
        await turns.acquire("/db")
        await turns.release("/db")
    }

    @Test func concurrentLoadsIntoOneFileAllLand() async throws {
        let settings = TestDatabase.sqliteSettings()
        let csv = try Fixtures.focus50
        let tables = (0..<6).map { _ in TestDatabase.uniqueTable("turns") }
        try await withThrowingTaskGroup(of: LoadReport.self) { group in
            for table in tables {
                group.addTask {
                    try await TestDatabase.load(settings, LoadRequest(table: table, kind: .focus, pollID: "p1"), csv)
                }
            }
            for try await report in group { #expect(report.rowsRead == 50) }
        }
        for table in tables { #expect(try await TestDatabase.count(settings, table) == 50) }
    }
}
