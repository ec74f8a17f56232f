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
