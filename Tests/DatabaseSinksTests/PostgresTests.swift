import Foundation
import KubeTesting
import Testing

@testable import DatabaseSinks

/// PostgreSQL only: connection errors, COPY segments and the switch from the fast path to the exact one.
@Suite(
    .enabled(if: TestDatabase.postgresEnabled, "set FINOPS_TEST_POSTGRES_URL (Tests/Integration/run-swift-tests.sh)"))
struct PostgresTests {
    @Test func checkRunsSelectOne() async throws {
        let sink = makeDatabaseSink(try TestDatabase.postgresSettings(), logger: TestDatabase.logger)
        try await sink.check()
        try await sink.check()
        await sink.shutdown()
    }

    @Test func aWrongPasswordIsAnAuthenticationError() async throws {
        var settings = try TestDatabase.postgresSettings()
        settings.password = "not-the-password-\(UUID().uuidString)"
        let sink = makeDatabaseSink(settings, logger: TestDatabase.logger)
        let error = await #expect(throws: DatabaseError.self) { try await sink.check() }
        await sink.shutdown()
        #expect(error?.code == .authentication)
        #expect(error?.isRetriable == false)
        #expect(error?.message.contains(settings.password!) == false)
        #expect(error?.message.contains(settings.username) == true)
    }

    @Test func aClosedPortIsUnreachableAndRetriable() async throws {
        var settings = try TestDatabase.postgresSettings()
        settings.port = try FreePort.take()
        let sink = makeDatabaseSink(settings, logger: TestDatabase.logger)
        let error = await #expect(throws: DatabaseError.self) { try await sink.check() }
        let loadError = await #expect(throws: DatabaseError.self) {
            try await sink.load(
                LoadRequest(table: TestDatabase.uniqueTable(), kind: .focus, pollID: "p"), body: Body("a\n1\n"))
        }
        await sink.shutdown()
        #expect(error?.code == .unreachable)
        #expect(error?.isRetriable == true)
        #expect(loadError?.code == .unreachable)
        #expect(error?.message.contains("\(settings.port)") == true)
    }

    @Test func requiringTLSFromAServerWithoutItIsATLSError() async throws {
        var settings = try TestDatabase.postgresSettings()
        settings.tlsMode = .verifyFull
        let sink = makeDatabaseSink(settings, logger: TestDatabase.logger)
        let error = await #expect(throws: DatabaseError.self) { try await sink.check() }
        await sink.shutdown()
        #expect(error?.code == .tls)
        #expect(error?.isRetriable == false)
    }

    /// Small segments and chunks: every segment boundary and chunk split, with bad rows in several segments.
    @Test(arguments: [(256, 64 << 10), (37, 4 << 10), (4096, 1 << 10)])
    func segmentsAndChunkSplitsGiveTheSameResult(_ chunkSize: Int, _ segmentBytes: Int) async throws {
        let settings = try TestDatabase.postgresSettings()
        let table = TestDatabase.uniqueTable("segments")
        let report = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p1"),
            try Fixtures.text("focus-1.3-aws-50-bad.csv"), chunkSize: chunkSize,
            options: .init(segmentBytes: segmentBytes))
        #expect(report.rejected.map(\.line) == [3, 5, 7, 10, 12])
        #expect(report.rowsInserted == 45)
        #expect(try await TestDatabase.count(settings, table) == 45)
    }

    /// A file whose quoting PostgreSQL reads differently from the reference reader (lazy quotes) is read exactly
    /// from that row on; the result is what the reference reader reads.
    @Test func lazyQuotesSwitchToTheExactPath() async throws {
        let settings = try TestDatabase.postgresSettings()
        let table = TestDatabase.uniqueTable("lazy")
        var csv = CSVTable(try Fixtures.focus50)
        csv[20, "ResourceName"] = "name-with-\"quote"
        let text = csv.csv.replacingOccurrences(
            of: "\"name-with-\"\"quote\"", with: "name-with-\"quote")
        #expect(text.contains(",name-with-\"quote,"))
        let report = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p1", expectedRows: 50), text, chunkSize: 700,
            options: .init(segmentBytes: 8 << 10))
        #expect(report.rowsInserted == 50 && report.rejectedCount == 0)
        let names = try await Backend.postgres.values(settings, table, "ResourceName")
        #expect(names.values.contains("name-with-\"quote"))

        // The same rows written canonically get the same keys.
        let canonical = TestDatabase.uniqueTable("lazyref")
        _ = try await TestDatabase.load(settings, LoadRequest(table: canonical, kind: .focus, pollID: "p1"), csv.csv)
        #expect(try await Backend.postgres.values(settings, canonical, "ResourceName") == names)
    }

    /// CRLF, a byte order mark, blank lines, unquoted NULL, quotes around plain values: stored as the reference
    /// reader reads them, with the keys of the plain file.
    @Test func oddButValidCSVLoadsLikeThePlainFile() async throws {
        let settings = try TestDatabase.postgresSettings()
        let plain = CSVTable(try Fixtures.focus50)
        var nulls = plain
        nulls[4, "InvoiceId"] = ""
        let reference = TestDatabase.uniqueTable("plain")
        _ = try await TestDatabase.load(settings, LoadRequest(table: reference, kind: .focus, pollID: "p1"), nulls.csv)

        var lines = Fixtures.lines(plain.csv)
        var fields = CSVTable.split(lines[5]).map(CSVTable.quote)
        fields[plain.index("InvoiceId")] = "NULL"
        fields[plain.index("BillingAccountId")] = "\"" + fields[plain.index("BillingAccountId")] + "\""
        lines[5] = fields.joined(separator: ",")
        let odd = "\u{FEFF}" + lines[0] + "\r\n\r\n" + lines.dropFirst().joined(separator: "\r\n") + "\r\n\r\n"
        let table = TestDatabase.uniqueTable("odd")
        let report = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p1", expectedRows: 50), odd, chunkSize: 333)
        #expect(report.rowsInserted == 50 && report.rejectedCount == 0)
        for column in ["InvoiceId", "BillingAccountId", "Tags", "BilledCost", "ChargePeriodStart"] {
            #expect(
                try await Backend.postgres.values(settings, table, column)
                    == Backend.postgres.values(settings, reference, column), "\(column)")
        }
    }

    @Test func aTableNotMadeByTheSinkIsRefused() async throws {
        let settings = try TestDatabase.postgresSettings()
        let table = TestDatabase.uniqueTable("foreign")
        try await TestDatabase.execute(settings, "CREATE TABLE \"\(table.name)\" (a text)")
        let error = await #expect(throws: DatabaseError.self) {
            try await TestDatabase.load(settings, LoadRequest(table: table, kind: .focus, pollID: "p"), "a\n1\n")
        }
        #expect(error?.code == .invalidTable)
    }
}
