/// Prometheus metric names: validation and a deterministic mapping of arbitrary text to a valid name.
///
/// A metric name matches `[a-zA-Z_:][a-zA-Z0-9_:]*`. Colons are allowed by the format but reserved by convention
/// for recording rules; ``sanitize(_:)`` keeps the ones it is given.
public enum MetricName {
    /// Whether `name` is a valid metric name in the text exposition format 0.0.4.
    public static func isValid(_ name: String) -> Bool {
        var utf8 = name.utf8.makeIterator()
        guard let first = utf8.next(), NameCharacters.isLetterOrUnderscore(first) || first == UInt8(ascii: ":") else {
            return false
        }
        while let byte = utf8.next() {
            guard NameCharacters.isNameCharacter(byte) || byte == UInt8(ascii: ":") else { return false }
        }
        return true
    }

    /// A valid metric name made from `text`: every character outside `[a-zA-Z0-9_:]` becomes `_` (one per
    /// character, not per byte), a leading digit gets a `_` prefix, and empty text becomes `_`.
    ///
    /// The mapping is deterministic but not injective (`a-b` and `a.b` both become `a_b`).
    public static func sanitize(_ text: String) -> String {
        NameCharacters.sanitize(text, allowsColon: true)
    }
}

/// Character classes shared by metric and label names.
enum NameCharacters {
    static func isLetterOrUnderscore(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
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
