/// What a response body holds, from its headers and name, or from its first byte when those are vague.
enum BodyFormat: Sendable, Hashable {
    case csv
    case json

    /// The format the headers announce; `nil` when they do not say (`text/plain`, `application/octet-stream`).
    static func announced(contentType: String?, name: String) -> BodyFormat? {
        let type = (contentType ?? "").lowercased()
        if type.contains("json") { return .json }
        if type.contains("csv") { return .csv }
        var lower = name.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".csv") { return .csv }
        return nil
    }

    /// JSON when the first non-blank byte (after a BOM) opens an object or array; CSV otherwise.
    static func sniffed(firstByte: UInt8) -> BodyFormat {
        firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[") ? .json : .csv
    }

    /// Whether the body is gzip-compressed, from its headers and name.
    static func isGzip(contentType: String?, contentEncoding: String?, name: String) -> Bool {
        let encoding = (contentEncoding ?? "").lowercased()
        let type = (contentType ?? "").lowercased()
        return encoding.contains("gzip") || type.contains("gzip") || name.lowercased().hasSuffix(".gz")
    }
}
