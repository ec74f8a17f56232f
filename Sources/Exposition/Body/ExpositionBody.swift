/// A finished exposition: the bytes every scrape gets until the next poll builds a new one.
///
/// The bytes are kept in chunks of about 1 MiB (write them one after the other; ``bytes()`` joins them). A gzip
/// body is one gzip member, served as it is to clients that accept gzip (Prometheus always does) and decompressed
/// as a stream for the others, so the plain text never has to exist in full.
public struct ExpositionBody: Sendable {
    /// Size of the chunks bodies are kept in: large enough that writing them is cheap, small enough that a body
    /// never needs one huge allocation or a copy when it grows.
    static let chunkSize = 1 << 20

    /// The `Content-Type` of the text exposition format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Whether ``chunks`` hold gzip or plain text.
    public let encoding: ExpositionEncoding
    /// The body, in order.
    public let chunks: [[UInt8]]
    /// Bytes in ``chunks``.
    public let byteCount: Int
    /// Bytes of the plain text (equal to ``byteCount`` for identity bodies).
    public let uncompressedByteCount: Int
    /// Series written, dropped by caps and duplicates, per family.
    public let report: ExpositionReport

    /// The `Content-Encoding` header value: `gzip`, or `nil` for plain text.
    public var contentEncoding: String? { encoding == .gzip ? "gzip" : nil }

    /// All chunks joined into one array.
    public func bytes() -> [UInt8] {
        var all: [UInt8] = []
        all.reserveCapacity(byteCount)
        for chunk in chunks { all.append(contentsOf: chunk) }
        return all
    }
}
