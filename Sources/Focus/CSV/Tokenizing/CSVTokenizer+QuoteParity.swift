/// The quote-parity path: 64-byte blocks without visiting quotes one by one (``QuoteParityBlock`` says where the
/// quotes and boundaries of a block are, and whether its quotes are all where RFC 4180 puts them).
///
/// The first block that fails the check (a stray quote) ends the run and goes to the scalar path, which continues
/// from the same state. Events are those of the scalar path: a field holding a quote is quoted, one holding an
/// opening quote right after a closing one has escapes, and line feeds inside quotes count lines.
///
/// Why blocks of 64: the loop over a block's boundaries exits once per block, so the branch predictor misses once
/// per 64 bytes rather than once per 8 (measured: word-at-a-time was slower than the scalar path).
extension CSVTokenizer.ChunkScan {
    /// Bytes a block needs in the chunk: its own 64 and two to look past its end.
    static var blockReach: Int { QuoteParityBlock.reach }

    /// Tokenizes 64-byte blocks from chunk index `index` on while their quotes allow it and the chunk holds
    /// ``blockReach`` bytes from the block start. Returns the index of the first block not done. The state must not
    /// be a quote pending from an earlier chunk (the scalar path decides those).
    @inline(__always)
    func quoteParityRun<Sink: CSVTokenSink>(from index: Int, _ c: inout Cursor, _ sink: inout Sink) -> Int {
        var index = index
        // Block-to-block state; `Cursor` is rebuilt from it at the end.
        var insideQuotes: UInt64 = c.state == .quoted ? ~0 : 0
        var fieldStart = c.fieldBegin
        var fieldQuoted = c.state != .unquoted
        var fieldEscaped = fieldQuoted && c.escaped
        if fieldQuoted { fieldStart &-= 1 }
        // Byte 0 may open a quote when the field starts there, or as the second quote of `""` split across blocks.
        var mayOpenAtByte0: UInt64 =
            (c.state == .unquoted && c.fieldBegin == start &+ index) || c.state == .quoteAtChunkEnd ? 1 : 0
        var closingBefore: UInt64 = c.state == .quoteAtChunkEnd ? 1 : 0
        var line = c.line
        var recordLine = c.recordLine
        var recordBegin = c.recordBegin
        var fieldsInRecord = c.fieldsInRecord

        while index &+ Self.blockReach <= count {
            guard
                let block = QuoteParityBlock(
                    at: base + index, masks: masks, insideQuotes: insideQuotes, mayOpenAtByte0: mayOpenAtByte0)
            else { break }
            let position = start &+ index
            let quotes = block.classes.quotes
            let lineFeeds = block.classes.lineFeeds
            let opening = block.opening
            let closing = block.closing
            let boundaries = block.boundaries

            let escapes = opening & ((closing &<< 1) | closingBefore)
            var quotesLeft = quotes
            var escapesLeft = escapes
            var events = boundaries
            while events != 0 {
                let bit = events.trailingZeroBitCount
                events &= events &- 1
                let at = position &+ bit
                let before: UInt64 = (1 &<< UInt64(bit)) &- 1
                let quoted = fieldQuoted || quotesLeft & before != 0
                let escaped = fieldEscaped || escapesLeft & before != 0
                quotesLeft &= ~before
                escapesLeft &= ~before
                let begin = quoted ? fieldStart &+ 1 : fieldStart
                if lineFeeds & (1 &<< UInt64(bit)) == 0 {
                    sink.field(
                        from: begin, to: quoted ? at &- 1 : at, quoted: quoted, escaped: escaped, record: recordBegin,
                        in: chunk)
                    fieldsInRecord &+= 1
                } else {
                    let carriageReturn = byte(before: at &- start) == CSVTokenizer.carriageReturn
                    let end: Int
                    if quoted {
                        end = carriageReturn ? at &- 2 : at &- 1
                    } else {
                        end = carriageReturn && at > fieldStart ? at &- 1 : at
                    }
                    if fieldsInRecord == 0 && !quoted && end == begin {
                        sink.blankLine()
                    } else {
                        sink.field(
                            from: begin, to: end, quoted: quoted, escaped: escaped, record: recordBegin, in: chunk)
                        sink.endRecord(from: recordBegin, to: end, line: recordLine, in: chunk)
                    }
                    // A population count (no POPCNT in the x86-64 baseline), once per record rather than per block.
                    recordLine = line &+ (lineFeeds & ((2 &<< UInt64(bit)) &- 1)).nonzeroBitCount
                    recordBegin = at &+ 1
                    fieldsInRecord = 0
                }
                fieldStart = at &+ 1
                fieldQuoted = false
                fieldEscaped = false
            }
            fieldQuoted = fieldQuoted || quotesLeft != 0
            fieldEscaped = fieldEscaped || escapesLeft != 0
            if lineFeeds != 0 { line &+= lineFeeds.nonzeroBitCount }
            insideQuotes = block.insideQuotesAfter
            closingBefore = closing &>> 63
            mayOpenAtByte0 = block.mayOpenAfter
            index &+= 64
        }

        // Back in the scalar path's terms.
        c.line = line
        c.recordLine = recordLine
        c.recordBegin = recordBegin
        c.fieldsInRecord = fieldsInRecord
        if !fieldQuoted {
            c.state = .unquoted
            c.fieldBegin = fieldStart
        } else {
            c.fieldBegin = fieldStart &+ 1
            c.escaped = fieldEscaped
            if insideQuotes != 0 {
                c.state = .quoted
            } else if closingBefore != 0 {
                c.state = .quoteAtChunkEnd
                c.closingQuote = start &+ index &- 1
            } else {
                // A closing quote and a CR end the last block; the line feed is this block's byte 0.
                c.state = .quoteCRAtChunkEnd
                c.closingQuote = start &+ index &- 2
            }
        }
        return index
    }
}
