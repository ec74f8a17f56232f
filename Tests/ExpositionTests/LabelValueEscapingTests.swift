import Testing

@testable import Exposition

@Suite struct LabelValueEscapingTests {
    /// The plain reference: decode as Swift does (ill-formed UTF-8 → U+FFFD, maximal subparts), then escape.
    static func reference(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "\\": out += Array(#"\\"#.utf8)
            case "\"": out += Array(#"\""#.utf8)
            case "\n": out += Array(#"\n"#.utf8)
            default: out += Array(String(scalar).utf8)
            }
        }
        return out
    }

    static func escaped(_ bytes: [UInt8]) -> [UInt8] {
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: LabelValueEscaping.worstCaseCount(bytes.count) + 16)
        defer { output.deallocate() }
        let count = bytes.withUnsafeBytes { LabelValueEscaping.escape($0, into: output) }
        return Array(UnsafeBufferPointer(start: output, count: count))
    }

    @Test func quotesBackslashesAndLineFeedsAreEscaped() {
        #expect(Self.escaped(Array("a\"b\\c\nd".utf8)) == Array(#"a\"b\\c\nd"#.utf8))
    }

    @Test func otherControlCharactersAndTabsPassThrough() {
        #expect(Self.escaped([0x09, 0x0D, 0x01, 0x7F]) == [0x09, 0x0D, 0x01, 0x7F])
    }

    @Test func wellFormedMultibyteTextIsKept() {
        let text = Array("Coût €, 東京, 🚀".utf8)
        #expect(Self.escaped(text) == text)
    }

    @Test(
        arguments: [
            ([0xFF], "\u{FFFD}"),
            ([0xC3], "\u{FFFD}"),  // truncated two-byte sequence
            ([0xE2, 0x82], "\u{FFFD}"),  // truncated three-byte sequence: one replacement
            ([0xC0, 0xAF], "\u{FFFD}\u{FFFD}"),  // overlong
            ([0xED, 0xA0, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}"),  // surrogate
            ([0xF4, 0x90, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),  // above U+10FFFF
            ([0x61, 0x80, 0x62], "a\u{FFFD}b"),
        ] as [([UInt8], String)])
    func illFormedUTF8BecomesReplacementCharacters(bytes: [UInt8], expected: String) {
        #expect(Self.escaped(bytes) == Array(expected.utf8))
        #expect(Self.escaped(bytes) == Self.reference(bytes))
    }

    @Test func fastPathMatchesReferenceOnRandomBytes() {
        var random = SeededRandom(seed: 7)
        let alphabet: [UInt8] =
            Array("abcXYZ019-_.:/ \t\"\\\n".utf8) + [0x80, 0xBF, 0xC2, 0xC3, 0xE0, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]
        for round in 0..<8_000 {
            let length = Int(random.next() % 48)
            let bytes: [UInt8]
            if round % 4 == 0 {
                bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            } else {
                bytes = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            }
            let fast = Self.escaped(bytes)
            let slow = Self.reference(bytes)
            #expect(fast == slow, "input \(bytes)")
            if fast != slow { return }
        }
    }

    @Test func longCleanValuesAreCopiedWholeAtEveryLength() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            #expect(Self.escaped(bytes) == bytes)
        }
    }
}
