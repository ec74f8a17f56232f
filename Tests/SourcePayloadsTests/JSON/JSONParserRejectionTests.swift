import Testing

@testable import SourcePayloads

/// Every RFC 8259 violation is an error with the position of the offending byte, never a crash or a silent fix.
@Suite struct JSONParserRejectionTests {
    struct Case: Sendable, CustomStringConvertible {
        var input: [UInt8]
        var code: JSONParseError.Code
        var line: Int
        var column: Int
        var messageContains: String
        var description: String { String(decoding: input, as: UTF8.self).debugDescription }

        init(_ text: String, _ code: JSONParseError.Code, _ line: Int, _ column: Int, _ messageContains: String) {
            self.init(Array(text.utf8), code, line, column, messageContains)
        }

        init(_ input: [UInt8], _ code: JSONParseError.Code, _ line: Int, _ column: Int, _ messageContains: String) {
            self.input = input
            self.code = code
            self.line = line
            self.column = column
            self.messageContains = messageContains
        }
    }

    static let cases: [Case] = [
        Case("", .unexpectedEnd, 1, 1, "expected a value"),
        Case("[1,]", .unexpectedCharacter, 1, 4, "trailing comma before ']'"),
        Case("{\"a\":1,}", .unexpectedCharacter, 1, 8, "trailing comma before '}'"),
        Case("[1 2]", .unexpectedCharacter, 1, 4, "expected ',' or ']'"),
        Case("{\"a\" 1}", .unexpectedCharacter, 1, 6, "expected ':'"),
        Case("{a:1}", .unexpectedCharacter, 1, 2, "string as object key"),
        Case("['x']", .unexpectedCharacter, 1, 2, "found '''"),
        Case("01", .invalidNumber, 1, 2, "leading zero"),
        Case("-01", .invalidNumber, 1, 3, "leading zero"),
        Case("+1", .unexpectedCharacter, 1, 1, "found '+'"),
        Case(".5", .unexpectedCharacter, 1, 1, "found '.'"),
        Case("1.", .unexpectedEnd, 1, 3, "expected a digit"),
        Case("1.e3", .invalidNumber, 1, 3, "after the decimal point"),
        Case("1e", .unexpectedEnd, 1, 3, "expected a digit"),
        Case("-", .unexpectedEnd, 1, 2, "expected a digit"),
        Case("NaN", .unexpectedCharacter, 1, 1, "found 'N'"),
        Case("tru", .unexpectedEnd, 1, 4, "expected 'true'"),
        Case("[trUe]", .unexpectedCharacter, 1, 2, "expected a value"),
        Case("[\"a\tb\"]", .controlCharacterInString, 1, 4, "U+0009"),
        Case("\"line\nbreak\"", .controlCharacterInString, 1, 6, "U+000A"),
        Case("\"\\x\"", .invalidEscape, 1, 2, "invalid escape \\x"),
        Case("\"\\u12G4\"", .invalidEscape, 1, 2, "four hex digits"),
        Case("\"\\ud800\"", .invalidSurrogate, 1, 2, "not followed by a low surrogate"),
        Case("\"\\ud800\\u0041\"", .invalidSurrogate, 1, 2, "not by a low surrogate"),
        Case("\"\\udc00\"", .invalidSurrogate, 1, 2, "lone low surrogate"),
        Case([0x22, 0xC0, 0xAF, 0x22], .invalidUTF8, 1, 2, "cannot start a UTF-8 character"),
        Case([0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, 1, 2, "ill-formed"),
        Case([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, 1, 2, "ill-formed"),
        Case([0x22, 0xE2, 0x82], .invalidUTF8, 1, 2, "cut off"),
        Case([0x5B, 0xFF, 0x5D], .unexpectedCharacter, 1, 2, "byte 0xFF"),
        Case("[1]x", .trailingContent, 1, 4, "after the end of the top-level value"),
        Case("{} {}", .trailingContent, 1, 4, "'{'"),
        Case("// comment\n1", .unexpectedCharacter, 1, 1, "found '/'"),
        Case(
            "{\n  \"items\": [\n    {\"a\": 1},\n    {\"b\": 2\n  ]\n}", .unexpectedCharacter, 5, 3,
            "expected ',' or '}'"),
        Case("{\"status\":\"success\",\"data\":{\"result\":[", .unexpectedEnd, 1, 39, "unexpected end of input"),
        Case("\"abc", .unexpectedEnd, 1, 5, "closing quote of the string that starts at byte 0"),
    ]

    @Test(arguments: cases)
    func violationIsReportedWithItsPosition(_ testCase: Case) {
        #expect {
            try JSONParser.parse(testCase.input)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            #expect(error.code == testCase.code)
            #expect(error.line == testCase.line)
            #expect(error.column == testCase.column)
            #expect(error.message.contains(testCase.messageContains), "\(error.message)")
            #expect(error.description.hasPrefix("line \(testCase.line), column \(testCase.column) (byte "))
            return true
        }
    }

    @Test func nestingBeyondTheLimitIsAnErrorNotAStackOverflow() {
        for opener in ["[", "{\"a\":"] {
            let text = String(repeating: opener, count: 1_000_000)
            #expect {
                try JSONParser.parse(text)
            } throws: { ($0 as? JSONParseError)?.code == .tooDeep }
        }
    }
}
