/// The scalar path: a state machine that visits each special byte (delimiter, quote, line feed) of a word in order.
/// It handles every input, including stray quotes, and decides what a quote inside a quoted field means by looking
/// at the one or two bytes after it.
extension CSVTokenizer.ChunkScan {
    typealias Cursor = CSVTokenizer.Cursor

    /// What a quote inside a quoted field turns out to be, given the bytes after it.
    enum QuoteMeaning {
        /// `""`: one literal quote; the field goes on.
        case escape
        /// The field ends; a delimiter follows.
        case endOfField
        /// The field and the record end; the line feed is `lineFeedDistance` bytes after the quote (1 or 2).
        case endOfRecord(lineFeedDistance: Int)
        /// A literal quote (lazy quotes); the field goes on.
        case stray
        /// The chunk ended before the meaning was clear.
        case undecided
    }

    @inline(__always)
    func meaningOfQuote(next: UInt8?, afterNext: UInt8?) -> QuoteMeaning {
        guard let next else { return .undecided }
        if next == CSVTokenizer.quote { return .escape }
        if next == masks.delimiter { return .endOfField }
        if next == CSVTokenizer.lineFeed { return .endOfRecord(lineFeedDistance: 1) }
        if next == CSVTokenizer.carriageReturn {
            guard let afterNext else { return .undecided }
            return afterNext == CSVTokenizer.lineFeed ? .endOfRecord(lineFeedDistance: 2) : .stray
        }
        return .stray
    }

    /// Applies `meaning` to the quote at stream offset `quote` inside a quoted field.
    @inline(__always)
    func apply<Sink: CSVTokenSink>(_ meaning: QuoteMeaning, quoteAt quote: Int, _ c: inout Cursor, _ sink: inout Sink) {
        switch meaning {
        case .escape:
            c.state = .quoted
            c.escaped = true
            c.resume = quote &+ 2
        case .endOfField:
            c.endField(
                c.fieldBegin, quote, quoted: true, escaped: c.escaped, delimiter: quote &+ 1, in: chunk, to: &sink)
            c.resume = quote &+ 2
        case .endOfRecord(let distance):
            let lineFeed = quote &+ distance
            c.line &+= 1
            c.endRecord(
                c.fieldBegin, quote, quoted: true, escaped: c.escaped, lineFeed: lineFeed, nextLine: c.line, in: chunk,
                to: &sink)
            c.resume = lineFeed &+ 1
        case .stray:
            sink.strayQuote(at: quote, line: c.line, inQuotedField: true, record: c.recordBegin)
            c.state = .quoted
        case .undecided:
            c.closingQuote = quote
        }
    }

    /// Tokenizes the bytes at chunk indices `range` (at most eight, or the end of the chunk).
    @inline(__always)
    func scalar<Sink: CSVTokenSink>(_ range: Range<Int>, _ c: inout Cursor, _ sink: inout Sink) {
        if c.state == .quoteAtChunkEnd {
            let next = byteIfPresent(c.closingQuote &+ 1 &- start)
            let meaning = meaningOfQuote(next: next, afterNext: byteIfPresent(c.closingQuote &+ 2 &- start))
            if case .undecided = meaning {
                if next != nil { c.state = .quoteCRAtChunkEnd }
                return
            }
            apply(meaning, quoteAt: c.closingQuote, &c, &sink)
        } else if c.state == .quoteCRAtChunkEnd {
            let afterNext = byteIfPresent(c.closingQuote &+ 2 &- start)
            apply(
                meaningOfQuote(next: CSVTokenizer.carriageReturn, afterNext: afterNext), quoteAt: c.closingQuote, &c,
                &sink)
        }
        var mask = masks.specialBytes(at: base + range.lowerBound, count: range.count)
        while mask != 0 {
            let index = range.lowerBound &+ (mask.trailingZeroBitCount &>> 3)
            mask &= mask &- 1
            let position = start &+ index
            if position < c.resume { continue }
            let byte = byte(index)
            if c.state == .unquoted {
                if byte == masks.delimiter {
                    c.endField(
                        c.fieldBegin, position, quoted: false, escaped: false, delimiter: position, in: chunk, to: &sink
                    )
                } else if byte == CSVTokenizer.lineFeed {
                    var end = position
                    if end > c.fieldBegin && self.byte(before: index) == CSVTokenizer.carriageReturn { end -= 1 }
                    c.line &+= 1
                    c.endRecord(
                        c.fieldBegin, end, quoted: false, escaped: false, lineFeed: position, nextLine: c.line,
                        in: chunk, to: &sink)
                } else if position == c.fieldBegin {
                    c.state = .quoted
                    c.escaped = false
                    c.fieldBegin = position &+ 1
                } else {
                    sink.strayQuote(at: position, line: c.line, inQuotedField: false, record: c.recordBegin)
                }
            } else if byte == CSVTokenizer.quote {
                let next = byteIfPresent(index &+ 1)
                let afterNext = next == CSVTokenizer.carriageReturn ? byteIfPresent(index &+ 2) : nil
                let meaning = meaningOfQuote(next: next, afterNext: afterNext)
                if case .undecided = meaning { c.state = next == nil ? .quoteAtChunkEnd : .quoteCRAtChunkEnd }
                apply(meaning, quoteAt: position, &c, &sink)
            } else if byte == CSVTokenizer.lineFeed {
                c.line &+= 1
            }
        }
    }
}
