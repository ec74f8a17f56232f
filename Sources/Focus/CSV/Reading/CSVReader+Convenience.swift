/// Everything one read produced: the header, the rows in batches, and the issues.
public struct CSVReadResult: Sendable {
    public var header: FocusHeader
    public var batches: [RowBatch]
    public var issues: CSVIssueLog

    /// Rows over all batches.
    public var rowCount: Int { batches.reduce(0) { $0 + $1.rowCount } }
}

extension CSVReader {
    /// Reads a whole input held in memory (small payloads, tests).
    public static func read(_ bytes: [UInt8], options: CSVReadOptions = .init()) throws(CSVReadError) -> CSVReadResult {
        var reader = CSVReader(options: options)
        var batches = try reader.feed(bytes)
        batches += try reader.finish()
        // `finish` succeeded, so there is a header.
        let header = reader.header ?? FocusHeader([])
        return CSVReadResult(header: header, batches: batches, issues: reader.issues)
    }

    /// Reads every chunk of `chunks` (an HTTP body, a file) and hands each batch to `body` as it completes, the last
    /// ones after the input ends. Afterwards ``header``, ``issues`` and ``rowsRead`` describe the whole input.
    ///
    /// A callback rather than an `AsyncSequence` of batches, so that the reader (with its issues) stays with the
    /// caller and no task is started: cancelling the caller stops the read.
    /// - Throws: ``CSVReadError``, or whatever `chunks` or `body` throw.
    public mutating func read<Chunks: AsyncSequence>(
        _ chunks: Chunks, isolation: isolated (any Actor)? = #isolation, batches body: (RowBatch) async throws -> Void
    ) async throws where Chunks.Element == [UInt8] {
        var iterator = chunks.makeAsyncIterator()
        while let chunk = try await iterator.next(isolation: isolation) {
            for batch in try feed(chunk) { try await body(batch) }
        }
        for batch in try finish() { try await body(batch) }
    }
}
