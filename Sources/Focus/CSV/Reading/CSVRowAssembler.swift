/// Turns tokenizer events into the header and ``RowBatch``es: the ``CSVTokenSink`` behind ``CSVReader``.
///
/// How bytes are kept: a complete record is copied into the batch storage in one piece, as it stands in the input
/// (delimiters and quotes included), and its fields are spans into that copy. Only fields that need it are changed
/// afterwards, in place: doubled quotes collapsed, the literal `NULL` turned into null, invalid UTF-8 replaced. A
/// record that continues in the next chunk has its first part copied at the chunk's end, and trimmed to the record
/// when it ends, so storage (on which batches are cut) never depends on the chunking. A skipped record's bytes
/// are dropped again, and a record over a size limit is not copied at all, so memory stays bounded by the batch
/// budget plus one row.
///
/// Rows: a field that is empty and unquoted, or exactly `NULL` unquoted, is null; a quoted field is never null.
/// A row whose field count differs from the header's, or that breaks a limit, is skipped with a ``CSVIssue``.
struct CSVRowAssembler: CSVTokenSink {
    /// A field of the open record to fix once the record's bytes are in storage.
    struct Fixup {
        var column: Int
        /// Collapse doubled quotes; otherwise check for the `NULL` literal (the field began in an earlier chunk).
        var unescape: Bool
    }

    let options: CSVReadOptions
    let budget: Int
    let maxFieldBytes: Int
    let maxRowBytes: Int
    let maxHeaderBytes: Int

    /// The header, once its record is complete.
    var header: FocusHeader?
    /// The header's field count; 0 while the header is read, which sends its fields down the unusual path.
    var columnCount = 0
    /// A problem that ends the stream (only the header can have one).
    var fatal: CSVReadError?
    private(set) var issues: CSVIssueLog
    /// Rows placed in batches so far.
    private(set) var rowsRead = 0
    private var completed: [RowBatch] = []

    // The batch being filled.
    var storage: [UInt8] = []
    var spans: [RowBatch.FieldSpan] = []
    private var lineNumbers: [Int] = []
    private var rowCount = 0

    // The open record.
    /// Where the open record's first part was copied, when it began in an earlier chunk; -1 otherwise.
    var partialStart = -1
    /// Fields of the open record so far (also past the header's count, for the issue).
    private(set) var fieldsInRecord = 0
    /// The open record's problem, if any. When it has several, the one found at the smallest stream offset counts,
    /// so that the issue does not depend on where chunks split the input (a size limit can be found at a chunk's
    /// end, before a quote that a read in one chunk would have met first).
    private var problem: CSVIssue.Kind?
    private var problemColumn: Int?
    private var problemOffset = Int.max
    private var recordSpans = RecordSpans(capacity: 0)
    var headerSpans: [RowBatch.FieldSpan] = []
    /// The header record is longer than allowed; the error is raised where its line is known.
    var headerOversized = false
    var fixups: [Fixup] = []

    init(options: CSVReadOptions) {
        self.options = options
        budget = options.effectiveBatchByteBudget
        maxFieldBytes = options.effectiveMaxFieldBytes
        maxRowBytes = options.effectiveMaxRowBytes
        maxHeaderBytes = min(max(options.maxHeaderBytes, 0), 256 << 20)
        issues = CSVIssueLog(sampleLimit: options.maxIssueSamples)
    }

    static let null = RowBatch.FieldSpan(start: RowBatch.FieldSpan.nullMarker, end: RowBatch.FieldSpan.nullMarker)
    /// `NULL` read as a little-endian `UInt32`.
    private static let nullLiteral = UInt32(littleEndian: 0x4C4C_554E)

    /// Call before each chunk: keeps copies of a reader apart.
    mutating func prepareForChunk() {
        RecordSpans.uniqued(&recordSpans)
    }

    /// The batches completed since the last call.
    mutating func takeCompleted() -> [RowBatch] {
        defer { completed.removeAll() }
        return completed
    }

    /// Completes the batch being filled, if it has rows.
    mutating func flush() {
        guard let header, rowCount > 0 else { return }
        completed.append(
            RowBatch(header: header, rowCount: rowCount, storage: storage, spans: spans, lineNumbers: lineNumbers))
        let spanCapacity = spans.count
        storage = []
        spans = []
        lineNumbers = []
        storage.reserveCapacity(budget + budget / 8)
        spans.reserveCapacity(spanCapacity)
        rowCount = 0
    }

    /// Sizes the per-record state for `header`, once it is read.
    mutating func start(rowsOf header: FocusHeader) {
        self.header = header
        columnCount = header.count
        recordSpans = RecordSpans(capacity: header.count)
        storage = []
        spans = []
        storage.reserveCapacity(budget + budget / 8)
    }

    // MARK: - Tokenizer events

    mutating func field(from begin: Int, to end: Int, quoted: Bool, escaped: Bool, record: Int, in chunk: CSVChunk) {
        let column = fieldsInRecord
        fieldsInRecord &+= 1
        let length = end &- begin
        guard column < columnCount, problem == nil, length <= maxFieldBytes, end &- record <= maxRowBytes else {
            return unusualField(column: column, from: begin, to: end, escaped: escaped, record: record)
        }
        // The record's bytes will be (or already are) in storage from `origin` on, as in the input. Offsets fit in
        // 32 bits: the budget and the row size are at most 256 MiB each (`CSVReadOptions`).
        let origin = (partialStart >= 0 ? partialStart : storage.count) &- record
        var span = RowBatch.FieldSpan(
            start: UInt32(truncatingIfNeeded: origin &+ begin), end: UInt32(truncatingIfNeeded: origin &+ end))
        // Nulls are common (a fifth of the fields of a FOCUS export): a select rather than a branch.
        if !quoted && length == 0 { span = Self.null }
        if escaped {
            fixups.append(Fixup(column: column, unescape: true))
        } else if !quoted && length == 4 {
            if begin < chunk.start {
                fixups.append(Fixup(column: column, unescape: false))
            } else if chunk.bytes.loadUnaligned(fromByteOffset: begin &- chunk.start, as: UInt32.self)
                == Self.nullLiteral
            {
                span = Self.null
            }
        }
        recordSpans.base[column] = span
    }

    /// A header field, a field past the header's count or a limit, or a field of a row already found bad.
    private mutating func unusualField(column: Int, from begin: Int, to end: Int, escaped: Bool, record: Int) {
        guard header != nil else { return headerField(from: begin, to: end, escaped: escaped, record: record) }
        if column >= columnCount {
            report(.tooManyFields, column: nil, at: begin)
            return
        }
        if end &- begin > maxFieldBytes { report(.fieldTooLarge, column: column, at: begin &+ maxFieldBytes &+ 1) }
        if end &- record > maxRowBytes { report(.rowTooLarge, column: nil, at: record &+ maxRowBytes &+ 1) }
    }

    /// Notes a problem of the open record found at stream offset `offset`, unless one was found earlier in it (at
    /// the same offset, the kind declared first in `CSVIssue.Kind` counts).
    private mutating func report(_ kind: CSVIssue.Kind, column: Int?, at offset: Int) {
        if let problem, offset > problemOffset || (offset == problemOffset && problem.rank <= kind.rank) { return }
        problem = kind
        problemColumn = column
        problemOffset = offset
    }

    mutating func endRecord(from begin: Int, to end: Int, line: Int, in chunk: CSVChunk) {
        defer { resetRecord() }
        guard header != nil else {
            guard fatal == nil else { return }
            if headerOversized { return headerTooLarge(line: line) }
            commitHeader(from: begin, to: end, line: line, in: chunk)
            return
        }
        if problem == nil && fieldsInRecord < columnCount { problem = .tooFewFields }
        if let problem {
            issues.record(
                CSVIssue(
                    kind: problem, line: line, fieldCount: fieldsInRecord, expectedFieldCount: columnCount,
                    column: problemColumn))
            if partialStart >= 0 { storage.removeSubrange(partialStart...) }
            return
        }
        let origin = storeRecord(from: begin, to: end, in: chunk)
        let firstSpan = spans.count
        spans.append(contentsOf: recordSpans.prefix(columnCount))
        if !fixups.isEmpty { applyFixups(spansFrom: firstSpan) }
        if !storage.withUnsafeBytes({ UTF8Validation.isASCII(UnsafeRawBufferPointer(rebasing: $0[origin...])) }) {
            guard repairUTF8(spansFrom: firstSpan, line: line) else {
                spans.removeSubrange(firstSpan...)
                storage.removeSubrange(origin...)
                return
            }
        }
        lineNumbers.append(line)
        rowCount &+= 1
        rowsRead &+= 1
        if storage.count >= budget { flush() }
    }

    mutating func strayQuote(at offset: Int, line: Int, inQuotedField: Bool, record: Int) {
        guard !options.lazyQuotes, fatal == nil else { return }
        guard header != nil else {
            // Past the size limit the header is too large anyway, whatever a chunk end has already found.
            if offset &- record > maxHeaderBytes &+ 2 {
                headerOversized = true
                return
            }
            fatal = CSVReadError(
                .malformedHeader, line: line, "the header has a quote where RFC 4180 allows none (lazy quotes are off)")
            return
        }
        report(inQuotedField ? .extraneousQuote : .bareQuote, column: fieldsInRecord, at: offset)
    }

    mutating func blankLine() {
        if partialStart >= 0 { storage.removeSubrange(partialStart...) }
        partialStart = -1
    }

    mutating func endChunk(_ chunk: CSVChunk, recordBegin: Int, fieldBegin: Int, line: Int) {
        guard fatal == nil, recordBegin < chunk.end else { return }
        // The open field (and record) may end with a closing quote and a CR that will not count: allow for them.
        // One byte more for the header: a quote that ends the chunk is judged only when the next byte arrives, and
        // a stray quote within the limit must win over "too large" however the input is chunked (fuzz regression
        // fuzz-csv-b14760cb).
        if header == nil {
            guard !headerOversized && chunk.end &- recordBegin <= maxHeaderBytes &+ 3 else {
                return headerTooLarge(line: line)
            }
        } else if fieldsInRecord >= columnCount {
            report(.tooManyFields, column: nil, at: fieldBegin)
        } else {
            if chunk.end &- fieldBegin > maxFieldBytes &+ 2 {
                report(.fieldTooLarge, column: fieldsInRecord, at: fieldBegin &+ maxFieldBytes &+ 1)
            }
            if chunk.end &- recordBegin > maxRowBytes &+ 2 {
                report(.rowTooLarge, column: nil, at: recordBegin &+ maxRowBytes &+ 1)
            }
        }
        if problem != nil {
            // The record will be skipped: keep none of its bytes.
            if partialStart >= 0 { storage.removeSubrange(partialStart...) }
            partialStart = -1
            return
        }
        if partialStart < 0 { partialStart = storage.count }
        storage.append(contentsOf: chunk.bytes(recordBegin..<chunk.end))
    }

    // MARK: - Records

    /// Puts the complete record `begin..<end` in storage and returns where it starts there.
    ///
    /// Storage must end up holding exactly the record's bytes, whatever the chunking, because the batch is cut on
    /// `storage.count`: a batch cut one row earlier or later changes which rows a read that later fails has
    /// returned (fuzz regression fuzz-csv-9e11d248). A first part copied at an earlier chunk's end runs to that
    /// end, which can be past `end`: the CR of a CRLF split between chunks, or the closing quote (and CR) of the
    /// last field. Those bytes are dropped here; otherwise the rest of the record is appended.
    @inline(__always)
    mutating func storeRecord(from begin: Int, to end: Int, in chunk: CSVChunk) -> Int {
        guard partialStart >= 0 else {
            let origin = storage.count
            storage.append(contentsOf: chunk.bytes(begin..<end))
            return origin
        }
        let copiedEnd = begin &+ (storage.count &- partialStart)
        if copiedEnd > end {
            storage.removeLast(copiedEnd &- end)
        } else {
            storage.append(contentsOf: chunk.bytes(copiedEnd..<end))
        }
        return partialStart
    }

    private mutating func resetRecord() {
        partialStart = -1
        fieldsInRecord = 0
        problem = nil
        problemColumn = nil
        problemOffset = Int.max
        if !fixups.isEmpty { fixups.removeAll(keepingCapacity: true) }
    }

    /// Collapses doubled quotes and nulls `NULL` literals in the open row, now in storage.
    private mutating func applyFixups(spansFrom firstSpan: Int) {
        var bytes: [UInt8] = []
        swap(&bytes, &storage)
        bytes.withUnsafeMutableBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            for fixup in fixups {
                let index = firstSpan &+ fixup.column
                let span = spans[index]
                if fixup.unescape {
                    spans[index].end = UInt32(
                        Self.collapseDoubledQuotes(base, from: Int(span.start), to: Int(span.end)))
                } else if span.end &- span.start == 4
                    && UnsafeRawPointer(base + Int(span.start)).loadUnaligned(as: UInt32.self) == Self.nullLiteral
                {
                    spans[index] = Self.null
                }
            }
        }
        swap(&bytes, &storage)
    }

    /// Collapses each `""` in `start..<end` to one quote, in place; returns the new end. Any other quote is kept
    /// (lazy quotes), which is how the tokenizer read it.
    static func collapseDoubledQuotes(_ bytes: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int) -> Int {
        let quote = UInt8(ascii: "\"")
        var read = start
        var write = start
        while read < end {
            let byte = bytes[read]
            bytes[write] = byte
            write &+= 1
            read &+= byte == quote && read &+ 1 < end && bytes[read &+ 1] == quote ? 2 : 1
        }
        return write
    }

    /// Checks each field of the open row and replaces invalid UTF-8, or rejects the row, as the options say.
    /// Returns whether the row stays (when not, the issue is recorded and the caller drops the row).
    private mutating func repairUTF8(spansFrom firstSpan: Int, line: Int) -> Bool {
        for index in firstSpan..<spans.count {
            let span = spans[index]
            if span.isNull { continue }
            let valid = storage.withUnsafeBytes {
                UTF8Validation.isValid(UnsafeRawBufferPointer(rebasing: $0[Int(span.start)..<Int(span.end)]))
            }
            if valid { continue }
            let replace = options.invalidUTF8 == .replace
            issues.record(
                CSVIssue(
                    kind: replace ? .invalidUTF8Replaced : .invalidUTF8, line: line, fieldCount: columnCount,
                    expectedFieldCount: columnCount, column: index &- firstSpan))
            guard replace else { return false }
            // The repaired field goes after the row; its old bytes stay unused.
            let repaired = String(decoding: storage[Int(span.start)..<Int(span.end)], as: UTF8.self)
            let start = storage.count
            storage.append(contentsOf: repaired.utf8)
            spans[index] = RowBatch.FieldSpan(start: UInt32(start), end: UInt32(storage.count))
        }
        return true
    }
}

extension CSVIssue.Kind {
    /// Position in the declaration, to break ties between problems found at the same offset.
    fileprivate var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
