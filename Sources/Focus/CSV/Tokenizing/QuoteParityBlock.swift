/// The quotes, field ends and record ends of 64 bytes of RFC 4180 CSV, found without visiting quotes one by one.
///
/// In RFC 4180 CSV every quote toggles "inside quotes": the opening quote, the closing quote and both quotes of an
/// escaped `""` (close, reopen). So a byte is inside a quoted field exactly when an odd number of quotes precede it
/// (a prefix XOR of the quote mask), and the delimiters and line feeds outside quotes are the field and record
/// boundaries. That holds only when every quote is where RFC 4180 allows it, which the initializer checks:
///
/// - an opening quote (parity goes odd) follows a boundary, the start of the field or a closing quote (`""`);
/// - a closing quote (parity goes even) is followed by a delimiter, a line feed, a quote, or CR LF.
///
/// A block that fails the check (a stray quote) is `nil`: the scanner reads it another way (the tokenizer's scalar
/// path, the database sinks' exact reader). Bit `i` of every mask stands for byte `i` of the block.
///
/// Used by ``CSVTokenizer``'s quote-parity path and by the database sinks' pass-through scanner; inlinable, so both
/// compile it into their own loops.
public struct QuoteParityBlock: Sendable {
    /// Bytes a block needs from its start: its own 64 and two to look past its end (the byte after a closing quote,
    /// and a line feed after a CR).
    @inlinable public static var reach: Int { 66 }

    /// The block's delimiters, quotes and line feeds.
    public let classes: SpecialByteMask.Classes
    /// Bit `i` set when byte `i` is inside quotes, counting the quote at `i` itself (set for an opening quote, clear
    /// for a closing one).
    public let parity: UInt64

    /// Quotes that open a quoted field, or reopen it as the second quote of `""`.
    @inlinable public var opening: UInt64 { classes.quotes & parity }
    /// Quotes that close a quoted field, or the first quote of `""`.
    @inlinable public var closing: UInt64 { classes.quotes & ~parity }
    /// Delimiters and line feeds outside quotes: where fields and records end.
    @inlinable public var boundaries: UInt64 { (classes.delimiters | classes.lineFeeds) & ~parity }
    /// The `insideQuotes` of the next block: all ones when the block ends inside quotes.
    @inlinable public var insideQuotesAfter: UInt64 { 0 &- (parity &>> 63) }
    /// The `mayOpenAtByte0` of the next block: 1 when the block ends with a boundary or a closing quote.
    @inlinable public var mayOpenAfter: UInt64 { (boundaries | closing) &>> 63 }

    /// Classifies the 64 bytes at `pointer`, reading ``reach`` bytes. `insideQuotes` is all ones when the byte before
    /// the block is inside quotes, else 0; `mayOpenAtByte0` is 1 when byte 0 may open a quote (it starts a field, or
    /// follows a closing quote). `nil` when a quote stands where RFC 4180 puts none.
    @inlinable @inline(__always)
    public init?(
        at pointer: UnsafeRawPointer, masks: SpecialByteMask, insideQuotes: UInt64, mayOpenAtByte0: UInt64
    ) {
        let classes = masks.blockClasses(at: pointer)
        var parity = classes.quotes
        parity ^= parity &<< 1
        parity ^= parity &<< 2
        parity ^= parity &<< 4
        parity ^= parity &<< 8
        parity ^= parity &<< 16
        parity ^= parity &<< 32
        parity ^= insideQuotes
        let opening = classes.quotes & parity
        let closing = classes.quotes & ~parity
        let boundaries = (classes.delimiters | classes.lineFeeds) & ~parity
        if opening & ~(((boundaries | closing) &<< 1) | mayOpenAtByte0) != 0 { return nil }
        if closing != 0 {
            let next = pointer.load(fromByteOffset: 64, as: UInt8.self)
            let nextIsSpecial: UInt64 = masks.isSpecial(next) ? 1 &<< 63 : 0
            var closingElsewhere = closing & ~((classes.all &>> 1) | nextIsSpecial)
            // Closing quotes before neither a delimiter, a line feed nor a quote must be before CR LF.
            while closingElsewhere != 0 {
                let after = closingElsewhere.trailingZeroBitCount &+ 1
                closingElsewhere &= closingElsewhere &- 1
                if pointer.load(fromByteOffset: after, as: UInt8.self) != UInt8(ascii: "\r")
                    || pointer.load(fromByteOffset: after &+ 1, as: UInt8.self) != UInt8(ascii: "\n")
                {
                    return nil
                }
            }
        }
        self.classes = classes
        self.parity = parity
    }
}
