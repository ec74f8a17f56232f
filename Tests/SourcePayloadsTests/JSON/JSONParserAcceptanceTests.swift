import Testing

@testable import SourcePayloads

@Suite struct JSONParserAcceptanceTests {
    @Test func numbersKeepTheirExactSourceText() throws {
        let node = try JSONParser.parse(
            #"[0, -0, 12.50, 1E+2, -0.000001e-7, 123456789012345678901234567890.123456789]"#)
        #expect(
            node.arrayValue?.compactMap(\.numberText)
                == ["0", "-0", "12.50", "1E+2", "-0.000001e-7", "123456789012345678901234567890.123456789"])
    }

    @Test func objectMembersKeepSourceOrderAndDuplicates() throws {
        let node = try JSONParser.parse(#"{"b": 1, "a": 2, "b": 3}"#)
        #expect(node.objectValue?.keys == ["b", "a", "b"])
        #expect(node["b"] == .number("3"), "lookup takes the last duplicate")
        #expect(node["missing"] == nil)
    }

    @Test func escapesAndUnicodeAreDecoded() throws {
        let node = try JSONParser.parse(#"["\"\\\/\b\f\n\r\t", "\u00e9\u20AC\ud83d\ude00", "é€😀", "\u0000"]"#)
        #expect(node.arrayValue?.compactMap(\.stringValue) == ["\"\\/\u{8}\u{C}\n\r\t", "é€😀", "é€😀", "\u{0}"])
    }

    @Test func scalarsAtTopLevelWhitespaceAndByteOrderMarkAreAccepted() throws {
        #expect(try JSONParser.parse(" \t\r\n true \n") == .bool(true))
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse("\"x\"") == .string("x"))
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([.number("1")]))
        #expect(try JSONParser.parse("{}") == .object(JSONObject()))
        #expect(try JSONParser.parse("[[], {}]") == .array([.array([]), .object(JSONObject())]))
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = 512
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var node = try JSONParser.parse(text)
        var levels = 0
        while case .array(let elements) = node {
            levels += 1
            guard let first = elements.first else { break }
            node = first
        }
        #expect(levels == depth)
        #expect {
            _ = try JSONParser.parse(text, options: .init(maximumDepth: 511))
        } throws: { ($0 as? JSONParseError)?.code == .tooDeep }
    }

    @Test func largeArraysParseInLinearTime() throws {
        let text = "[" + Array(repeating: #"{"k":"v","n":1.5}"#, count: 50_000).joined(separator: ",") + "]"
        #expect(try JSONParser.parse(text).arrayValue?.count == 50_000)
    }
}
