/// Parsing for the decoders' byte-level entry points: a parse failure becomes a ``PayloadError`` with code
/// ``PayloadError/Code/malformedJSON``.
enum PayloadJSON {
    static func parse(_ bytes: some Collection<UInt8>) throws(PayloadError) -> JSONNode {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw PayloadError(error)
        }
    }
}
