/// Where rendered text goes: kept as it is (``IdentityBodyWriter``) or compressed as it arrives
/// (``StructuredGzipWriter``).
protocol BodyWriter: AnyObject {
    /// Text without series structure (HELP and TYPE lines).
    func write(text: UnsafeRawBufferPointer)
    /// A finished series line of the family last passed to ``beginFamily(labelCount:)``.
    func write(line: UnsafePointer<SeriesLine>)
    /// Series of a new family follow; their label indexes are `0..<labelCount`.
    func beginFamily(labelCount: Int)
    /// Ends the body.
    func finish() -> FinishedBody
}

/// What a ``BodyWriter`` leaves: the chunks, and the size and CRC-32 of the plain text.
struct FinishedBody {
    /// Plain text, or for gzip the header and an open deflate stream (non-final blocks ending byte-aligned) that
    /// ``ExpositionBody`` closes.
    var chunks: [[UInt8]]
    var uncompressedCount: Int
    /// CRC-32 of the plain text (gzip bodies only; 0 for plain text).
    var crc: UInt32 = 0
}
