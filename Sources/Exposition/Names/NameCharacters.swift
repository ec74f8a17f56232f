/// Character classes shared by metric and label names.
enum NameCharacters {
    static func isLetterOrUnderscore(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isNameCharacter(_ byte: UInt8) -> Bool { isLetterOrUnderscore(byte) || isDigit(byte) }

    /// Replaces each Unicode scalar that is not a name character by `_`; prefixes `_` to a leading digit.
    static func sanitize(_ text: String, allowsColon: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 1)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                if isNameCharacter(byte) || (allowsColon && byte == UInt8(ascii: ":")) {
                    if out.isEmpty && isDigit(byte) { out.append(UInt8(ascii: "_")) }
                    out.append(byte)
                    continue
                }
            }
            out.append(UInt8(ascii: "_"))
        }
        if out.isEmpty { out.append(UInt8(ascii: "_")) }
        return String(decoding: out, as: UTF8.self)
    }
}
