/// A strict RFC 8259 JSON parser from bytes to a ``JSONNode`` tree.
///
/// Guarantees:
/// - Accepts exactly RFC 8259 JSON text (any value at the top level), optionally preceded by a UTF-8 byte-order
///   mark. Rejected: trailing commas, leading zeros, `+1`, `.5`, `NaN`, comments, single quotes, raw control
///   characters in strings, unknown escapes, lone surrogates in `\u` escapes, ill-formed UTF-8, trailing content.
/// - Never recurses: nesting is tracked on explicit stacks, so no input can overflow the call stack, and nesting
///   beyond ``Options/maximumDepth`` is an error rather than a resource problem for later tree walks.
/// - Every error is a ``JSONParseError`` with the byte offset, line and column of the offending byte; nothing traps
///   on any input (the fuzz target `json` runs this on arbitrary bytes).
/// - Numbers keep their source text.
///
/// Duplicate object keys are kept (RFC 8259 leaves their meaning open); ``JSONObject`` lookup takes the last one.
public enum JSONParser {
    /// Limits applied while parsing.
    public struct Options: Sendable, Hashable {
        /// Deepest nesting of arrays and objects accepted; 512 is far beyond any real payload and keeps recursive
        /// walks over the result (equality, serialisation, deallocation) shallow.
        public var maximumDepth: Int

        /// Limits with the given maximum depth.
        public init(maximumDepth: Int = 512) {
            self.maximumDepth = maximumDepth
        }
    }

    /// Parses `bytes` (UTF-8 JSON text) into a tree.
    public static func parse(_ bytes: some Collection<UInt8>, options: Options = Options()) throws(JSONParseError)
        -> JSONNode
    {
        let result =
            bytes.withContiguousStorageIfAvailable { parse(buffer: $0, options: options) }
            ?? Array(bytes).withUnsafeBufferPointer { parse(buffer: $0, options: options) }
        return try result.get()
    }

    /// Parses the UTF-8 of `text`.
    public static func parse(_ text: String, options: Options = Options()) throws(JSONParseError) -> JSONNode {
        try parse(Array(text.utf8), options: options)
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>, options: Options) -> Result<JSONNode, JSONParseError>
    {
        var scanner = JSONScanner(bytes: buffer, maximumDepth: max(1, options.maximumDepth))
        do {
            return .success(try scanner.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}

/// The parser's state: the input and a cursor. Containers being built live on explicit stacks.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// The whole document: optional BOM, whitespace, one value, whitespace, end.
    mutating func parseDocument() throws(JSONParseError) -> JSONNode {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw failure(.trailingContent, "\(describeByte(at: index)) after the end of the top-level value")
        }
        return value
    }

    /// One value, containers included, without recursion.
    ///
    /// Open containers are kept on parallel stacks (`kinds` says which stack the innermost one is on) so that
    /// appending to the innermost array or object mutates it in place instead of copying it.
    mutating func parseValue() throws(JSONParseError) -> JSONNode {
        var kinds: [Bool] = []  // true: object, false: array
        var arrays: [[JSONNode]] = []
        var objects: [[JSONObject.Member]] = []
        var keys: [String] = []
        var afterComma = false

        while true {
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput(expecting: "a value") }
            var value: JSONNode
            switch bytes[index] {
            case UInt8(ascii: "{"):
                guard kinds.count < maximumDepth else { throw tooDeep() }
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    value = .object(JSONObject())
                } else {
                    keys.append(try parseMemberKey(afterComma: false))
                    kinds.append(true)
                    objects.append([])
                    afterComma = false
                    continue
                }
            case UInt8(ascii: "["):
                guard kinds.count < maximumDepth else { throw tooDeep() }
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    value = .array([])
                } else {
                    kinds.append(false)
                    arrays.append([])
                    afterComma = false
                    continue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case UInt8(ascii: "]") where afterComma:
                throw failure(.unexpectedCharacter, "trailing comma before ']'")
            default:
                throw failure(.unexpectedCharacter, "expected a value, found \(describeByte(at: index))")
            }

            // Hand the finished value to its container; close containers that end here.
            while true {
                guard let isObject = kinds.last else { return value }
                if isObject {
                    objects[objects.count - 1].append(JSONObject.Member(key: keys.removeLast(), value: value))
                } else {
                    arrays[arrays.count - 1].append(value)
                }
                skipWhitespace()
                guard index < bytes.count else { throw endOfInput(expecting: isObject ? "',' or '}'" : "',' or ']'") }
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") {
                    index += 1
                    if isObject { keys.append(try parseMemberKey(afterComma: true)) }
                    afterComma = true
                    break
                }
                if isObject && byte == UInt8(ascii: "}") {
                    index += 1
                    kinds.removeLast()
                    value = .object(JSONObject(members: objects.removeLast()))
                } else if !isObject && byte == UInt8(ascii: "]") {
                    index += 1
                    kinds.removeLast()
                    value = .array(arrays.removeLast())
                } else {
                    let expected = isObject ? "',' or '}' after an object member" : "',' or ']' after an array element"
                    throw failure(.unexpectedCharacter, "expected \(expected), found \(describeByte(at: index))")
                }
            }
        }
    }

    /// `"key"` and the `:` after it (with whitespace around).
    mutating func parseMemberKey(afterComma: Bool) throws(JSONParseError) -> String {
        skipWhitespace()
        guard index < bytes.count else { throw endOfInput(expecting: "an object key") }
        guard bytes[index] == UInt8(ascii: "\"") else {
            if afterComma && bytes[index] == UInt8(ascii: "}") {
                throw failure(.unexpectedCharacter, "trailing comma before '}'")
            }
            throw failure(.unexpectedCharacter, "expected a string as object key, found \(describeByte(at: index))")
        }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count else { throw endOfInput(expecting: "':' after an object key") }
        guard bytes[index] == UInt8(ascii: ":") else {
            throw failure(.unexpectedCharacter, "expected ':' after object key, found \(describeByte(at: index))")
        }
        index += 1
        return key
    }

    /// A number per the RFC 8259 grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func parseNumber() throws(JSONParseError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw endOfInput(expecting: "a digit") }
        guard isDigit(bytes[index]) else {
            throw failure(.invalidNumber, "expected a digit in number, found \(describeByte(at: index))")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw failure(.invalidNumber, "leading zero in number")
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            try expectDigits(after: "decimal point")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            try expectDigits(after: "exponent")
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func expectDigits(after what: String) throws(JSONParseError) {
        guard index < bytes.count else { throw endOfInput(expecting: "a digit") }
        guard isDigit(bytes[index]) else {
            throw failure(.invalidNumber, "expected a digit after the \(what), found \(describeByte(at: index))")
        }
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = index
        for expected in UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount) {
            guard index < bytes.count else { throw endOfInput(expecting: "'\(literal)'") }
            guard bytes[index] == expected else {
                index = start
                throw failure(.unexpectedCharacter, "expected a value, found \(describeByte(at: start))")
            }
            index += 1
        }
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    // MARK: - Errors

    /// An error at the current position.
    func failure(_ code: JSONParseError.Code, _ message: String, at offset: Int? = nil) -> JSONParseError {
        let offset = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for position in 0..<offset where bytes[position] == 0x0A {
            line += 1
            lineStart = position + 1
        }
        return JSONParseError(code: code, message: message, offset: offset, line: line, column: offset - lineStart + 1)
    }

    func endOfInput(expecting expected: String) -> JSONParseError {
        failure(.unexpectedEnd, "unexpected end of input, expected \(expected)", at: bytes.count)
    }

    func tooDeep() -> JSONParseError {
        failure(.tooDeep, "arrays and objects nested deeper than \(maximumDepth) levels")
    }

    /// `'x'` for a printable ASCII byte, `byte 0xNN` otherwise.
    func describeByte(at position: Int) -> String {
        guard position < bytes.count else { return "end of input" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
    }
}

extension String {
    /// `self` with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
