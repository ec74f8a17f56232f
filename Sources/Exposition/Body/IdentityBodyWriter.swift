/// Keeps the text as it is, in chunks of about 1 MiB.
final class IdentityBodyWriter: BodyWriter {
    private var chunks: [[UInt8]] = []
    private var chunk: [UInt8] = []
    private var count = 0

    func write(text: UnsafeRawBufferPointer) {
        if chunk.count + text.count > ExpositionBody.chunkSize && !chunk.isEmpty {
            chunks.append(chunk)
            chunk = []
        }
        if chunk.isEmpty { chunk.reserveCapacity(max(ExpositionBody.chunkSize, text.count)) }
        chunk.append(contentsOf: text)
        count += text.count
    }

    func write(line: UnsafePointer<SeriesLine>) {
        write(text: line.pointee.bytes)
    }

    func beginFamily(labelCount: Int) {}

    func finish() -> FinishedBody {
        if !chunk.isEmpty { chunks.append(chunk) }
        chunk = []
        defer { chunks = [] }
        return FinishedBody(chunks: chunks, uncompressedCount: count)
    }
}
