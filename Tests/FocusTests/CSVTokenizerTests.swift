import Testing

@testable import Focus

/// The tokenizer's fast paths against their plain references: the SWAR masks against a byte loop, the 64-byte
/// quote-parity path against the scalar state machine, and every chunking against one chunk.
@Suite struct CSVTokenizerTests {
    // MARK: - Masks

    @Test func wordMasksMatchTheByteLoop() {
        var random = SeededGenerator(seed: 1)
        let masks = SpecialByteMask(delimiter: UInt8(ascii: ","))
        let alphabet: [UInt8] = Array(",\"\n\r a\u{7F}".utf8) + [0x00, 0x80, 0xAC, 0xA2, 0x8A, 0xFF]
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in alphabet.randomElement(using: &random) ?? 0 }
            let fast = bytes.withUnsafeBytes { masks.classes(at: $0.baseAddress!) }
            #expect(fast == masks.reference(bytes), "\(bytes)")
        }
    }

    @Test func blockMasksHaveOneBitPerByte() {
        var random = SeededGenerator(seed: 2)
        let masks = SpecialByteMask(delimiter: UInt8(ascii: ";"))
        let alphabet: [UInt8] = Array(";,\"\n\r ab".utf8) + [0x80, 0xBB]
        for round in 0..<2_000 {
            let lineFeeds = round % 2 == 0
            let bytes = (0..<64).map { _ in
                var byte = alphabet.randomElement(using: &random) ?? 0
                if !lineFeeds && byte == UInt8(ascii: "\n") { byte = UInt8(ascii: "x") }
                return byte
            }
            let block = bytes.withUnsafeBytes { masks.blockClasses(at: $0.baseAddress!) }
            var expected = SpecialByteMask.Classes(delimiters: 0, quotes: 0, lineFeeds: 0)
            for (index, byte) in bytes.enumerated() {
                if byte == UInt8(ascii: ";") { expected.delimiters |= 1 << UInt64(index) }
                if byte == UInt8(ascii: "\"") { expected.quotes |= 1 << UInt64(index) }
                if byte == UInt8(ascii: "\n") { expected.lineFeeds |= 1 << UInt64(index) }
            }
            #expect(block == expected)
        }
    }

    @Test func transposeSwapsRowsAndColumns() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<1_000 {
            let x = random.next()
            var expected: UInt64 = 0
            for row in 0..<8 {
                for column in 0..<8 where x & (1 << UInt64(8 * row + column)) != 0 {
                    expected |= 1 << UInt64(8 * column + row)
                }
            }
            #expect(SpecialByteMask.transpose(x) == expected)
        }
    }

    /// ``QuoteParityBlock`` against a byte loop that toggles "inside quotes" at each quote and checks each quote
    /// where it stands, on 66-byte windows of generated CSV (mostly valid, with quotes) and of noise (mostly not).
    @Test func quoteParityBlocksMatchTheByteLoop() {
        var random = SeededGenerator(seed: 4)
        let masks = SpecialByteMask(delimiter: UInt8(ascii: ","))
        var checked = (valid: 0, invalid: 0)
        for round in 0..<4_000 {
            var input = round % 4 == 0 ? Self.noiseInput(&random) : Self.generatedInput(&random, damage: round % 8 == 1)
            input += Array(repeating: UInt8(ascii: "a"), count: 66)
            let offset = Int.random(in: 0..<(input.count - 65), using: &random)
            // The state before the window, from the byte loop over the bytes before it.
            let state = QuoteParityReference.scan(Array(input[..<offset]), from: .start)
            let window = Array(input[offset..<(offset + 66)])
            let expected = QuoteParityReference.block(window, from: state)
            let block = window.withUnsafeBytes {
                QuoteParityBlock(
                    at: $0.baseAddress!, masks: masks, insideQuotes: state.inside ? ~0 : 0,
                    mayOpenAtByte0: state.mayOpen ? 1 : 0)
            }
            func text() -> String { String(decoding: window, as: UTF8.self).debugDescription }
            #expect(block?.parity == expected?.parity, "\(text()) after \(state)")
            #expect(block?.boundaries == expected?.boundaries, "\(text()) after \(state)")
            if let expected, let block {
                #expect(block.insideQuotesAfter == (expected.state.inside ? ~0 : 0), "\(text())")
                #expect(block.mayOpenAfter == (expected.state.mayOpen ? 1 : 0), "\(text())")
            }
            if expected == nil { checked.invalid += 1 } else { checked.valid += 1 }
        }
        // Both outcomes are exercised.
        #expect(checked.valid > 1_000 && checked.invalid > 500, "\(checked)")
    }

    // MARK: - Paths and chunkings

    /// Inputs that are mostly well-formed CSV (the parity path's case) with some damage (the scalar path's).
    static func generatedInput(_ random: inout SeededGenerator, damage: Bool) -> [UInt8] {
        var text = ""
        let pieces = ["a", "bc", "déf", " ", "x\u{1F600}", "", "NULL", "1.5"]
        for _ in 0..<Int.random(in: 1...12, using: &random) {
            let fields = Int.random(in: 1...6, using: &random)
            for field in 0..<fields {
                if field > 0 { text += "," }
                var content = ""
                for _ in 0..<Int.random(in: 0...8, using: &random) {
                    content += pieces.randomElement(using: &random) ?? ""
                    if Bool.random(using: &random) && Int.random(in: 0..<4, using: &random) == 0 {
                        content += [",", "\"", "\n", "\r\n", "\r"].randomElement(using: &random) ?? ""
                    }
                }
                let mustQuote = content.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
                if mustQuote || Int.random(in: 0..<5, using: &random) == 0 {
                    text += "\"" + content.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                } else {
                    text += content
                }
            }
            text += ["\n", "\r\n", "\n\n"].randomElement(using: &random) ?? "\n"
        }
        var bytes = Array(text.utf8)
        if damage && !bytes.isEmpty {
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                bytes[at] =
                    [UInt8(ascii: "\""), UInt8(ascii: "\r"), UInt8(ascii: ","), UInt8(ascii: "\n"), 0xC3]
                    .randomElement(using: &random) ?? 0
            }
        }
        return bytes
    }

    /// Raw noise from the special bytes and a few others: every state and transition, mostly malformed.
    static func noiseInput(_ random: inout SeededGenerator) -> [UInt8] {
        let alphabet = Array(",\"\"\n\r ab".utf8)
        return (0..<Int.random(in: 0...260, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? 0 }
    }

    @Test(arguments: [false, true])
    func quoteParityPathGivesTheScalarPathsEvents(damage: Bool) {
        var random = SeededGenerator(seed: damage ? 11 : 10)
        for _ in 0..<400 {
            // Repeated so that inputs are long enough for 64-byte blocks.
            let input = Array(repeating: Self.generatedInput(&random, damage: damage), count: 3).flatMap { $0 }
            let scalar = TokenEventLog.tokenize(input, chunkSize: input.count, quoteParity: false)
            let parity = TokenEventLog.tokenize(input, chunkSize: input.count, quoteParity: true)
            #expect(parity.log == scalar.log, "\(String(decoding: input, as: UTF8.self).debugDescription)")
            #expect(parity.complete == scalar.complete)
        }
    }

    @Test func noiseGivesTheSameEventsOnBothPaths() {
        var random = SeededGenerator(seed: 12)
        for _ in 0..<3_000 {
            let input = Self.noiseInput(&random)
            let scalar = TokenEventLog.tokenize(input, chunkSize: max(input.count, 1), quoteParity: false)
            let parity = TokenEventLog.tokenize(input, chunkSize: max(input.count, 1), quoteParity: true)
            #expect(parity.log == scalar.log, "\(String(decoding: input, as: UTF8.self).debugDescription)")
            #expect(parity.complete == scalar.complete)
        }
    }

    @Test func everyChunkingGivesTheSameEvents() {
        var random = SeededGenerator(seed: 13)
        for round in 0..<60 {
            let input =
                round % 3 == 0
                ? Self.noiseInput(&random)
                : Array(repeating: Self.generatedInput(&random, damage: round % 3 == 2), count: 2).flatMap { $0 }
            let whole = TokenEventLog.tokenize(input, chunkSize: max(input.count, 1), quoteParity: true)
            for size in 1..<max(input.count, 1) {
                let chunked = TokenEventLog.tokenize(input, chunkSize: size, quoteParity: true)
                #expect(chunked.log == whole.log, "chunk size \(size)")
                #expect(chunked.complete == whole.complete)
                if chunked.log != whole.log { break }
            }
        }
    }

    @Test func eventsOfASmallInput() {
        let input = CSVTest.bytes("a,\"b\"\"c\"\r\n\n\"d\ne\",f\n")
        let events = TokenEventLog.tokenize(input, chunkSize: input.count, quoteParity: true).log.events
        #expect(
            events == [
                .field(begin: 0, end: 1, quoted: false, escaped: false, record: 0),
                .field(begin: 3, end: 7, quoted: true, escaped: true, record: 0),
                .record(begin: 0, end: 7, line: 1),
                .blank,
                .field(begin: 12, end: 15, quoted: true, escaped: false, record: 11),
                .field(begin: 17, end: 18, quoted: false, escaped: false, record: 11),
                .record(begin: 11, end: 18, line: 3),
            ])
    }

    // MARK: - Counting

    @Test func recordCounterCountsRecordsAndFields() throws {
        var counter = CSVRecordCounter()
        CSVTest.bytes("a,b\n1,\"x\ny\"\n\n2,3").withUnsafeBytes { counter.feed($0) }
        try counter.finish()
        #expect(counter.records == 3)
        #expect(counter.fields == 6)
        #expect(counter.strayQuotes == 0)
    }

    @Test func recordCounterReportsAnUnterminatedQuote() {
        var counter = CSVRecordCounter()
        CSVTest.bytes("a,b\n1,\"x\n").withUnsafeBytes { counter.feed($0) }
        #expect(throws: CSVReadError.self) { try counter.finish() }
    }

    // MARK: - UTF-8

    @Test func utf8ValidatorAgreesWithTheStandardLibrary() {
        var random = SeededGenerator(seed: 14)
        let interesting: [UInt8] = [
            0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xA0, 0xED, 0x9F, 0xEF, 0xF0, 0x90, 0xF4, 0x8F, 0xF5,
            0xFF,
        ]
        for _ in 0..<50_000 {
            let bytes = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                interesting.randomElement(using: &random) ?? 0
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBytes { UTF8Validation.isValid($0) } == expected, "\(bytes)")
        }
    }

    @Test func asciiCheckFindsAHighByteAnywhere() {
        for length in 0..<40 {
            var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            #expect(bytes.withUnsafeBytes { UTF8Validation.isASCII($0) })
            for position in 0..<length {
                bytes[position] = 0x80
                #expect(!bytes.withUnsafeBytes { UTF8Validation.isASCII($0) })
                bytes[position] = UInt8(ascii: "a")
            }
        }
    }
}

/// The plain byte loop that ``QuoteParityBlock`` must agree with.
enum QuoteParityReference {
    struct State: Equatable, CustomStringConvertible {
        /// The last byte was inside quotes (an odd number of quotes so far).
        var inside: Bool
        /// The next byte may open a quote: the last byte was a boundary or a closing quote (or nothing came yet).
        var mayOpen: Bool
        static let start = State(inside: false, mayOpen: true)
        var description: String { "inside \(inside), mayOpen \(mayOpen)" }
    }

    /// The state after `bytes`, ignoring where quotes stand (as the tokenizer would after any block).
    static func scan(_ bytes: [UInt8], from state: State) -> State {
        var state = state
        for byte in bytes {
            if byte == UInt8(ascii: "\"") {
                state.mayOpen = state.inside
                state.inside.toggle()
            } else {
                state.mayOpen = !state.inside && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n"))
            }
        }
        return state
    }

    /// Parity and boundaries of the first 64 of `bytes` (66 given), or `nil` when a quote breaks RFC 4180.
    static func block(_ bytes: [UInt8], from start: State) -> (parity: UInt64, boundaries: UInt64, state: State)? {
        var state = start
        var parity: UInt64 = 0
        var boundaries: UInt64 = 0
        for index in 0..<64 {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if state.inside {
                    // Closing: a delimiter, a line feed, a quote or CR LF must follow.
                    let next = bytes[index + 1]
                    let crlf = next == UInt8(ascii: "\r") && bytes[index + 2] == UInt8(ascii: "\n")
                    guard next == UInt8(ascii: ",") || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\"") || crlf
                    else { return nil }
                } else if !state.mayOpen {
                    return nil
                }
            } else if !state.inside && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n")) {
                boundaries |= 1 << UInt64(index)
            }
            state = scan([byte], from: state)
            if state.inside { parity |= 1 << UInt64(index) }
        }
        return (parity, boundaries, state)
    }
}
