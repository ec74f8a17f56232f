/// Reads FOCUS CSV as it arrives: feed chunks split anywhere, get ``RowBatch``es of about
/// ``CSVReadOptions/batchByteBudget`` bytes, never holding more than a batch and one row.
///
/// ```swift
/// var reader = CSVReader()
/// for chunk in chunks { for batch in try reader.feed(chunk) { try sink.write(batch) } }
/// for batch in try reader.finish() { try sink.write(batch) }
/// if !reader.issues.isEmpty { log(reader.issues) }
/// ```
///
/// The dialect is RFC 4180 with Go's `LazyQuotes` by default (see ``CSVReadOptions/lazyQuotes``): LF or CRLF line
/// ends (a lone CR is data), an optional final line end, a UTF-8 byte order mark skipped at the start, blank lines
/// skipped. The first record is the header (``FocusHeader``); rows are mapped to it by position and read by name
/// through it. A field is null when empty and unquoted or exactly `NULL` unquoted; `""` is the empty string.
///
/// Guarantees:
/// - The result does not depend on how the input is split into chunks (a quote, CRLF or UTF-8 sequence may be split).
/// - Every row in a batch has exactly the header's field count, and every field is valid UTF-8 (see
///   ``CSVReadOptions/invalidUTF8``).
/// - A row that cannot be read is skipped and recorded in ``issues`` with its line number, never dropped silently;
///   ``RowBatch/lineNumbers`` give the line each emitted row began on (1-based, the header being line 1, a quoted
///   field's line breaks counted).
/// - Problems with the stream as a whole throw ``CSVReadError`` (no header, invalid header, input ending inside a
///   quoted field); after one, every call throws it again. Rows already returned came from an input that turned
///   out bad: treat the whole read as failed.
public struct CSVReader: Sendable {
    public let options: CSVReadOptions
    private var tokenizer: CSVTokenizer
    private var assembler: CSVRowAssembler
    /// Leading bytes held back until it is clear whether they are a byte order mark.
    private var leadingBytes: [UInt8] = []
    private var pastByteOrderMark = false
    private var finished = false
    private var failure: CSVReadError?

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// A reader for one input. An invalid ``CSVReadOptions/delimiter`` makes every call throw
    /// ``CSVReadError/Code/invalidDelimiter``.
    public init(options: CSVReadOptions = .init()) {
        self.options = options
        tokenizer = CSVTokenizer(delimiter: options.delimiter)
        assembler = CSVRowAssembler(options: options)
        if [UInt8(ascii: "\""), UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains(options.delimiter) {
            failure = CSVReadError(
                .invalidDelimiter, line: 0,
                "the delimiter \(options.delimiter) is a quote, CR or LF; fields cannot be told apart")
        }
    }

    /// The header, once its record has been read.
    public var header: FocusHeader? { assembler.header }
    /// Rows skipped or repaired so far.
    public var issues: CSVIssueLog { assembler.issues }
    /// Rows placed in batches so far (returned, or waiting for the batch to fill).
    public var rowsRead: Int { assembler.rowsRead }
    /// Bytes fed so far.
    public private(set) var bytesRead = 0

    /// Reads the next chunk; returns the batches it completed (often none).
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(CSVReadError) -> [RowBatch] {
        try checkUsable()
        bytesRead += chunk.count
        var chunk = chunk
        if !pastByteOrderMark {
            var taken = 0
            while leadingBytes.count < 3 && taken < chunk.count {
                leadingBytes.append(chunk[taken])
                taken += 1
            }
            chunk = UnsafeRawBufferPointer(rebasing: chunk[taken...])
            if leadingBytes.count < 3 && Self.byteOrderMark.starts(with: leadingBytes) { return [] }
            try passLeadingBytes()
        }
        assembler.prepareForChunk()
        tokenizer.tokenize(chunk, into: &assembler)
        try checkFatal()
        return assembler.takeCompleted()
    }

    /// Reads the next chunk; returns the batches it completed (often none).
    public mutating func feed(_ chunk: [UInt8]) throws(CSVReadError) -> [RowBatch] {
        let result: Result<[RowBatch], CSVReadError> = chunk.withUnsafeBytes { bytes in
            Result { () throws(CSVReadError) -> [RowBatch] in try feed(bytes) }
        }
        return try result.get()
    }

    /// Ends the input: completes a last row without a line end and returns the remaining batches.
    /// - Throws: ``CSVReadError`` with ``CSVReadError/Code/missingHeader`` for an input without a header record,
    ///   ``CSVReadError/Code/unterminatedQuotedField`` when it ends inside a quoted field.
    public mutating func finish() throws(CSVReadError) -> [RowBatch] {
        try checkUsable()
        finished = true
        if !pastByteOrderMark { try passLeadingBytes() }
        assembler.prepareForChunk()
        guard tokenizer.finish(into: &assembler) else {
            let line = tokenizer.recordLine
            let fields = assembler.fieldsInRecord
            throw fail(
                CSVReadError(
                    .unterminatedQuotedField, line: line,
                    "the input ends inside a quoted field of the record that begins on line \(line) "
                        + "(after \(fields) complete fields); it was probably cut short"))
        }
        try checkFatal()
        guard assembler.header != nil else {
            throw fail(CSVReadError(.missingHeader, line: tokenizer.recordLine, "the input has no header record"))
        }
        assembler.flush()
        return assembler.takeCompleted()
    }

    /// Tokenizes the held-back leading bytes unless they are a byte order mark.
    private mutating func passLeadingBytes() throws(CSVReadError) {
        pastByteOrderMark = true
        if leadingBytes != Self.byteOrderMark {
            assembler.prepareForChunk()
            leadingBytes.withUnsafeBytes { tokenizer.tokenize($0, into: &assembler) }
            try checkFatal()
        }
        leadingBytes = []
    }

    private func checkUsable() throws(CSVReadError) {
        if let failure { throw failure }
        if finished { throw CSVReadError(.alreadyFinished, line: tokenizer.recordLine, "the reader has finished") }
    }

    private mutating func checkFatal() throws(CSVReadError) {
        if let fatal = assembler.fatal { throw fail(fatal) }
    }

    private mutating func fail(_ error: CSVReadError) -> CSVReadError {
        failure = error
        return error
    }
}
