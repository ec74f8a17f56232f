import Testing

@testable import Focus

/// Property tests on seeded random data: what the writer writes, the reader reads back unchanged, in any chunking;
/// and what the reader reads from the writer's output, the writer writes back byte for byte.
@Suite struct CSVRoundTripTests {
    /// A random field: null, empty, the NULL literal, or text with the characters that need quoting.
    static func field(_ random: inout SeededGenerator) -> String? {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return nil
        case 1: return ""
        case 2: return ["NULL", "null", " ", "\"", "\"\"", ","].randomElement(using: &random)
        default:
            let pieces = [
                "a", "Zz", "0.25", ",", "\"", "\n", "\r\n", "\r", " ", "\t", "é", "€", "😀", "NULL", "{\"k\":1}",
            ]
            return (0..<Int.random(in: 1...6, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }
                .joined()
        }
    }

    static func batch(_ random: inout SeededGenerator, columns: Int, rows: Int) -> RowBatch {
        let header = FocusHeader((0..<columns).map { "Column\($0)" + (Bool.random(using: &random) ? ",x" : "") })
        let rows = (0..<rows).map { _ in (0..<columns).map { _ in field(&random) } }
        return RowBatch(header: header, rows: rows)
    }

    @Test func readingWhatWasWrittenGivesTheRowsBackInEveryChunking() throws {
        var random = SeededGenerator(seed: 21)
        for round in 0..<40 {
            let batch = Self.batch(&random, columns: Int.random(in: 1...5, using: &random), rows: round % 7)
            let lineEnding: CSVWriteOptions.LineEnding = round % 2 == 0 ? .lf : .crlf
            let bytes = CSVWriter.write(
                header: batch.header, batches: [batch], options: CSVWriteOptions(lineEnding: lineEnding))
            let outcome = try CSVTest.readInEveryChunkSize(bytes)
            #expect(outcome.header == batch.header.names)
            #expect(outcome.rows == CSVTest.rows([batch]), "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            #expect(outcome.issueTotal == 0)
        }
    }

    @Test func writingWhatWasReadGivesTheBytesBack() throws {
        var random = SeededGenerator(seed: 22)
        for _ in 0..<200 {
            let batch = Self.batch(&random, columns: Int.random(in: 1...6, using: &random), rows: 20)
            let bytes = CSVWriter.write(header: batch.header, batches: [batch])
            let read = try CSVReader.read(bytes, options: CSVReadOptions(batchByteBudget: 64))
            #expect(CSVWriter.write(header: read.header, batches: read.batches) == bytes)
        }
    }

    @Test func largeRandomInputsRoundTripThroughTheParityPath() throws {
        // Long enough for 64-byte blocks, read in chunk sizes around the block size.
        var random = SeededGenerator(seed: 23)
        for _ in 0..<20 {
            let batch = Self.batch(&random, columns: 8, rows: 60)
            let bytes = CSVWriter.write(header: batch.header, batches: [batch])
            let whole = try CSVTest.read(bytes)
            #expect(whole.rows == CSVTest.rows([batch]))
            for size in [1, 7, 63, 64, 65, 66, 67, 129, 1_000] {
                #expect(try CSVTest.read(bytes, chunkSize: size) == whole, "chunk size \(size)")
            }
        }
    }

    @Test func lineNumbersCountTheLinesOfQuotedFields() throws {
        var random = SeededGenerator(seed: 24)
        let batch = Self.batch(&random, columns: 3, rows: 100)
        let bytes = CSVWriter.write(header: batch.header, batches: [batch])
        let outcome = try CSVTest.read(bytes, chunkSize: 97)
        // Each row begins one line after the previous row's line feeds.
        var line = 1 + batch.header.names.joined().filter { $0 == "\n" }.count + 1
        var expected: [Int] = []
        for row in CSVTest.rows([batch]) {
            expected.append(line)
            line += 1 + row.compactMap { $0 }.joined().utf8.filter { $0 == UInt8(ascii: "\n") }.count
        }
        #expect(outcome.lines == expected)
    }
}
