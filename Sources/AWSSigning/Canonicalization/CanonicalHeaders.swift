/// The `CanonicalHeaders` and `SignedHeaders` lines of a SigV4 canonical request.
///
/// Names are lower-cased and trimmed; values are trimmed and every run of whitespace inside them becomes one space
/// (AWS's "Trimall", as botocore does it); a name given more than once has its values joined with `,` in the order
/// given; the names are sorted byte by byte.
struct CanonicalHeaders {
    /// `name:value` lines, one per distinct name, sorted; each line ends with `\n`.
    let canonical: String
    /// The distinct lower-case names joined with `;`.
    let signedNames: String

    /// Canonicalises `headers`; throws for a name or value containing a control character other than a tab.
    init(_ headers: [(name: String, value: String)]) throws(SigV4Error) {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for header in headers {
            let name = Self.lowercased(Self.trimmed(header.name))
            guard !name.isEmpty, !name.utf8.contains(where: { $0 < 0x21 || $0 == 0x7F || $0 == UInt8(ascii: ":") })
            else {
                throw SigV4Error(.invalidHeader, "header name \"\(header.name)\" is empty or not an HTTP token")
            }
            if header.value.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
                throw SigV4Error(.invalidHeader, "the value of header \(header.name) contains a control character")
            }
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(Self.collapsingWhitespace(header.value))
        }
        let names = order.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var canonical = ""
        for name in names {
            canonical += name + ":" + (values[name] ?? []).joined(separator: ",") + "\n"
        }
        self.canonical = canonical
        self.signedNames = names.joined(separator: ";")
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// ASCII lower-casing (header names are ASCII tokens; no locale rules apply).
    static func lowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// Trimmed, with each run of spaces and tabs replaced by one space.
    static func collapsingWhitespace(_ text: String) -> String {
        var output: [UInt8] = []
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x09 {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(0x20) }
                pendingSpace = false
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
