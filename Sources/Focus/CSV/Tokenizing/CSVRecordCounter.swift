/// Counts the records and fields of a CSV stream without keeping any of it: the tokenizer alone.
///
/// For sizing an input before reading it and for measuring the tokenizer (`finops-bench csv`). It follows the same
/// grammar as ``CSVReader`` (see ``CSVReadOptions``), counts the header as a record, skips blank lines and does not
/// compare field counts between records.
public struct CSVRecordCounter: Sendable {
    private var tokenizer: CSVTokenizer
    private var sink = Counts()

    /// Records seen so far, the header included.
    public var records: Int { sink.records }
    /// Fields seen so far, over all records.
    public var fields: Int { sink.fields }
    /// Quotes that RFC 4180 does not allow (kept as literal bytes by lazy quoting).
    public var strayQuotes: Int { sink.strayQuotes }

    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        tokenizer = CSVTokenizer(delimiter: delimiter)
    }

    /// Tokenizes the next chunk; chunks may split the input anywhere.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        tokenizer.tokenize(chunk, into: &sink)
    }

    /// Ends the input, counting a last record that lacks a line end.
    /// - Throws: ``CSVReadError/Code/unterminatedQuotedField`` when the input ends inside a quoted field.
    public mutating func finish() throws(CSVReadError) {
        guard tokenizer.finish(into: &sink) else {
            throw CSVReadError(
                .unterminatedQuotedField, line: tokenizer.recordLine,
                "the input ends inside a quoted field of the record that begins on line \(tokenizer.recordLine)")
        }
    }

    private struct Counts: CSVTokenSink {
        var records = 0
        var fields = 0
        var strayQuotes = 0

        mutating func field(from begin: Int, to end: Int, quoted: Bool, escaped: Bool, record: Int, in chunk: CSVChunk)
        { fields &+= 1 }
        mutating func endRecord(from begin: Int, to end: Int, line: Int, in chunk: CSVChunk) { records &+= 1 }
        mutating func strayQuote(at offset: Int, line: Int, inQuotedField: Bool, record: Int) { strayQuotes &+= 1 }
        mutating func blankLine() {}
        mutating func endChunk(_ chunk: CSVChunk, recordBegin: Int, fieldBegin: Int, line: Int) {}
    }
}
