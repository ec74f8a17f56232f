/// Writes label values in the text format's escaped form: `\` → `\\`, `"` → `\"`, line feed → `\n`, and each
/// ill-formed UTF-8 sequence → U+FFFD.
///
/// Source bytes are arbitrary (cost exports, tags set by users), so nothing here trusts them. Replacement follows
/// the Unicode "maximal subpart" practice, the same as `String(decoding:as: UTF8.self)` (the tests compare the two):
/// an invalid lead byte, a truncated sequence, an overlong form, a surrogate or a scalar above U+10FFFF each
/// become one U+FFFD.
///
/// The fast path reads eight bytes at a time (the last few with two overlapping smaller loads), stores them
/// unconditionally and advances past the clean prefix (ASCII other than `\`, `"`, line feed), so typical values
/// (ids, regions, timestamps, decimals) cost a few word operations each.
enum LabelValueEscaping {
    /// The most bytes escaping `count` source bytes can produce (an invalid byte becomes three).
    @inline(__always)
    static func worstCaseCount(_ count: Int) -> Int { count &* 3 }

    /// Escapes `source` into `output`, which must have room for ``worstCaseCount(_:)`` bytes plus 8 bytes of slack.
    /// Returns the number of bytes written.
    @inline(__always)
    static func escape(_ source: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>) -> Int {
        guard let input = source.baseAddress else { return 0 }
        let count = source.count
        var read = 0
        var written = 0
        while read < count {
            // Up to eight bytes at once: store them all, keep the clean prefix.
            let rest = count &- read
            let valid = min(rest, 8)
            // Words are little-endian: byte `i` of the text is bits 8i…8i+7.
            let word =
                rest >= 8
                ? UInt64(littleEndian: input.loadUnaligned(fromByteOffset: read, as: UInt64.self))
                : partialWord(input + read, rest)
            UnsafeMutableRawPointer(output + written).storeBytes(of: word.littleEndian, as: UInt64.self)
            var special = specialBytes(word)
            if valid < 8 { special &= (1 &<< UInt64(valid &* 8)) &- 1 }
            if special == 0 {
                read &+= valid
                written &+= valid
                continue
            }
            let clean = special.trailingZeroBitCount &>> 3
            read &+= clean
            written &+= clean
            let byte = input.load(fromByteOffset: read, as: UInt8.self)
            switch byte {
            case backslash, quote:
                output[written] = backslash
                output[written &+ 1] = byte
                written &+= 2
                read &+= 1
            case lineFeed:
                output[written] = backslash
                output[written &+ 1] = UInt8(ascii: "n")
                written &+= 2
                read &+= 1
            default:
                let length = validSequenceLength(input + read, available: count &- read)
                if length > 0 {
                    for offset in 0..<length {
                        output[written &+ offset] = input.load(fromByteOffset: read &+ offset, as: UInt8.self)
                    }
                    written &+= length
                    read &+= length
                } else {
                    output[written] = 0xEF
                    output[written &+ 1] = 0xBF
                    output[written &+ 2] = 0xBD
                    written &+= 3
                    read &+= -length
                }
            }
        }
        return written
    }

    /// The `count` (1…7) bytes at `bytes` as the low bytes of a word, the rest zero, without reading past them.
    @inline(__always)
    static func partialWord(_ bytes: UnsafeRawPointer, _ count: Int) -> UInt64 {
        // Two overlapping loads cover the range; the overlap holds the same bytes at the same positions.
        if count >= 4 {
            let low = UInt64(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
            return low | high &<< UInt64(truncatingIfNeeded: (count &- 4) &* 8)
        }
        if count >= 2 {
            let low = UInt64(UInt16(littleEndian: bytes.loadUnaligned(as: UInt16.self)))
            let high = UInt64(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: count &- 2, as: UInt16.self)))
            return low | high &<< UInt64(truncatingIfNeeded: (count &- 2) &* 8)
        }
        return UInt64(bytes.load(as: UInt8.self))
    }

    private static let backslash = UInt8(ascii: "\\")
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")

    /// A word with the high bit set in each byte position that holds a non-ASCII byte, `\`, `"` or a line feed.
    /// Positions above the first flagged byte may be flagged spuriously (borrows); the lowest one is exact.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        return (word & highs) | zeroBytes(word ^ (ones &* 0x5C)) | zeroBytes(word ^ (ones &* 0x22))
            | zeroBytes(word ^ (ones &* 0x0A))
    }

    /// For a sequence starting with a non-ASCII byte: its length (2–4) when well formed, else minus the length of
    /// its maximal ill-formed subpart (−1…−3), which becomes one U+FFFD.
    @inline(__always)
    static func validSequenceLength(_ pointer: UnsafeRawPointer, available: Int) -> Int {
        let lead = pointer.load(as: UInt8.self)
        let needed: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: needed = 1
        case 0xE0: needed = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: needed = 2
        case 0xED: needed = 2; high = 0x9F
        case 0xF0: needed = 3; low = 0x90
        case 0xF1...0xF3: needed = 3
        case 0xF4: needed = 3; high = 0x8F
        default: return -1
        }
        for index in 1...needed {
            guard index < available else { return -index }
            let byte = pointer.load(fromByteOffset: index, as: UInt8.self)
            if byte < low || byte > high { return -index }
            low = 0x80
            high = 0xBF
        }
        return needed + 1
    }
}
