import Focus
import NIOCore
import Testing

@testable import DatabaseSinks

/// The fast path (record pass-through with a boundary scan) against the reference reading (``CSVReader``): the same
/// rows, values, keys, lines and rejections for every input and every way of splitting it.
@Suite struct RowPathTests {
    struct Row: Equatable, CustomStringConvertible {
        var fields: [String?]
        var key: String
        var line: Int
        var description: String { "line \(line) key \(key.prefix(8)) \(fields)" }
    }

    struct Outcome: Equatable {
        var rows: [Row]
        var rejectedLines: [Int]
        var rowsRead: Int
    }

    static let header = [
        "BillingAccountId", "ResourceId", "ChargePeriodStart", "ChargeDescription", "BilledCost", "Tags",
    ]

    static func body(_ rows: [String], lineEnd: String = "\n") -> String {
        ([header.joined(separator: ",")] + rows).joined(separator: lineEnd) + lineEnd
    }

    /// Through ``PostgresRowSource`` (fast, switching to exact when it must), read back with the reference reader.
    static func viaSource(_ csv: String, chunkSize: Int) throws -> (Outcome, stayedFast: Bool) {
        var headerReader = CSVHeaderReader()
        let bytes = Array(csv.utf8)
        var header: CSVHeaderReader.Header?
        var offset = 0
        while header == nil, offset < bytes.count {
            let end = min(offset + chunkSize, bytes.count)
            header = try Array(bytes[offset..<end]).withBytes { chunk throws(DatabaseError) in
                try headerReader.feed(chunk)
            }
            offset = end
        }
        let found = try header ?? headerReader.finish()
        var source = PostgresRowSource(
            header: found.names, columnTypes: found.names.map { _ in .text },
            plan: TableLayout.keyPlan(for: .focus, header: found.names), firstLine: found.firstRowLine,
            sampleLimit: 100, flushBytes: 97)
        try found.leftover.withBytes { chunk throws(DatabaseError) in try source.feed(chunk) }
        while offset < bytes.count {
            let end = min(offset + chunkSize, bytes.count)
            try Array(bytes[offset..<end]).withBytes { chunk throws(DatabaseError) in try source.feed(chunk) }
            offset = end
        }
        try source.finish()
        let stayedFast = !source.usedExactPath
        var chunks: [CopyChunk] = []
        while let chunk = source.next() { chunks.append(chunk) }

        // Read the COPY data back: header columns and the key.
        var copy: [UInt8] = Array((found.names + ["finops_row_key"]).joined(separator: ",").utf8) + [10]
        for chunk in chunks {
            copy += chunk.buffer.getBytes(at: chunk.buffer.readerIndex, length: chunk.buffer.readableBytes)!
        }
        let read = try CSVReader.read(copy)
        #expect(read.issues.isEmpty)
        let lines = chunks.flatMap(\.lines)
        var rows: [Row] = []
        for batch in read.batches {
            for row in 0..<batch.rowCount {
                var fields = batch.row(row)
                let key = fields.removeLast() ?? ""
                rows.append(Row(fields: fields, key: key, line: lines[rows.count]))
            }
        }
        return (
            Outcome(rows: rows, rejectedLines: source.log.report.map(\.line), rowsRead: source.rowsRead), stayedFast
        )
    }

    /// Through ``ExactRowReader`` only.
    static func reference(_ csv: String) throws -> Outcome {
        var headerReader = CSVHeaderReader()
        let header = try #require(
            try Array(csv.utf8).withBytes { chunk throws(DatabaseError) in try headerReader.feed(chunk) })
        var log = RejectionLog(sampleLimit: 100)
        var reader = ExactRowReader(header: header.names, firstLine: header.firstRowLine)
        var keyer = RowKeyer(plan: TableLayout.keyPlan(for: .focus, header: header.names))
        var batches = try header.leftover.withBytes { chunk throws(DatabaseError) in try reader.feed(chunk, log: &log) }
        batches += try reader.finish(log: &log)
        var rows: [Row] = []
        for batch in batches {
            for row in 0..<batch.rowCount {
                let key = PostgresRowSource.key(of: batch, row: row, keyer: &keyer)
                rows.append(Row(fields: batch.row(row), key: key.hex, line: reader.bodyLine(batch.lineNumbers[row])))
            }
        }
        return Outcome(rows: rows, rejectedLines: log.report.map(\.line), rowsRead: reader.rowsRead)
    }

    static let chunkSizes = [1, 2, 7, 63, 64, 65, 130, 1 << 20]

    static let inputs: [(name: String, csv: String, fast: Bool)] = [
        ("plain", body(["1,r1,2026-05-01T00:00:00Z,usage,1.5,", "1,r2,2026-05-01T00:00:00Z,usage,2.5,"]), true),
        (
            "quotes",
            body([
                #"1,"r,1",2026-05-01T00:00:00Z,"say ""hi""",1.5,"{""a"":""b,c""}""#,
                "1,\"multi\nline\",2026-05-01T00:00:00+00:00,\"x\r\ny\",2,\"\"",
                #""","",2026-05-01,"",3,"#,
            ]), true
        ),
        (
            "crlf, blank lines, NULL",
            "\u{FEFF}"
                + body(["1,r1,2026-05-01T00:00:00Z,NULL,1.5,NULL", "", "1,NULL,NULL,d,NULL,{}", ""], lineEnd: "\r\n"),
            true
        ),
        ("duplicates", body(Array(repeating: "1,r1,2026-05-01T00:00:00Z,usage,1.5,", count: 5)), true),
        ("ragged", body(["1,r1,2026-05-01T00:00:00Z,usage,1.5,", "1,r2", "1,r3,x,y,z,w,extra", "1,r4,,,,"]), true),
        (
            "lazy quote",
            body([
                "1,r1,2026-05-01T00:00:00Z,usage,1.5,", #"1,r"2,2026-05-01T00:00:00Z,usage,1.5,"#,
                #"1,r3,2026-05-01T00:00:00Z,"a""b",1,"#, "1,r4,2026-05-01T00:00:00Z,usage,1.5,",
            ]), false
        ),
        ("no final line end", String(body(["1,r1,2026-05-01T00:00:00Z,a,1,", "1,r2,,b,2,"]).dropLast()), true),
        ("final lone CR", String(body(["1,r1,2026-05-01T00:00:00Z,a,1,", "1,r2,,b,2,x"]).dropLast()) + "\r", false),
        ("header only", body([]), true),
    ]

    @Test(arguments: inputs.indices)
    func theFastPathReadsWhatTheReferenceReads(_ index: Int) throws {
        let input = Self.inputs[index]
        let expected = try Self.reference(input.csv)
        for chunkSize in Self.chunkSizes {
            let (outcome, stayedFast) = try Self.viaSource(input.csv, chunkSize: chunkSize)
            #expect(outcome == expected, "\(input.name), chunks of \(chunkSize)")
            if chunkSize == 1 << 20 { #expect(stayedFast == input.fast, "\(input.name)") }
        }
    }

    @Test func theFocusFixtureStaysOnTheFastPath() throws {
        let csv = try Fixtures.focus50
        let expected = try Self.reference(csv)
        #expect(expected.rows.count == 50)
        for chunkSize in [1, 100, 4096, 1 << 20] {
            let (outcome, stayedFast) = try Self.viaSource(csv, chunkSize: chunkSize)
            #expect(outcome == expected)
            #expect(stayedFast)
        }
    }

    @Test func inputEndingInsideAQuotedFieldIsAnError() throws {
        let csv = Self.body(["1,r1,2026-05-01T00:00:00Z,\"open,1,"])
        for chunkSize in [1, 1 << 20] {
            let error = #expect(throws: DatabaseError.self) { try Self.viaSource(csv, chunkSize: chunkSize) }
            #expect(error?.code == .invalidInput)
            #expect(error?.message.contains("line 2") == true)
        }
    }
}

@Suite struct RowKeyTests {
    static let header = ["ResourceId", "ChargePeriodStart", "BilledCost"]

    static func keys(_ rows: [[String?]]) -> [String] {
        var keyer = RowKeyer(plan: TableLayout.keyPlan(for: .focus, header: header))
        let batch = RowBatch(header: FocusHeader(header), rows: rows)
        return (0..<batch.rowCount).map { PostgresRowSource.key(of: batch, row: $0, keyer: &keyer).hex }
    }

    @Test func keysReadTimestampsAsInstantsAndIgnoreValues() {
        let keys = Self.keys([
            ["r", "2026-05-01T00:00:00Z", "1"], ["r", "2026-05-01T02:00:00+02:00", "2"],
        ])
        // The same key field values: the second is the second occurrence, not the same row.
        #expect(keys[0] != keys[1])
        let alone = Self.keys([["r", "2026-05-01T02:00:00+02:00", "9"]])
        #expect(alone[0] == keys[0])
    }

    @Test func nullAndEmptyDiffer() {
        let keys = Self.keys([["", "2026-05-01T00:00:00Z", "1"], [nil, "2026-05-01T00:00:00Z", "1"]])
        #expect(keys[0] != keys[1])
        #expect(Self.keys([[nil, "2026-05-01T00:00:00Z", "1"]])[0] == keys[1])
    }

    @Test func occurrencesAreNumberedInOrder() {
        let rows: [[String?]] = Array(repeating: ["r", "2026-05-01T00:00:00Z", "1"], count: 3)
        let keys = Self.keys(rows)
        #expect(Set(keys).count == 3)
        #expect(Self.keys(rows) == keys)
        #expect(keys.allSatisfy { $0.count == 32 })
    }
}

@Suite struct ValueCheckTests {
    static func check(_ text: String, _ type: ColumnType) -> ValueVerdict {
        var text = text
        return text.withUTF8 { ValueChecks.postgres($0, as: type) }
    }

    @Test(arguments: ["1", "-1.5", "+.5", "5.", "1e10", "1.5E-7", " 42 ", "NaN", "-Infinity", "inf"])
    func numbersPostgresTakes(_ text: String) {
        #expect(Self.check(text, .decimal) == .good)
    }

    @Test(arguments: ["", "abc", "1.2.3", "1e", "--1", "1,5", "0x10", "+NaN"])
    func numbersPostgresRefuses(_ text: String) {
        guard case .bad = Self.check(text, .decimal) else {
            Issue.record("\(text) should be bad")
            return
        }
    }

    @Test func timestamps() {
        #expect(Self.check("2026-05-01T00:00:00Z", .timestamp) == .good)
        #expect(Self.check("2026-13-01T00:00:00Z", .timestamp) == .doubtful)
        #expect(Self.check("May 1 2026", .timestamp) == .doubtful)
        #expect(Self.check("epoch", .timestamp) == .doubtful)
        guard case .bad = Self.check("not a date", .timestamp) else {
            Issue.record("not a date should be bad")
            return
        }
    }

    @Test(arguments: [
        "{}", "[]", " {\"a\": [1, 2.5e-3, true, false, null, \"x\\u00e9\\ud83d\\ude00\"]} ", "\"s\"", "-0", "[[[]]]",
        "{\"a\":{\"b\":{}}}",
    ])
    func validJSON(_ text: String) {
        var text = text
        #expect(text.withUTF8 { JSONCheck.check($0) } == .valid)
    }

    @Test(arguments: [
        "", "{", "{\"a\":}", "[1,]", "{\"a\":1,}", "01", "1.", "'a'", "{a:1}", "\"\\u0000\"", "\"\\ud800\"",
        "\"\\udc00\"", "\"a\nb\"", "[1] x", "tru", "{\"broken\": ",
    ])
    func invalidJSON(_ text: String) {
        var text = text
        guard case .invalid = text.withUTF8({ JSONCheck.check($0) }) else {
            Issue.record("\(text) should be invalid")
            return
        }
    }

    @Test func deepJSONIsLeftToTheServer() {
        var text = String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)
        #expect(text.withUTF8 { JSONCheck.check($0) } == .tooDeep)
    }

    @Test func sqliteNormalizes() {
        func sqlite(_ text: String, _ type: ColumnType) -> String? {
            var text = text
            return try? text.withUTF8 { ValueChecks.sqlite($0, as: type) }.get()
        }
        #expect(sqlite("1.5E-7", .decimal) == "0.00000015")
        #expect(sqlite("-12.3400", .decimal) == "-12.3400")
        #expect(sqlite("2026-05-01T02:00:00+02:00", .timestamp) == "2026-05-01T00:00:00Z")
        #expect(sqlite("abc", .decimal) == nil)
        #expect(sqlite("{\"a\":1}", .json) == "{\"a\":1}")
        #expect(sqlite("{", .json) == nil)
    }
}
