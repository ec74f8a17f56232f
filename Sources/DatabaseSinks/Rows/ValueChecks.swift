import Focus

/// What a value check concluded.
enum ValueVerdict: Sendable, Equatable {
    case good
    /// The database will refuse the value; the reason names what is wrong.
    case bad(String)
    /// The client cannot tell; the database decides (PostgreSQL only).
    case doubtful
}

/// Checks of field values against the column types, on the client.
///
/// For PostgreSQL they only run on a segment the server refused, to find the rows to leave out before sending the
/// segment again, and they call a value bad only when PostgreSQL would refuse it too; the server stays the judge of
/// everything else, so a row loads or not whichever path it takes. For SQLite, which stores text, they are the only
/// checks and normalize what they accept.
enum ValueChecks {
    /// PostgreSQL's `numeric` input: surrounding white space, a sign, digits with a point, an exponent, or `NaN`,
    /// `Infinity`, `inf`. An exponent out of range is left to the server.
    static func postgresNumeric(_ bytes: UnsafeBufferPointer<UInt8>) -> ValueVerdict {
        var start = 0
        var end = bytes.count
        while start < end, isPostgresSpace(bytes[start]) { start += 1 }
        while end > start, isPostgresSpace(bytes[end - 1]) { end -= 1 }
        var index = start
        if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self).lowercased()
        if word == "infinity" || word == "inf" || (word == "nan" && index == start) { return .good }
        var digits = 0
        while index < end, isDigit(bytes[index]) {
            index += 1
            digits += 1
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, isDigit(bytes[index]) {
                index += 1
                digits += 1
            }
        }
        guard digits > 0 else { return .bad("not a number") }
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            var exponentDigits = 0
            while index < end, isDigit(bytes[index]) {
                index += 1
                exponentDigits += 1
            }
            guard exponentDigits > 0 else { return .bad("not a number (exponent without digits)") }
        }
        return index == end ? .good : .bad("not a number")
    }

    /// PostgreSQL's `timestamptz` input. ISO 8601 is certainly good; PostgreSQL reads many more forms (`May 1 2026`,
    /// `epoch`), so only text with no digit and no special word is certainly bad.
    static func postgresTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> ValueVerdict {
        if FocusTimestamp.parse(bytes) != nil { return .good }
        if bytes.contains(where: isDigit) { return .doubtful }
        let word = String(decoding: bytes, as: UTF8.self).lowercased().filter { !$0.isWhitespace }
        let special: Set = ["epoch", "infinity", "+infinity", "-infinity", "now", "today", "tomorrow", "yesterday"]
        return special.contains(word) ? .doubtful : .bad("not a date/time")
    }

    /// PostgreSQL's `jsonb` input.
    static func postgresJSON(_ bytes: UnsafeBufferPointer<UInt8>) -> ValueVerdict {
        switch JSONCheck.check(bytes) {
        case .valid: .good
        case .invalid(let reason): .bad("not valid JSON: \(reason)")
        case .tooDeep: .doubtful
        }
    }

    /// PostgreSQL's `text`: anything but a NUL byte.
    static func postgresText(_ bytes: UnsafeBufferPointer<UInt8>) -> ValueVerdict {
        bytes.contains(0) ? .bad("contains a NUL byte, which PostgreSQL text cannot hold") : .good
    }

    static func postgres(_ bytes: UnsafeBufferPointer<UInt8>, as type: ColumnType) -> ValueVerdict {
        switch type {
        case .decimal: postgresNumeric(bytes)
        case .timestamp: postgresTimestamp(bytes)
        case .json: postgresJSON(bytes)
        case .text: postgresText(bytes)
        }
    }

    /// SQLite: the value to store, or why not. Decimals in plain notation with their scale (`1.5E-7` →
    /// `0.00000015`), timestamps as ISO 8601 UTC, JSON as given.
    static func sqlite(_ bytes: UnsafeBufferPointer<UInt8>, as type: ColumnType) -> Result<String, SQLiteValueError> {
        switch type {
        case .text:
            return .success(String(decoding: bytes, as: UTF8.self))
        case .decimal:
            guard let value = FocusDecimal.parse(bytes) else {
                return .failure(SQLiteValueError("not a decimal number (at most 38 digits)"))
            }
            return .success(value.description)
        case .timestamp:
            guard let parsed = FocusTimestamp.parse(bytes) else {
                return .failure(SQLiteValueError("not an ISO 8601 date/time"))
            }
            return .success(parsed.timestamp.description)
        case .json:
            switch JSONCheck.check(bytes) {
            case .valid: return .success(String(decoding: bytes, as: UTF8.self))
            case .invalid(let reason): return .failure(SQLiteValueError("not valid JSON: \(reason)"))
            case .tooDeep: return .failure(SQLiteValueError("JSON nested deeper than \(JSONCheck.maxDepth) levels"))
            }
        }
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// C's `isspace` in the C locale, which PostgreSQL's input functions skip.
    @inline(__always)
    static func isPostgresSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
}

struct SQLiteValueError: Error, Sendable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Checks that bytes are one JSON value as PostgreSQL's `jsonb` accepts it (RFC 8259, no `\u0000`, surrogate escapes
/// in pairs), without building it and without recursion.
enum JSONCheck {
    enum Result: Equatable {
        case valid
        case invalid(String)
        /// Well-formed so far but nested deeper than ``maxDepth``.
        case tooDeep
    }

    static let maxDepth = 1000

    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        var parser = Parser(bytes: bytes)
        return parser.run()
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Open containers: `true` for an object.
        var stack: [Bool] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func run() -> Result {
            // One value; then, while a container is open, a separator and the next element, or its end.
            if let failure = value() { return failure }
            while true {
                skipSpace()
                guard let isObject = stack.last else {
                    return index == bytes.count ? .valid : .invalid("unexpected text after the value")
                }
                guard index < bytes.count else { return .invalid("input ends inside a container") }
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") {
                    index += 1
                    skipSpace()
                    if let failure = isObject ? member() : value() { return failure }
                    continue
                }
                if byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    stack.removeLast()
                    continue
                }
                return .invalid("expected , or \(isObject ? "}" : "]") at byte \(index + 1)")
            }
        }

        /// One value; opening a container leaves the parser at its first element.
        mutating func value() -> Result? {
            skipSpace()
            guard index < bytes.count else { return .invalid("a value is missing") }
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                index += 1
                guard stack.count < JSONCheck.maxDepth else { return .tooDeep }
                skipSpace()
                if index < bytes.count, bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    return nil
                }
                stack.append(isObject)
                if isObject { return member() }
                return value()
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        /// `"name": value` inside an object.
        mutating func member() -> Result? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                return .invalid("expected a member name at byte \(index + 1)")
            }
            if let failure = string() { return failure }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                return .invalid("expected : at byte \(index + 1)")
            }
            index += 1
            return value()
        }

        mutating func string() -> Result? {
            index += 1
            var pendingHighSurrogate = false
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") {
                    return pendingHighSurrogate ? .invalid("a high surrogate escape is not followed by a low one") : nil
                }
                if byte < 0x20 { return .invalid("a control character inside a string") }
                guard byte == UInt8(ascii: "\\") else {
                    if pendingHighSurrogate { return .invalid("a high surrogate escape is not followed by a low one") }
                    continue
                }
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                if escape == UInt8(ascii: "u") {
                    guard index + 4 <= bytes.count else { return .invalid("a \\u escape is cut short") }
                    var code: UInt32 = 0
                    for _ in 0..<4 {
                        guard let digit = hexDigit(bytes[index]) else { return .invalid("a \\u escape is not hex") }
                        code = code << 4 | digit
                        index += 1
                    }
                    if code == 0 { return .invalid("\\u0000 is not allowed") }
                    if (0xDC00...0xDFFF).contains(code) {
                        guard pendingHighSurrogate else {
                            return .invalid("a low surrogate escape does not follow a high one")
                        }
                        pendingHighSurrogate = false
                    } else {
                        if pendingHighSurrogate {
                            return .invalid("a high surrogate escape is not followed by a low one")
                        }
                        pendingHighSurrogate = (0xD800...0xDBFF).contains(code)
                    }
                    continue
                }
                if pendingHighSurrogate { return .invalid("a high surrogate escape is not followed by a low one") }
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    continue
                default:
                    return .invalid("an invalid escape \\\(Character(Unicode.Scalar(escape)))")
                }
            }
            return .invalid("a string is not closed")
        }

        mutating func literal(_ word: StaticString) -> Result? {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return .invalid("unexpected end of input") }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
                return .invalid("unexpected text at byte \(index + 1)")
            }
            index += count
            return nil
        }

        mutating func number() -> Result? {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, ValueChecks.isDigit(bytes[index]) else {
                return .invalid("unexpected text at byte \(start + 1)")
            }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                while index < bytes.count, ValueChecks.isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let digits = index
                while index < bytes.count, ValueChecks.isDigit(bytes[index]) { index += 1 }
                guard index > digits else { return .invalid("a number has no digits after its point") }
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                let digits = index
                while index < bytes.count, ValueChecks.isDigit(bytes[index]) { index += 1 }
                guard index > digits else { return .invalid("a number has no digits in its exponent") }
            }
            return nil
        }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        func hexDigit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }
    }
}
