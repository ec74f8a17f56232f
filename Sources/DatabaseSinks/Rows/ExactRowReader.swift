import Focus

/// Reads rows with ``CSVReader``, the reference reading of CSV in this project (lazy quotes, `NULL`, invalid UTF-8
/// replaced), and maps its line numbers back to the body's.
///
/// The reader starts anywhere after the header: it is given the header names as a line of its own, then the body
/// from the start of some record on `firstLine`. Rows it cannot read (a wrong number of fields) become rejections.
struct ExactRowReader {
    let header: FocusHeader
    private var reader: CSVReader
    private let lineOffset: Int
    private var reportedIssues = 0

    /// Very large limits: the fast path has none but PostgreSQL's, so neither may this one skip a long row.
    static let options = CSVReadOptions(
        maxFieldBytes: 64 << 20, maxRowBytes: 64 << 20, maxHeaderBytes: 1 << 20, maxIssueSamples: 4096)

    init(header names: [String], firstLine: Int, batchByteBudget: Int = 1 << 20) {
        header = FocusHeader(names)
        var options = Self.options
        options.batchByteBudget = batchByteBudget
        reader = CSVReader(options: options)
        // The synthetic header is line 1, so the body's `firstLine` is the reader's line 2.
        lineOffset = firstLine - 2
        var line = Array(names.joined(separator: ",").utf8)
        line.append(UInt8(ascii: "\n"))
        _ = try? reader.feed(line)
    }

    /// Rows read so far, the skipped ones included.
    var rowsRead: Int { reader.rowsRead + reader.issues.skippedRows }

    mutating func feed(_ bytes: UnsafeRawBufferPointer, log: inout RejectionLog) throws(DatabaseError) -> [RowBatch] {
        do {
            let batches = try reader.feed(bytes)
            collectIssues(into: &log)
            return batches
        } catch {
            throw failure(error)
        }
    }

    mutating func finish(log: inout RejectionLog) throws(DatabaseError) -> [RowBatch] {
        do {
            let batches = try reader.finish()
            collectIssues(into: &log)
            return batches
        } catch {
            throw failure(error)
        }
    }

    /// The body's line of a reader line.
    func bodyLine(_ readerLine: Int) -> Int { readerLine + lineOffset }

    private mutating func collectIssues(into log: inout RejectionLog) {
        let issues = reader.issues
        while reportedIssues < issues.samples.count {
            let issue = issues.samples[reportedIssues]
            reportedIssues += 1
            guard issue.kind.skipsRow else { continue }
            sampledSkips += 1
            let column = issue.column.flatMap { $0 < header.count ? header.names[$0] : nil }
            log.record(RowRejection(line: bodyLine(issue.line), column: column, reason: Self.reason(issue)))
        }
        // Skips past the reader's samples are only counted.
        let unsampled = issues.skippedRows - sampledSkips
        if unsampled > countedUnsampled {
            log.countOnly(unsampled - countedUnsampled)
            countedUnsampled = unsampled
        }
    }

    private var sampledSkips = 0
    private var countedUnsampled = 0

    static func reason(_ issue: CSVIssue) -> String {
        switch issue.kind {
        case .tooFewFields, .tooManyFields:
            "the row has \(issue.fieldCount) fields, the header \(issue.expectedFieldCount)"
        case .fieldTooLarge: "a field is larger than \(options.maxFieldBytes) bytes"
        case .rowTooLarge: "the row is larger than \(options.maxRowBytes) bytes"
        case .bareQuote, .extraneousQuote: "a quote where CSV allows none"
        case .invalidUTF8: "a field is not valid UTF-8"
        case .invalidUTF8Replaced: "invalid UTF-8 replaced"
        }
    }

    private func failure(_ error: CSVReadError) -> DatabaseError {
        switch error.code {
        case .unterminatedQuotedField:
            DatabaseError(
                .invalidInput,
                "the body ends inside a quoted field of the row on line \(bodyLine(error.line)); it was probably cut "
                    + "short")
        default:
            DatabaseError(.invalidInput, "the CSV cannot be read at line \(bodyLine(error.line)): \(error.message)")
        }
    }
}
