/// Where rendered text goes: kept as it is (``IdentityBodyWriter``) or compressed as it arrives
/// (``StructuredGzipWriter``).
protocol BodyWriter: AnyObject {
    /// Text without series structure (HELP and TYPE lines).
    func write(text: UnsafeRawBufferPointer)
    /// A finished series line of the family last passed to ``beginFamily(labelCount:)``.
    func write(line: UnsafePointer<SeriesLine>)
    /// Series of a new family follow; their label indexes are `0..<labelCount`.
    func beginFamily(labelCount: Int)
    /// Ends the body: its chunks and its uncompressed size.
    func finish() -> (chunks: [[UInt8]], uncompressedCount: Int)
}

/// Keeps the text as it is, in chunks of about 1 MiB.
final class IdentityBodyWriter: BodyWriter {
    private var chunks: [[UInt8]] = []
    private var chunk: [UInt8] = []
    private var count = 0

    func write(text: UnsafeRawBufferPointer) {
        if chunk.count + text.count > DeflateBlockEncoder.chunkSize && !chunk.isEmpty {
            chunks.append(chunk)
            chunk = []
        }
        if chunk.isEmpty { chunk.reserveCapacity(max(DeflateBlockEncoder.chunkSize, text.count)) }
        chunk.append(contentsOf: text)
        count += text.count
    }

    func write(line: UnsafePointer<SeriesLine>) {
        write(text: line.pointee.bytes)
    }

    func beginFamily(labelCount: Int) {}

    func finish() -> (chunks: [[UInt8]], uncompressedCount: Int) {
        if !chunk.isEmpty { chunks.append(chunk) }
        chunk = []
        defer { chunks = [] }
        return (chunks, count)
    }
}
