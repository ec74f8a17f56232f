/// A finished exposition: the bytes every scrape gets until the next poll builds a new one.
///
/// The bytes are kept in chunks of about 1 MiB (write them one after the other; ``bytes()`` joins them). A gzip
/// body is one gzip member, served as it is to clients that accept gzip (Prometheus always does) and decompressed
/// as a stream for the others, so the plain text never has to exist in full. Text rendered per scrape (the
/// exporter's own metrics) joins it in the same member through ``gzipMember(appending:)``.
public struct ExpositionBody: Sendable {
    /// Size of the chunks bodies are kept in: large enough that writing them is cheap, small enough that a body
    /// never needs one huge allocation or a copy when it grows.
    static let chunkSize = 1 << 20

    /// The `Content-Type` of the text exposition format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Whether ``chunks`` hold gzip or plain text.
    public let encoding: ExpositionEncoding
    /// The body, in order: plain text, or one complete gzip member.
    public let chunks: [[UInt8]]
    /// Bytes in ``chunks``.
    public let byteCount: Int
    /// Bytes of the plain text (equal to ``byteCount`` for identity bodies).
    public let uncompressedByteCount: Int
    /// Series written, dropped by caps and duplicates, per family.
    public let report: ExpositionReport

    /// gzip: the header and the deflate stream without its end (non-final blocks, byte-aligned), which
    /// ``chunks`` and ``gzipMember(appending:)`` share; empty for plain text.
    private let openStream: [[UInt8]]
    /// gzip: CRC-32 of the plain text.
    private let crc: UInt32

    init(encoding: ExpositionEncoding, finished: FinishedBody, report: ExpositionReport) {
        self.encoding = encoding
        self.uncompressedByteCount = finished.uncompressedCount
        self.report = report
        switch encoding {
        case .identity:
            openStream = []
            crc = 0
            chunks = finished.chunks
        case .gzip:
            openStream = finished.chunks
            crc = finished.crc
            // A final empty block with fixed codes (BFINAL=1, BTYPE=01, end-of-block: 10 bits), then the trailer.
            chunks =
                finished.chunks
                + [[0x03, 0x00] + Self.trailer(crc: finished.crc, uncompressedCount: finished.uncompressedCount)]
        }
        byteCount = chunks.reduce(0) { $0 + $1.count }
    }

    /// The `Content-Encoding` header value: `gzip`, or `nil` for plain text.
    public var contentEncoding: String? { encoding == .gzip ? "gzip" : nil }

    /// All chunks joined into one array.
    public func bytes() -> [UInt8] {
        var all: [UInt8] = []
        all.reserveCapacity(byteCount)
        for chunk in chunks { all.append(contentsOf: chunk) }
        return all
    }

    /// One gzip member whose plain text is this body's followed by `text` (typically the exporter's own metrics,
    /// rendered per scrape), as chunks to send one after the other. The body's chunks are shared, not copied
    /// (arrays share their storage): only the last chunk is new, holding `text` compressed (LZ77 with dynamic
    /// Huffman codes) and the gzip trailer, whose CRC-32 is combined from the body's and the text's. The cost is
    /// O(`text.count`) whatever the body's size, and the body is unchanged, so every scrape can call this.
    ///
    /// Unlike two concatenated members, which `curl --compressed` and other zlib-based clients stop reading after
    /// the first, this is one member that every gzip reader reads in full.
    ///
    /// - Precondition: the body is gzip (``encoding`` is ``ExpositionEncoding/gzip``).
    public func gzipMember(appending text: [UInt8]) -> [[UInt8]] {
        precondition(encoding == .gzip, "gzipMember(appending:) needs a gzip body")
        var textCRC = CRC32()
        text.withUnsafeBytes { textCRC.update($0) }
        var tail = TextDeflater.finalBlocks(text)
        tail += Self.trailer(
            crc: CRC32.combine(crc, textCRC.value, lengthB: text.count),
            uncompressedCount: uncompressedByteCount &+ text.count)
        return openStream + [tail]
    }

    /// The gzip trailer: CRC-32 and size mod 2³² of the plain text, little-endian.
    private static func trailer(crc: UInt32, uncompressedCount: Int) -> [UInt8] {
        let size = UInt32(truncatingIfNeeded: uncompressedCount)
        var trailer: [UInt8] = []
        trailer.reserveCapacity(8)
        for shift in stride(from: 0, to: 32, by: 8) { trailer.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
        for shift in stride(from: 0, to: 32, by: 8) { trailer.append(UInt8(truncatingIfNeeded: size >> UInt32(shift))) }
        return trailer
    }
}
