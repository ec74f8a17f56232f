/// One chunk of input as the tokenizer hands it on: the bytes and the stream offset of the first one.
///
/// Offsets in the tokenizer's events count bytes from the start of the stream (after a byte order mark), so a field
/// can begin in one chunk and end in a later one; a sink copies what it needs before the chunk goes away.
struct CSVChunk {
    let bytes: UnsafeRawBufferPointer
    /// Stream offset of `bytes[0]`.
    let start: Int

    /// Stream offset just past the last byte.
    var end: Int { start + bytes.count }

    /// The bytes at stream offsets `range` (clamped to this chunk).
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        let lower = max(range.lowerBound, start) - start
        let upper = min(range.upperBound, end) - start
        guard lower < upper else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: bytes[lower..<upper])
    }

    /// ``slice(_:)`` as bytes, for copying into a `[UInt8]` (which copies a typed buffer in one `memcpy`).
    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        let raw = slice(range)
        return UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)
    }
}

/// Receives the structure that ``CSVTokenizer`` finds, as stream offsets.
///
/// The tokenizer never copies: it reports where fields and records begin and end, and the sink copies bytes while
/// the chunk holding them is alive (``endRecord(from:to:line:in:)`` for complete records, ``endChunk(_:recordBegin:fieldBegin:line:)``
/// for the part of a record that continues in the next chunk). Blank lines produce no events but ``blankLine()``.
protocol CSVTokenSink {
    /// A field of the current record. `begin..<end` is its content: without the surrounding quotes for a quoted field
    /// and without the carriage return of a CRLF line end. `escaped` says the content still holds doubled quotes
    /// (`""`) to collapse. `record` is the stream offset where the current record began.
    mutating func field(from begin: Int, to end: Int, quoted: Bool, escaped: Bool, record: Int, in chunk: CSVChunk)

    /// The current record is complete. `begin..<end` covers all its fields; `line` is the 1-based line it began on.
    mutating func endRecord(from begin: Int, to end: Int, line: Int, in chunk: CSVChunk)

    /// A quote that RFC 4180 does not allow: inside an unquoted field, or inside a quoted field and not followed by
    /// a quote, a delimiter or a line end. The tokenizer keeps it as a literal byte (Go's `LazyQuotes`).
    mutating func strayQuote(at offset: Int, line: Int, inQuotedField: Bool, record: Int)

    /// A line with no bytes (or only a carriage return) was skipped. Whatever was copied for a record beginning
    /// there is stale.
    mutating func blankLine()

    /// The chunk is done. A record (and field) still open began at `recordBegin` (`fieldBegin`), the record on
    /// `line`; both offsets equal `chunk.end` when nothing is open.
    mutating func endChunk(_ chunk: CSVChunk, recordBegin: Int, fieldBegin: Int, line: Int)
}
