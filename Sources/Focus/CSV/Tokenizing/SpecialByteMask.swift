/// Finds the bytes that matter to a CSV tokenizer (delimiter, quote, line feed) eight at a time.
///
/// The tokenizer spends its time in runs of ordinary bytes. Instead of testing each byte, it loads eight bytes as one
/// `UInt64` and computes a mask per byte class with the top bit of every matching byte set: bit `8 * i + 7` stands
/// for byte `i` in memory order (SWAR: SIMD within a register). The masks are exact, so the tokenizer visits only the
/// bytes that matter, in order, by clearing the lowest set bit. ``reference(_:)`` computes the same one byte at a
/// time; the tests compare the two.
///
/// Public for the other byte scanners of CSV (the database sinks' pass-through scanner), with ``QuoteParityBlock``;
/// the members they use are inlinable, so the scanners compile as if the code were their own.
public struct SpecialByteMask: Sendable {
    /// The three masks of one word.
    public struct Classes: Equatable, Sendable {
        public var delimiters: UInt64
        public var quotes: UInt64
        public var lineFeeds: UInt64

        @inlinable
        public init(delimiters: UInt64, quotes: UInt64, lineFeeds: UInt64) {
            self.delimiters = delimiters
            self.quotes = quotes
            self.lineFeeds = lineFeeds
        }

        /// Every special byte.
        @inlinable public var all: UInt64 { delimiters | quotes | lineFeeds }
    }

    // Computed, so that other modules fold them as constants (a stored `static let` is reached through an accessor).
    @inlinable static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @inlinable static var high: UInt64 { 0x8080_8080_8080_8080 }
    @inlinable static var low7: UInt64 { 0x7F7F_7F7F_7F7F_7F7F }
    @inlinable static var quoteBytes: UInt64 { 0x2222_2222_2222_2222 }
    @inlinable static var lineFeedBytes: UInt64 { 0x0A0A_0A0A_0A0A_0A0A }

    public let delimiter: UInt8
    @usableFromInline let delimiterBytes: UInt64

    public init(delimiter: UInt8) {
        self.delimiter = delimiter
        self.delimiterBytes = UInt64(delimiter) &* Self.ones
    }

    /// Top bit of each byte of `word` that equals the byte repeated in `pattern`.
    @inlinable @inline(__always)
    static func equal(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        // For each byte x: ((x & 0x7F) + 0x7F) | x has its top bit clear exactly when x == 0; no carry crosses bytes.
        let x = word ^ pattern
        return ~(((x & low7) &+ low7) | x) & high
    }

    /// The masks of the eight bytes at `pointer`.
    @inline(__always)
    func classes(at pointer: UnsafeRawPointer) -> Classes {
        let word = UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self))
        return Classes(
            delimiters: Self.equal(word, delimiterBytes), quotes: Self.equal(word, Self.quoteBytes),
            lineFeeds: Self.equal(word, Self.lineFeedBytes))
    }

    /// The masks of the 64 bytes at `pointer`, one bit per byte: bit `i` stands for byte `i`.
    ///
    /// The per-word masks are gathered with word `k`'s flags in bit `k` of each byte (bit `8 * i + k` for byte
    /// `8 * k + i` of the block), and an 8 × 8 bit transpose puts them in place. Shifts only: a multiply-based
    /// gather was slower, because the compiler vectorizes the loop and SSE2 has no 64-bit multiply.
    /// Blocks mostly hold no line feed (a FOCUS row is about a kilobyte), so the line feed mask is gathered only when
    /// the block has one; `delimiters` holds delimiters and line feeds until then.
    @inlinable @inline(__always)
    public func blockClasses(at pointer: UnsafeRawPointer) -> Classes {
        var boundaries: UInt64 = 0
        var quotes: UInt64 = 0
        var lineFeeds: UInt64 = 0
        for word in 0..<8 {
            let bytes = UInt64(littleEndian: (pointer + 8 &* word).loadUnaligned(as: UInt64.self))
            let d = bytes ^ delimiterBytes
            let q = bytes ^ Self.quoteBytes
            let n = bytes ^ Self.lineFeedBytes
            let nonD = ((d & Self.low7) &+ Self.low7) | d
            let nonQ = ((q & Self.low7) &+ Self.low7) | q
            let nonN = ((n & Self.low7) &+ Self.low7) | n
            let shift = UInt64(7 &- word)
            boundaries |= (~(nonD & nonN) & Self.high) &>> shift
            quotes |= (~nonQ & Self.high) &>> shift
            lineFeeds |= ~nonN & Self.high
        }
        var block = Classes(delimiters: Self.transpose(boundaries), quotes: Self.transpose(quotes), lineFeeds: 0)
        if lineFeeds != 0 {
            var gathered: UInt64 = 0
            for word in 0..<8 {
                let bytes = UInt64(littleEndian: (pointer + 8 &* word).loadUnaligned(as: UInt64.self))
                gathered |= Self.equal(bytes, Self.lineFeedBytes) &>> UInt64(7 &- word)
            }
            block.lineFeeds = Self.transpose(gathered)
            block.delimiters &= ~block.lineFeeds
        }
        return block
    }

    /// Transposes the 8 × 8 bit matrix whose rows are the bytes of `x`: bit `8 * i + k` moves to bit `8 * k + i`
    /// (Hacker's Delight, 7-3).
    @inlinable @inline(__always)
    static func transpose(_ x: UInt64) -> UInt64 {
        var x = x
        var t = (x ^ (x &>> 7)) & 0x00AA_00AA_00AA_00AA
        x ^= t ^ (t &<< 7)
        t = (x ^ (x &>> 14)) & 0x0000_CCCC_0000_CCCC
        x ^= t ^ (t &<< 14)
        t = (x ^ (x &>> 28)) & 0x0000_0000_F0F0_F0F0
        x ^= t ^ (t &<< 28)
        return x
    }

    /// The mask of all special bytes among the `count` (≤ 8) bytes at `pointer`.
    @inline(__always)
    func specialBytes(at pointer: UnsafeRawPointer, count: Int) -> UInt64 {
        if count == 8 { return classes(at: pointer).all }
        var result: UInt64 = 0
        for index in 0..<count where isSpecial(pointer.load(fromByteOffset: index, as: UInt8.self)) {
            result |= 0x80 << UInt64(8 * index)
        }
        return result
    }

    @inlinable @inline(__always)
    public func isSpecial(_ byte: UInt8) -> Bool {
        byte == delimiter || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n")
    }

    /// Reference implementation of ``classes(at:)`` over up to eight bytes, one at a time.
    func reference(_ bytes: [UInt8]) -> Classes {
        var result = Classes(delimiters: 0, quotes: 0, lineFeeds: 0)
        for (index, byte) in bytes.prefix(8).enumerated() {
            let bit: UInt64 = 0x80 << UInt64(8 * index)
            if byte == delimiter { result.delimiters |= bit }
            if byte == UInt8(ascii: "\"") { result.quotes |= bit }
            if byte == UInt8(ascii: "\n") { result.lineFeeds |= bit }
        }
        return result
    }
}
