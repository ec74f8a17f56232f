// libFuzzer entry for the `csv` target: Focus's streaming CSV reader fed in two chunks.
// Compiled into one module with Sources/Focus (see Fuzz/run.sh), so it needs no import of that module.

/// Called by libFuzzer once per input. The first byte chooses where the rest is split into two chunks and which
/// options apply; the rest is the CSV. Traps (and so reports a crash) when the reader's chunking guarantee breaks:
/// the two-chunk read must give exactly what one chunk gives (header, rows, line numbers, issues, error).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let control = data[0]
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let split = Int(control) * body.count / 255
    // Small limits so that batching, oversize rows and fields and both UTF-8 policies are all reached.
    let options = CSVReadOptions(
        lazyQuotes: control & 1 == 0, batchByteBudget: 64, maxFieldBytes: 256, maxRowBytes: 1024,
        maxHeaderBytes: 512, invalidUTF8: control & 2 == 0 ? .replace : .skipRow, maxIssueSamples: 8)

    let chunked = CSVFuzzOutcome(reading: [Array(body[..<split]), Array(body[split...])], options: options)
    let whole = CSVFuzzOutcome(reading: [body], options: options)
    if chunked != whole {
        fatalError("splitting the input at byte \(split) of \(body.count) changed the result")
    }
    return 0
}

/// Everything a read produced, comparable.
struct CSVFuzzOutcome: Equatable {
    var header: [String]?
    var rows: [[String?]] = []
    var lines: [Int] = []
    /// Where batches are cut and their sizes: they must not depend on the chunking either.
    var batchCuts: [[Int]] = []
    var batchBytes: [Int] = []
    var issues: CSVIssueLog
    var error: CSVReadError?

    init(reading chunks: [[UInt8]], options: CSVReadOptions) {
        var reader = CSVReader(options: options)
        var batches: [RowBatch] = []
        do {
            for chunk in chunks { batches += try reader.feed(chunk) }
            batches += try reader.finish()
        } catch {
            self.error = error
        }
        header = reader.header?.names
        issues = reader.issues
        for batch in batches {
            precondition(batch.columnCount == header?.count, "a batch does not have the header's columns")
            for row in 0..<batch.rowCount { rows.append(batch.row(row)) }
            lines += batch.lineNumbers
            batchCuts.append(batch.lineNumbers)
            batchBytes.append(batch.byteCount)
        }
    }
}
