import Focus
import Testing

@testable import SourcePayloads

@Suite struct JSONTableDecoderTests {
    @Test func wrappedArrayOfObjectsIsFoundAndKeysUnited() throws {
        let decoded = try JSONTableDecoder().decode(Fixtures.bytes("table-objects-wrapped.json"))
        #expect(
            decoded.rows.header.names == [
                "name", "cpuCost", "ramCost", "totalCost", "window", "properties", "pvCost", "idle",
            ])
        #expect(decoded.rows.column("cpuCost") == ["0.0412", "0.20", "1.2e-3"], "numbers exactly as sent")
        #expect(decoded.rows.column("ramCost") == ["0.01875", "0.118", nil], "JSON null is null")
        #expect(decoded.rows.column("pvCost") == [nil, "0.0033", nil], "missing key is null")
        #expect(decoded.rows.column("idle") == [nil, "false", "true"])
        #expect(decoded.rows.column("window")[0] == #"{"start":"2024-05-01T00:00:00Z","end":"2024-05-02T00:00:00Z"}"#)
        #expect(decoded.rows.column("properties")[0] == #"{"labels":{"app":"exporter"}}"#)
        #expect(decoded.problems.isEmpty)
    }

    @Test func sortedColumnOrderMatchesKrateosGenericExporter() throws {
        let decoded = try JSONTableDecoder(columnOrder: .sorted).decode(Fixtures.bytes("table-objects-wrapped.json"))
        #expect(
            decoded.rows.header.names == [
                "cpuCost", "idle", "name", "properties", "pvCost", "ramCost", "totalCost", "window",
            ])
    }

    @Test func arrayOfArraysUsesTheFirstAsHeader() throws {
        let decoded = try JSONTableDecoder(rowsPath: ["values"]).decode(Fixtures.bytes("table-arrays-sheet.json"))
        #expect(decoded.rows.header.names == ["ServiceName", "BilledCost", "BillingCurrency", "ChargePeriodStart"])
        #expect(decoded.rows.column("BilledCost") == ["1234.50", "17.0625", "0.00"])
        #expect(decoded.rows.rowCount == 3)
    }

    @Test func explicitPathIsFollowedAndErrorsNameIt() throws {
        let payload = Array(#"{"result":{"rows":[{"a":1}]},"other":[{"b":2}]}"#.utf8)
        #expect(try JSONTableDecoder(rowsPath: ["result", "rows"]).decode(payload).rows.header.names == ["a"])
        #expect(
            try JSONTableDecoder().decode(payload).rows.header.names == ["b"], "automatic: first member holding rows")
        #expect {
            try JSONTableDecoder(rowsPath: ["result", "missing"]).decode(payload)
        } throws: { ($0 as? PayloadError)?.description == #"$.result.missing: missing member "missing""# }
        #expect {
            try JSONTableDecoder(rowsPath: ["result"]).decode(payload)
        } throws: { ($0 as? PayloadError)?.description == "$.result: expected an array of rows, found object" }
        #expect {
            try JSONTableDecoder(rowsPath: ["other", "x"]).decode(payload)
        } throws: { ($0 as? PayloadError)?.description == #"$.other: expected an object holding "x", found array"# }
    }

    @Test func rowsOfTheWrongShapeAreSkippedWithTheirPath() throws {
        let objects = try JSONTableDecoder().decode(Array(#"[{"a":1},[1],"x",{"b":true,"a":null}]"#.utf8))
        #expect(objects.rows.rowCount == 2)
        #expect(
            objects.problems.map(\.description) == [
                "$[1]: row skipped: expected an object like the first row, found array",
                "$[2]: row skipped: expected an object like the first row, found string",
            ])
        let arrays = try JSONTableDecoder().decode(
            Array(#"{"data":[["a","b","a"],[1,2,3],[1],{"a":1},[null,{"x":[]},"s"]]}"#.utf8))
        #expect(arrays.rows.rowCount == 2)
        #expect(arrays.rows.row(1) == [nil, #"{"x":[]}"#, "s"])
        #expect(
            arrays.problems.map(\.description) == [
                #"$.data[0][2]: duplicate column name "a"; the first one is used by name"#,
                "$.data[2]: row skipped: it has 1 fields, the header has 3",
                "$.data[3]: row skipped: expected an array like the header, found object",
            ])
    }

    @Test func payloadsThatAreNoTableAreErrors() {
        let cases: [(String, String)] = [
            (
                #"{"a":1,"b":"x"}"#,
                #"$: expected an array of rows or an object holding one; no member is an array (members: "a", "b")"#
            ),
            ("[1,2]", "$[0]: expected each row to be an object or an array, found number"),
            (#"[[1,null]]"#, "$[0][1]: a header cell must be a string, found null"),
            ("true", "$: expected an array of rows or an object holding one, found boolean"),
        ]
        for (payload, description) in cases {
            #expect {
                try JSONTableDecoder().decode(Array(payload.utf8))
            } throws: { ($0 as? PayloadError)?.description == description }
        }
    }

    @Test func emptyArrayGivesNoRows() throws {
        let decoded = try JSONTableDecoder().decode(Array(#"{"items":[]}"#.utf8))
        #expect(decoded.rows.rowCount == 0 && decoded.rows.columnCount == 0)
    }
}
