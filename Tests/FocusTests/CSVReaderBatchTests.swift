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
