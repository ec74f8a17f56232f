import Foundation
import Testing

@testable import DatabaseSinks

/// The semantics of a load, on SQLite and (with `FINOPS_TEST_POSTGRES_URL`) on PostgreSQL: table layout, exactly
/// once, ordinals, incomplete polls, rejected rows, interruptions.
@Suite struct LoadSemanticsTests {
    // MARK: - Layout

    @Test(arguments: Backend.available)
    func createsTheFocusTableWithTypedColumns(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("focus")
        let report = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p1", expectedRows: 50), try Fixtures.focus50)
        #expect(report.rowsRead == 50)
        #expect(report.rowsInserted == 50)
        #expect(report.rowsUpdated == 0 && report.rowsUnchanged == 0 && report.rejectedCount == 0)
        #expect(report.focusVersion == "1.3")
        #expect(!report.alreadyLoaded)

        let types = try await backend.columnTypes(settings, table)
        #expect(types.count == 66)
        switch backend {
        case .postgres:
            #expect(types["BilledCost"] == "numeric")
            #expect(types["PricingQuantity"] == "numeric")
            #expect(types["ChargePeriodStart"] == "timestamp with time zone")
            #expect(types["Tags"] == "jsonb")
            #expect(types["SkuPriceDetails"] == "jsonb")
            #expect(types["ContractApplied"] == "jsonb")
            #expect(types["AllocatedTags"] == "jsonb")
            #expect(types["ResourceId"] == "text")
            #expect(types["finops_row_key"] == "uuid")
            // The first load builds the primary key after the rows are in; it is there.
            let keys = try await TestDatabase.rows(
                settings,
                "SELECT count(*) AS n FROM pg_constraint WHERE conrelid = to_regclass('\"\(table.name)\"') "
                    + "AND contype = 'p'")
            #expect(keys.first?["n"] == "1")
        case .sqlite:
            #expect(types["BilledCost"] == "TEXT_DECIMAL")
            #expect(types["ChargePeriodStart"] == "TEXT_TIMESTAMP")
            #expect(types["Tags"] == "TEXT_JSON")
            #expect(types["ResourceId"] == "TEXT")
            #expect(types["finops_row_key"] == "TEXT")
        }
        #expect(try await TestDatabase.count(settings, table) == 50)
        let loads = try await backend.loads(settings, table)
        #expect(loads.count == 1)
        #expect(loads.first?["poll_id"] == "p1")
        #expect(loads.first?["rows_read"] == "50")
    }

    @Test(arguments: Backend.available)
    func storesValuesExactly(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("values")
        var csv = CSVTable(try Fixtures.focus50)
        csv[0, "BilledCost"] = "0.00000000000000000001"
        csv[0, "ChargePeriodStart"] = "2026-05-01T02:00:00+02:00"
        _ = try await TestDatabase.load(settings, LoadRequest(table: table, kind: .focus, pollID: "p1"), csv.csv)
        let cost = backend == .postgres ? "\"BilledCost\"::text" : "\"BilledCost\""
        let start =
            backend == .postgres
            ? "to_char(\"ChargePeriodStart\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
            : "\"ChargePeriodStart\""
        let rows = try await TestDatabase.rows(
            settings,
            "SELECT \(cost) AS c, \(start) AS s FROM \"\(table.name)\" WHERE \"ResourceId\" = '\(csv[0, "ResourceId"])' "
                + "AND \"BilledCost\" < 1")
        #expect(rows.first?["c"] == "0.00000000000000000001")
        #expect(rows.first?["s"] == "2026-05-01T00:00:00Z")
    }

    @Test(arguments: Backend.available)
    func widensTheTableForNewColumns(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("widen")
        _ = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p1"), try Fixtures.focus50)

        // A newer FOCUS version's column and a provider's x_ column.
        var csv = CSVTable(try Fixtures.focus50)
        csv.header += ["x_CostCenterOwner", "FutureColumn"]
        csv.rows = csv.rows.enumerated().map { index, row in row + ["owner-\(index)", "future-\(index)"] }
        let report = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p2"), csv.csv)
        #expect(report.rowsUpdated == 50)
        let types = try await backend.columnTypes(settings, table)
        #expect(types.count == 68)
        #expect(types["x_CostCenterOwner"] == (backend == .postgres ? "text" : "TEXT"))
        #expect(types["FutureColumn"] == (backend == .postgres ? "text" : "TEXT"))
        let owners = try await backend.values(settings, table, "x_CostCenterOwner")
        #expect(Set(owners.values.compactMap { $0 }) == Set((0..<50).map { "owner-\($0)" }))

        // An older file without them leaves them as they are.
        let older = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p3"), try Fixtures.focus50)
        #expect(older.rowsUnchanged == 50)
        #expect(try await backend.values(settings, table, "x_CostCenterOwner") == owners)
    }

    // MARK: - Exactly once

    @Test(arguments: Backend.available)
    func reloadingAPollWritesNothing(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("reload")
        let csv = try Fixtures.focus50
        _ = try await TestDatabase.load(settings, LoadRequest(table: table, kind: .focus, pollID: "p1"), csv)
        let keys = try await backend.values(settings, table, "BilledCost")

        let again = try await TestDatabase.load(settings, LoadRequest(table: table, kind: .focus, pollID: "p1"), csv)
        #expect(again.alreadyLoaded)
        #expect(again.rowsRead == 0 && again.rowsInserted == 0)

        // The same rows under another poll id: every row found, none changed.
        let other = try await TestDatabase.load(settings, LoadRequest(table: table, kind: .focus, pollID: "p2"), csv)
        #expect(!other.alreadyLoaded)
        #expect(other.rowsRead == 50 && other.rowsInserted == 0 && other.rowsUpdated == 0 && other.rowsUnchanged == 50)
        #expect(try await TestDatabase.count(settings, table) == 50)
        #expect(try await backend.values(settings, table, "BilledCost") == keys)
        #expect(try await backend.loads(settings, table).count == 2)
    }

    @Test(arguments: Backend.available)
    func aChangedPollUpdatesEveryChangedColumn(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("changed")
        let original = CSVTable(try Fixtures.focus50)
        _ = try await TestDatabase.load(settings, LoadRequest(table: table, kind: .focus, pollID: "p1"), original.csv)
        let before = try await backend.values(settings, table, "BilledCost")

        var changed = original
        changed[0, "BilledCost"] = "1234.5"
        changed[0, "EffectiveCost"] = "1000.25"
        changed[0, "Tags"] = #"{"team":"changed"}"#
        changed[0, "InvoiceId"] = "INV-CHANGED"
        changed[1, "ListCost"] = "99.99"
        let report = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p2"), changed.csv)
        #expect(report.rowsInserted == 0)
        #expect(report.rowsUpdated == 2)
        #expect(report.rowsUnchanged == 48)
        #expect(try await TestDatabase.count(settings, table) == 50)

        let after = try await backend.values(settings, table, "BilledCost")
        #expect(Set(after.keys) == Set(before.keys))
        #expect(after.values.contains("1234.5"))
        let effective = try await backend.values(settings, table, "EffectiveCost")
        #expect(effective.values.contains("1000.25"))
        let invoices = try await backend.values(settings, table, "InvoiceId")
        #expect(invoices.values.contains("INV-CHANGED"))
        let list = try await backend.values(settings, table, "ListCost")
        #expect(list.values.contains("99.99"))
        let tags = try await backend.values(settings, table, "Tags")
        #expect(tags.values.contains { $0?.contains("changed") == true })
    }

    @Test(arguments: Backend.available)
    func rowsWithEqualKeysStayDistinct(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("dups")
        var csv = CSVTable(try Fixtures.focus50)
        // An identical copy of a row, and a row with the same key but another cost (and tag).
        csv.rows.append(csv.rows[3])
        var sibling = csv.rows[7]
        sibling[csv.index("BilledCost")] = "42.42"
        sibling[csv.index("Tags")] = #"{"owner":"sibling"}"#
        csv.rows.append(sibling)
        let first = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p1"), csv.csv)
        #expect(first.rowsInserted == 52)
        #expect(try await TestDatabase.count(settings, table) == 52)
        let keys = try await backend.values(settings, table, "BilledCost")

        // Loading the poll again (another id) maps them to the same rows.
        let second = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p2"), csv.csv)
        #expect(second.rowsInserted == 0 && second.rowsUnchanged == 52)
        #expect(try await backend.values(settings, table, "BilledCost") == keys)
    }

    @Test(arguments: Backend.available)
    func anIncompletePollWritesNothing(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("incomplete")
        let error = await #expect(throws: DatabaseError.self) {
            try await TestDatabase.load(
                settings, LoadRequest(table: table, kind: .focus, pollID: "p1", expectedRows: 51), try Fixtures.focus50)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("50 rows, 51 were announced") == true)
        #expect(try await !backend.tableExists(settings, table))
        #expect(try await backend.loads(settings, table).isEmpty)

        // With the table in place, a short poll changes nothing either.
        _ = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p1"), try Fixtures.focus50)
        var changed = CSVTable(try Fixtures.focus50)
        changed[0, "BilledCost"] = "777"
        changed.rows.removeLast()
        await #expect(throws: DatabaseError.self) {
            try await TestDatabase.load(
                settings, LoadRequest(table: table, kind: .focus, pollID: "p2", expectedRows: 50), changed.csv)
        }
        #expect(try await TestDatabase.count(settings, table) == 50)
        #expect(try await !backend.values(settings, table, "BilledCost").values.contains("777"))
        #expect(try await backend.loads(settings, table).count == 1)
    }

    // MARK: - Rejected rows

    @Test(arguments: Backend.available)
    func badRowsAreRejectedWithTheirLinesAndTheRestLands(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("bad")
        let report = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p1", expectedRows: 50),
            try Fixtures.text("focus-1.3-aws-50-bad.csv"))
        #expect(report.rowsRead == 50)
        #expect(report.rejectedCount == 5)
        #expect(report.rowsInserted == 45)
        #expect(try await TestDatabase.count(settings, table) == 45)
        let byLine = Dictionary(report.rejected.map { ($0.line, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(report.rejected.map(\.line) == [3, 5, 7, 10, 12])
        #expect(byLine[3]?.column == "BilledCost")
        #expect(byLine[5]?.column == "ChargePeriodStart")
        #expect(byLine[7]?.column == "Tags")
        #expect(byLine[10]?.column == nil)
        #expect(byLine[10]?.reason.contains("64 fields") == true)
        #expect(byLine[12]?.column == "ChargePeriodEnd")
        let loads = try await backend.loads(settings, table)
        #expect(loads.first?["rows_rejected"] == "5")
    }

    @Test(arguments: Backend.available)
    func badRowsInALaterPollLeaveTheirPreviousVersions(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("badlater")
        _ = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p1"), try Fixtures.focus50)
        let report = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .focus, pollID: "p2", expectedRows: 50),
            try Fixtures.text("focus-1.3-aws-50-bad.csv"), options: .init(segmentBytes: 16 << 10))
        #expect(report.rejected.map(\.line) == [3, 5, 7, 10, 12])
        // Line 12 (refused) and line 13 have equal key columns in the first poll; with line 12's key column now
        // different, line 13 is the first occurrence of that key and takes over its row.
        #expect(report.rowsInserted == 0 && report.rowsUpdated == 1 && report.rowsUnchanged == 44)
        #expect(try await TestDatabase.count(settings, table) == 50)
    }

    // MARK: - Interruptions

    @Test(arguments: Backend.available)
    func aBodyFailingHalfwayLeavesTheTableUnchanged(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("broken")
        let original = try Fixtures.focus50
        _ = try await TestDatabase.load(settings, LoadRequest(table: table, kind: .focus, pollID: "p1"), original)
        let before = try await backend.values(settings, table, "BilledCost")
        let next = Self.nextPoll(original)

        let sink = makeDatabaseSink(settings, logger: TestDatabase.logger, options: .init(segmentBytes: 8 << 10))
        let error = await #expect(throws: DatabaseError.self) {
            try await sink.load(
                LoadRequest(table: table, kind: .focus, pollID: "p2"),
                body: Body(next, chunkSize: 2000, interruption: .fail(atChunk: 20)))
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.isRetriable == true)
        #expect(try await backend.values(settings, table, "BilledCost") == before)
        #expect(try await backend.loads(settings, table).count == 1)

        // The next load of the same poll completes it, without duplicates.
        let report = try await sink.load(
            LoadRequest(table: table, kind: .focus, pollID: "p2"), body: Body(next, chunkSize: 2000))
        await sink.shutdown()
        #expect(report.rowsRead == 60 && report.rowsInserted == 10 && report.rowsUpdated == 50)
        #expect(try await TestDatabase.count(settings, table) == 60)
    }

    @Test(arguments: Backend.available)
    func aCancelledLoadLeavesTheTableUnchanged(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("cancelled")
        let original = try Fixtures.focus50
        _ = try await TestDatabase.load(settings, LoadRequest(table: table, kind: .focus, pollID: "p1"), original)
        let before = try await backend.values(settings, table, "BilledCost")
        let next = Self.nextPoll(original)

        let sink = makeDatabaseSink(settings, logger: TestDatabase.logger, options: .init(segmentBytes: 8 << 10))
        let gate = Gate()
        let task = Task {
            try await sink.load(
                LoadRequest(table: table, kind: .focus, pollID: "p2"),
                body: Body(next, chunkSize: 2000, interruption: .waitForCancellation(atChunk: 20, gate: gate)))
        }
        await gate.wait()
        task.cancel()
        let result = await task.result
        #expect(throws: DatabaseError.self) { try result.get() }
        if case .failure(let error as DatabaseError) = result { #expect(error.code == .cancelled) }
        #expect(try await backend.values(settings, table, "BilledCost") == before)
        #expect(try await backend.loads(settings, table).count == 1)

        let report = try await sink.load(
            LoadRequest(table: table, kind: .focus, pollID: "p2"), body: Body(next, chunkSize: 2000))
        await sink.shutdown()
        #expect(report.rowsInserted == 10 && report.rowsUpdated == 50)
        #expect(try await TestDatabase.count(settings, table) == 60)
    }

    /// The fixture with every BilledCost changed and ten more rows.
    static func nextPoll(_ csv: String) -> String {
        var table = CSVTable(csv)
        for row in table.rows.indices { table[row, "BilledCost"] = "\(row).125" }
        for row in 0..<10 {
            var extra = table.rows[row]
            extra[table.index("ResourceId")] = "extra-resource-\(row)"
            table.rows.append(extra)
        }
        return table.csv
    }

    // MARK: - Names

    @Test(arguments: Backend.available)
    func headerNamesCannotInjectSQL(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("inject")
        for header in [
            #"BilledCost,"x"" text); DROP TABLE finops_loads; --""#, "BilledCost,x y", "BilledCost,1abc",
            "BilledCost,finops_row_key", "BilledCost,billedcost", "BilledCost,",
        ] {
            let error = await #expect(throws: DatabaseError.self) {
                try await TestDatabase.load(
                    settings, LoadRequest(table: table, kind: .focus, pollID: "p-\(header.hashValue)"),
                    header + "\n1,2\n")
            }
            #expect(error?.code == .invalidInput, "\(header)")
        }
        #expect(try await !backend.tableExists(settings, table))
    }

    // MARK: - Other kinds

    @Test(arguments: Backend.available)
    func usageRowsAreTypedAndKeyedByResourceMetricAndTime(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("usage")
        let header = "ResourceId,metricName,timestamp,average,unit,total,minimum,maximum,count,dimensions\n"
        let rows = [
            "/subscriptions/s/vm1,Percentage CPU,2026-05-01T00:00:00Z,12.5,Percent,,,,,",
            "/subscriptions/s/vm1,Percentage CPU,2026-05-01T01:00:00Z,13.5,Percent,,,,,",
            #"/subscriptions/s/vm1,Network In,2026-05-01T00:00:00Z,1000,Bytes,,,,,"{""nic"":""a""}""#,
        ]
        let first = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .usage, pollID: "u1"), header + rows.joined(separator: "\n"))
        #expect(first.rowsInserted == 3)
        let types = try await backend.columnTypes(settings, table)
        if backend == .postgres {
            #expect(types["timestamp"] == "timestamp with time zone")
            #expect(types["average"] == "numeric")
            #expect(types["dimensions"] == "jsonb")
            #expect(types["metricName"] == "text")
        }
        // A later reading of the same point (the same time written with an offset) updates it.
        let later = [
            "/subscriptions/s/vm1,Percentage CPU,2026-05-01T02:00:00+02:00,20,Percent,,,,,",
            "/subscriptions/s/vm1,Percentage CPU,2026-05-01T02:00:00Z,14,Percent,,,,,",
        ]
        let second = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .usage, pollID: "u2"), header + later.joined(separator: "\n"))
        #expect(second.rowsUpdated == 1 && second.rowsInserted == 1)
        #expect(try await TestDatabase.count(settings, table) == 4)
        #expect(try await backend.values(settings, table, "average").values.contains("20"))
    }

    @Test(arguments: Backend.available)
    func genericRowsAreKeyedByEveryColumnButTheValue(_ backend: Backend) async throws {
        let settings = try backend.settings()
        let table = TestDatabase.uniqueTable("generic")
        let first = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .generic(valueColumnIndex: 2), pollID: "g1"),
            "service,region,value\ncompute,eu,1.5\nstorage,eu,2\n")
        #expect(first.rowsInserted == 2)
        let types = try await backend.columnTypes(settings, table)
        #expect(types["value"] == (backend == .postgres ? "numeric" : "TEXT_DECIMAL"))
        #expect(types["service"] == (backend == .postgres ? "text" : "TEXT"))
        // Columns in another order, one value changed: the same rows.
        let second = try await TestDatabase.load(
            settings, LoadRequest(table: table, kind: .generic(valueColumnIndex: 0), pollID: "g2"),
            "value,region,service\n1.5,eu,compute\n3,eu,storage\n")
        #expect(second.rowsInserted == 0 && second.rowsUpdated == 1 && second.rowsUnchanged == 1)
        #expect(try await TestDatabase.count(settings, table) == 2)

        let outside = await #expect(throws: DatabaseError.self) {
            try await TestDatabase.load(
                settings, LoadRequest(table: table, kind: .generic(valueColumnIndex: 5), pollID: "g3"), "a,b\n1,2\n")
        }
        #expect(outside?.code == .invalidInput)
    }
}
