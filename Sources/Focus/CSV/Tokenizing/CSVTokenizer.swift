/// The RFC 4180 tokenizer: finds field and record boundaries in chunks of any size, keeping its state between them.
///
/// Grammar, with Go's `encoding/csv` `LazyQuotes` where RFC 4180 is strict:
/// - Records end at LF or CRLF; the last record may lack a line end. A lone CR is data. Lines with no bytes (or
///   only CR) are skipped, as Go and pyarrow do.
/// - A field that starts with `"` is quoted: it ends at a `"` followed by the delimiter, a line end or the end of
///   input. `""` inside is one quote. Inside quotes, delimiters, CR and LF are data (LFs still count lines).
/// - Any other quote is kept as a literal byte and reported to the sink as stray: a quote inside an unquoted field,
///   or a quote in a quoted field followed by something else, after which the field stays quoted (as in Go).
///
/// Two paths produce the same events. The scalar path (`CSVTokenizer+Scalar.swift`) is a state machine over the
/// special bytes of each eight-byte word. The quote-parity path (`CSVTokenizer+QuoteParity.swift`) handles a word in
/// one go when every quote in it is where RFC 4180 allows it, which is the common case; any other word goes to the
/// scalar path. The tests check that both give the same events for every input and every chunking.
///
/// Guarantees: the events for an input do not depend on how it is split into chunks; memory is constant (the
/// tokenizer copies nothing); positions are stream offsets, counted from the first byte fed.
struct CSVTokenizer: Sendable {
    /// Where the tokenizer stands between two words or chunks.
    enum State: Sendable, Equatable {
        /// At a field start or inside an unquoted field.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Just after a quote inside a quoted field, at ``Cursor/closingQuote``, whose meaning depends on the next byte.
        case quoteAtChunkEnd
        /// Just after a quote and a CR inside a quoted field: a line end if a line feed follows.
        case quoteCRAtChunkEnd
    }

    /// Everything the tokenizer knows about the open record; a value, so the hot loops keep it in registers.
    struct Cursor: Sendable {
        var state = State.unquoted
        /// The line the next byte is on (1-based).
        var line = 1
        /// The line on which the open record began.
        var recordLine = 1
        var recordBegin = 0
        /// First byte of the open field; for a quoted field, the first byte after the opening quote.
        var fieldBegin = 0
        var fieldsInRecord = 0
        /// The open quoted field holds doubled quotes.
        var escaped = false
        /// The quote whose meaning is pending (states `quoteAtChunkEnd`, `quoteCRAtChunkEnd`).
        var closingQuote = 0
        /// Offsets below this were consumed by a look-ahead after a quote; their events are ignored.
        var resume = 0

        /// Reports the field `begin..<end` and moves past the delimiter at `delimiter`.
        @inline(__always)
        mutating func endField<Sink: CSVTokenSink>(
            _ begin: Int, _ end: Int, quoted: Bool, escaped: Bool, delimiter: Int, in chunk: CSVChunk,
            to sink: inout Sink
        ) {
            sink.field(from: begin, to: end, quoted: quoted, escaped: escaped, record: recordBegin, in: chunk)
            fieldsInRecord &+= 1
            state = .unquoted
            fieldBegin = delimiter &+ 1
        }

        /// Reports the last field `begin..<end` and the record, or a blank line, and moves past the line feed at
        /// `lineFeed`; the next record begins on `nextLine`.
        @inline(__always)
        mutating func endRecord<Sink: CSVTokenSink>(
            _ begin: Int, _ end: Int, quoted: Bool, escaped: Bool, lineFeed: Int, nextLine: Int, in chunk: CSVChunk,
            to sink: inout Sink
        ) {
            if fieldsInRecord == 0 && !quoted && end == begin {
                sink.blankLine()
            } else {
                sink.field(from: begin, to: end, quoted: quoted, escaped: escaped, record: recordBegin, in: chunk)
                sink.endRecord(from: recordBegin, to: end, line: recordLine, in: chunk)
            }
            recordLine = nextLine
            fieldsInRecord = 0
            state = .unquoted
            recordBegin = lineFeed &+ 1
            fieldBegin = lineFeed &+ 1
        }
    }

    /// The chunk being tokenized, with unchecked byte access for the two paths.
    struct ChunkScan {
        let base: UnsafeRawPointer
        let count: Int
        let chunk: CSVChunk
        let masks: SpecialByteMask
        /// The byte before the chunk (0 at the start of the stream).
        let previousByte: UInt8

        var start: Int { chunk.start }

        @inline(__always) func byte(_ index: Int) -> UInt8 { base.load(fromByteOffset: index, as: UInt8.self) }
        @inline(__always) func byteIfPresent(_ index: Int) -> UInt8? { index < count ? byte(index) : nil }
        @inline(__always) func byte(before index: Int) -> UInt8 { index > 0 ? byte(index - 1) : previousByte }
    }

    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    private let masks: SpecialByteMask
    private var cursor = Cursor()
    /// Stream offset of the next byte to come.
    private(set) var offset = 0
    private var lastByte: UInt8 = 0
    /// Whether words may take the quote-parity path (tests turn it off to compare the paths).
    var usesQuoteParity = true

    init(delimiter: UInt8) {
        masks = SpecialByteMask(delimiter: delimiter)
    }

    /// The line on which the open (or last) record began.
    var recordLine: Int { cursor.recordLine }

    /// Tokenizes `bytes`, the next chunk of the stream, reporting to `sink`.
    mutating func tokenize<Sink: CSVTokenSink>(_ bytes: UnsafeRawBufferPointer, into sink: inout Sink) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let count = bytes.count
        let scan = ChunkScan(
            base: base, count: count, chunk: CSVChunk(bytes: bytes, start: offset), masks: masks,
            previousByte: lastByte)
        var cursor = self.cursor
        cursor.resume = offset
        // A quote pending from the previous chunk has not been checked: the first word goes the scalar way.
        var index = 0
        if cursor.state != .unquoted && cursor.state != .quoted {
            scan.scalar(0..<min(8, count), &cursor, &sink)
            index = 8
        }
        // The parity path takes 64-byte blocks and looks two bytes past each; a block it leaves goes the scalar way,
        // and the parity path takes over again after it.
        if usesQuoteParity {
            let reach = ChunkScan.blockReach
            while index &+ reach <= count {
                if cursor.resume <= scan.start &+ index {
                    index = scan.quoteParityRun(from: index, &cursor, &sink)
                    if index &+ reach > count { break }
                }
                for word in stride(from: index, to: index &+ 64, by: 8) {
                    scan.scalar(word..<word &+ 8, &cursor, &sink)
                }
                index &+= 64
            }
        }
        while index < count {
            scan.scalar(index..<min(index &+ 8, count), &cursor, &sink)
            index &+= 8
        }
        lastByte = scan.byte(count - 1)
        offset += count
        sink.endChunk(
            scan.chunk, recordBegin: cursor.recordBegin, fieldBegin: cursor.fieldBegin, line: cursor.recordLine)
        self.cursor = cursor
    }

    /// Ends the stream: completes the last record when it lacks a line end. Returns `false`, reporting nothing, when
    /// the input ends inside a quoted field (the record is incomplete: see ``recordLine``).
    mutating func finish<Sink: CSVTokenSink>(into sink: inout Sink) -> Bool {
        let chunk = CSVChunk(bytes: UnsafeRawBufferPointer(start: nil, count: 0), start: offset)
        switch cursor.state {
        case .quoted:
            return false
        case .quoteAtChunkEnd, .quoteCRAtChunkEnd:
            // The final quote closes the field; a CR after it counts as the line end.
            cursor.endRecord(
                cursor.fieldBegin, cursor.closingQuote, quoted: true, escaped: cursor.escaped, lineFeed: offset,
                nextLine: cursor.line + 1, in: chunk, to: &sink)
        case .unquoted:
            var end = offset
            if end > cursor.fieldBegin && lastByte == Self.carriageReturn { end -= 1 }
            // Nothing open (the input ended with a line end, or is empty) is not a blank line.
            if cursor.fieldsInRecord > 0 || end > cursor.fieldBegin {
                cursor.endRecord(
                    cursor.fieldBegin, end, quoted: false, escaped: false, lineFeed: offset,
                    nextLine: cursor.line + 1, in: chunk, to: &sink)
            }
        }
        return true
    }
}
