import Testing

@testable import Focus

/// How rows are cut into batches, and the ways to feed a reader.
@Suite struct CSVReaderBatchTests {
    static func input(rows: Int) -> [UInt8] {
        var text = "id,name,note\n"
        for row in 0..<rows { text += "\(row),name-\(row),\"note, \"\"\(row)\"\"\"\n" }
        return CSVTest.bytes(text)
    }

    @Test func batchesAreCutWhenTheBudgetIsReached() throws {
        let budget = 100
        let result = try CSVReader.read(Self.input(rows: 40), options: CSVReadOptions(batchByteBudget: budget))
        #expect(result.batches.count > 5)
        #expect(result.rowCount == 40)
        for batch in result.batches.dropLast() {
            #expect(batch.byteCount >= budget)
            // One row more than the budget at most.
            #expect(batch.byteCount < budget + 40)
        }
        #expect(result.batches.flatMap(\.lineNumbers) == Array(2...41))
        #expect(CSVTest.rows(result.batches)[7] == ["7", "name-7", "note, \"7\""])
    }

    @Test func batchesComeOutAsChunksArrive() throws {
        var reader = CSVReader(options: CSVReadOptions(batchByteBudget: 64))
        var emitted: [Int] = []
        let input = Self.input(rows: 30)
        for start in stride(from: 0, to: input.count, by: 50) {
            let batches = try reader.feed(Array(input[start..<min(start + 50, input.count)]))
            emitted.append(batches.count)
        }
        let last = try reader.finish()
        #expect(emitted.filter { $0 > 0 }.count > 5)
        #expect(last.count == 1)
        #expect(reader.rowsRead == 30)
        #expect(reader.bytesRead == input.count)
    }

    @Test func batchContentsDoNotDependOnTheBudget() throws {
        let input = Self.input(rows: 25)
        let whole = try CSVReader.read(input)
        for budget in [1, 10, 37, 1_000] {
            let cut = try CSVReader.read(input, options: CSVReadOptions(batchByteBudget: budget))
            #expect(CSVTest.rows(cut.batches) == CSVTest.rows(whole.batches))
            #expect(cut.batches.flatMap(\.lineNumbers) == whole.batches.flatMap(\.lineNumbers))
        }
    }

    /// The batches a read returned, as line numbers and byte counts, and the error that ended it, if any.
    struct Returned: Equatable {
        var batchLines: [[Int]] = []
        var batchBytes: [Int] = []
        var error: CSVReadError.Code?

        init(_ input: [UInt8], splitAt split: Int, options: CSVReadOptions) {
            self.init(chunks: [input[..<split], input[split...]], options: options)
        }

        init(_ input: [UInt8], chunkSize: Int, options: CSVReadOptions) {
            let chunks = stride(from: 0, to: input.count, by: chunkSize).map {
                input[$0..<min($0 + chunkSize, input.count)]
            }
            self.init(chunks: chunks, options: options)
        }

        init(chunks: [ArraySlice<UInt8>], options: CSVReadOptions) {
            var reader = CSVReader(options: options)
            do {
                for chunk in chunks { add(try reader.feed(Array(chunk))) }
                add(try reader.finish())
            } catch {
                self.error = error.code
            }
        }

        private mutating func add(_ batches: [RowBatch]) {
            batchLines += batches.map(\.lineNumbers)
            batchBytes += batches.map(\.byteCount)
        }
    }

    /// A batch holds its records without their line ends, also when a chunk ends between a record's CR and LF (or
    /// after the closing quote of its last field). That CR (and quote) used to stay with the record's first part,
    /// copied at the chunk's end, and count towards the budget, so the batch was cut a row early; a read that
    /// failed later had then returned other rows (fuzz regression fuzz-csv-9e11d248).
    @Test(arguments: [
        // The row `1,2` is 3 bytes; with its CR, 4.
        ("a,b\r\n1,2\r\n3,4\r\n\"cut short", 4, 6),
        // The row `"1","2` (to the closing quote) is 6 bytes; with `"\r`, 8.
        ("a,b\r\n\"1\",\"2\"\r\n3,4\r\n\"cut short", 7, 9),
    ])
    func aLineEndSplitFromItsRecordDoesNotMoveTheBatchCut(text: String, budget: Int, batchBytes: Int) {
        let input = CSVTest.bytes(text)
        let options = CSVReadOptions(batchByteBudget: budget)
        let whole = Returned(input, splitAt: input.count, options: options)
        // The two rows reach the budget only together; then the input ends inside a quoted field.
        #expect(whole.batchLines == [[2, 3]])
        #expect(whole.batchBytes == [batchBytes])
        #expect(whole.error == .unterminatedQuotedField)
        for split in 0...input.count {
            #expect(Returned(input, splitAt: split, options: options) == whole, "split at \(split)")
        }
    }

    /// A header and three-field rows with CRLF or LF line ends, quoted fields (some holding line ends), a blank
    /// line now and then and some damage: bare CRs, stray quotes, invalid UTF-8.
    static func generatedRows(_ random: inout SeededGenerator) -> [UInt8] {
        let pieces = ["a", "bc", "é", "", "NULL", "1.5", "\r", "\"", "\r\n", "\u{FF}"]
        var text = "id,name,note\r\n"
        for _ in 0..<Int.random(in: 1...14, using: &random) {
            let fields = (0..<3).map { _ in
                var content = ""
                for _ in 0..<Int.random(in: 0...4, using: &random) {
                    content += pieces.randomElement(using: &random) ?? ""
                }
                return Bool.random(using: &random) ? "\"" + content + "\"" : content
            }
            text += fields.joined(separator: ",") + (["\r\n", "\n", "\r\n\r\n"].randomElement(using: &random) ?? "\n")
        }
        var bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() where byte == 0xC3 && Int.random(in: 0..<3, using: &random) == 0 {
            bytes[index] = 0xFF
        }
        return bytes
    }

    /// Batches are cut after the same rows, at the same byte counts, however the input is chunked (so that a read
    /// that fails returns the same rows).
    @Test func batchCutsDoNotDependOnTheChunking() {
        var random = SeededGenerator(seed: 21)
        for _ in 0..<40 {
            let input = Self.generatedRows(&random)
            let options = CSVReadOptions(
                lazyQuotes: Bool.random(using: &random), batchByteBudget: Int.random(in: 1...40, using: &random),
                invalidUTF8: Bool.random(using: &random) ? .replace : .skipRow)
            let whole = Returned(input, chunkSize: input.count, options: options)
            for size in 1..<input.count {
                let chunked = Returned(input, chunkSize: size, options: options)
                #expect(
                    chunked == whole, "chunk size \(size) of \(String(decoding: input, as: UTF8.self).debugDescription)"
                )
                if chunked != whole { break }
            }
        }
    }

    @Test func rawPointerFeedReadsTheSame() throws {
        let input = Self.input(rows: 5)
        var reader = CSVReader()
        var batches = try input.withUnsafeBytes { bytes throws(CSVReadError) in
            try reader.feed(UnsafeRawBufferPointer(rebasing: bytes[0..<17]))
                + reader.feed(
                    UnsafeRawBufferPointer(rebasing: bytes[17...]))
        }
        batches += try reader.finish()
        #expect(CSVTest.rows(batches) == CSVTest.rows(try CSVReader.read(input).batches))
    }

    @Test func asyncChunksAreReadAsTheyArrive() async throws {
        let input = Self.input(rows: 20)
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        for start in stride(from: 0, to: input.count, by: 33) {
            continuation.yield(Array(input[start..<min(start + 33, input.count)]))
        }
        continuation.finish()
        var reader = CSVReader(options: CSVReadOptions(batchByteBudget: 200))
        var batches: [RowBatch] = []
        try await reader.read(stream) { batches.append($0) }
        #expect(batches.count > 1)
        #expect(CSVTest.rows(batches) == CSVTest.rows(try CSVReader.read(input).batches))
        #expect(reader.header?.names == ["id", "name", "note"])
        #expect(reader.issues.isEmpty)
    }

    @Test func asyncReadPassesOnTheChunkSourcesError() async {
        struct SourceFailed: Error {}
        let chunks = AsyncThrowingStream<[UInt8], any Error> { continuation in
            continuation.yield(CSVTest.bytes("a,b\n1,2\n"))
            continuation.finish(throwing: SourceFailed())
        }
        var reader = CSVReader()
        await #expect(throws: SourceFailed.self) { try await reader.read(chunks) { _ in } }
    }
}
