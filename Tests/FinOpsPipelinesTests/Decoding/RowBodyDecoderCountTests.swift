import FinOpsPipelines
import Focus
import Testing

/// Every row a body's decoder could not read is counted, also beyond the ones it describes.
@Suite struct RowBodyDecoderCountTests {
    struct Counting: RowReceiver {
        var rows = 0
        var described: [RowProblem] = []
        var undescribed = 0
        mutating func receive(_ batch: RowBatch) throws(SourceError) { rows += batch.rowCount }
        mutating func reject(_ problem: RowProblem) { described.append(problem) }
        mutating func rejectUndescribed(count: Int) { undescribed += count }
    }

    func decode(_ text: String, contentType: String) throws -> Counting {
        var decoder = RowBodyDecoder(receiver: Counting())
        try decoder.begin(contentType: contentType, contentEncoding: nil, name: "/rows")
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBytes { try decoder.consume(UnsafeRawBufferPointer($0)) }
        try decoder.end()
        return decoder.receiver
    }

    @Test func raggedCSVRowsBeyondTheSamplesAreCounted() throws {
        let bad = 250
        var text = "BilledCost,ServiceName\n"
        for index in 0..<400 { text += index < bad ? "1,a,extra\n" : "2,b\n" }
        let result = try decode(text, contentType: "text/csv")
        #expect(result.rows == 150)
        #expect(result.described.count + result.undescribed == bad)
        #expect(result.undescribed > 0)
        #expect(result.described.first?.location == "line 2")
    }

    @Test func jsonItemsBeyondTheSamplesAreCounted() throws {
        let items = (0..<300).map { $0 % 2 == 0 ? #"{"a": "1"}"# : "7" }
        let result = try decode("[" + items.joined(separator: ",") + "]", contentType: "application/json")
        #expect(result.rows == 150)
        #expect(result.described.count + result.undescribed == 150)
    }
}
