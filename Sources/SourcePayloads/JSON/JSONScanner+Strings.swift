extension JSONScanner {
    /// A string starting at the opening quote; returns its decoded contents and leaves the cursor after the
    /// closing quote.
    ///
    /// Plain ASCII without escapes (most keys and values) is sliced directly; anything else goes through a
    /// byte buffer that decodes escapes and validates UTF-8 sequence by sequence.
    mutating func parseString() throws(JSONParseError) -> String {
        let opening = index
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 || byte < 0x20 { break }
            index += 1
        }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while true {
            guard index < bytes.count else {
                throw endOfInput(expecting: "the closing quote of the string that starts at byte \(opening)")
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0x00..<0x20:
                let code = "U+" + String(byte, radix: 16, uppercase: true).leftPadded(to: 4)
                throw failure(.controlCharacterInString, "raw control character \(code) in a string (escape it)")
            case 0x80...:
                let length = try validUTF8SequenceLength()
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
                index += length
            default:
                buffer.append(byte)
                index += 1
            }
        }
    }

    /// One escape starting at the backslash, appended as UTF-8.
    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        let backslash = index
        index += 1
        guard index < bytes.count else { throw endOfInput(expecting: "an escape character") }
        let escaped = bytes[index]
        index += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escaped)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHexQuad(escapeStart: backslash)
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw failure(
                        .invalidSurrogate, "high surrogate \\u\(hex(unit)) is not followed by a low surrogate",
                        at: backslash)
                }
                let secondEscape = index
                index += 2
                let low = try parseHexQuad(escapeStart: secondEscape)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw failure(
                        .invalidSurrogate,
                        "high surrogate \\u\(hex(unit)) is followed by \\u\(hex(low)), "
                            + "not by a low surrogate", at: backslash)
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw failure(.invalidSurrogate, "lone low surrogate \\u\(hex(unit))", at: backslash)
            }
            guard let scalar = Unicode.Scalar(scalarValue) else {
                throw failure(.invalidSurrogate, "\\u escape is not a Unicode scalar", at: backslash)
            }
            UTF8.encode(scalar) { buffer.append($0) }
        default:
            throw failure(.invalidEscape, "invalid escape \\\(describeEscaped(escaped)) in a string", at: backslash)
        }
    }

    /// Four hex digits after `\u`.
    private mutating func parseHexQuad(escapeStart: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw endOfInput(expecting: "four hex digits after \\u") }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw failure(.invalidEscape, "\\u must be followed by four hex digits", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// The length (2–4) of the well-formed UTF-8 sequence at the cursor (Unicode Table 3-7: no overlong forms,
    /// no surrogates, nothing above U+10FFFF).
    private func validUTF8SequenceLength() throws(JSONParseError) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default:
            throw failure(
                .invalidUTF8, "byte 0x\(String(lead, radix: 16, uppercase: true)) cannot start a UTF-8 character")
        }
        for offset in 1..<length {
            guard index + offset < bytes.count else {
                throw failure(.invalidUTF8, "UTF-8 character cut off by the end of input")
            }
            let byte = bytes[index + offset]
            let range = offset == 1 ? secondRange : 0x80...0xBF
            guard range.contains(byte) else {
                throw failure(.invalidUTF8, "ill-formed UTF-8 sequence", at: index)
            }
        }
        return length
    }

    private func hex(_ unit: UInt16) -> String {
        String(unit, radix: 16, uppercase: true).leftPadded(to: 4)
    }

    private func describeEscaped(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F
            ? String(Character(Unicode.Scalar(byte))) : "(byte 0x\(String(byte, radix: 16, uppercase: true)))"
    }
}
