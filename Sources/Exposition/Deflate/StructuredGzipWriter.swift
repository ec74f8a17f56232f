/// A ``BodyWriter`` that compresses exposition text to gzip as it is rendered: ``FragmentMatcher`` chooses the
/// LZ77 matches from the structure of the lines and ``DeflateBlockEncoder`` Huffman-codes them.
///
/// Guarantees: the output is the start of one standard gzip member (RFC 1952; DEFLATE with dynamic Huffman blocks
/// and distances up to 32 KiB): the header and non-final blocks ending byte-aligned with an empty stored block,
/// which ``ExpositionBody`` closes with a final block and the trailer (or continues with appended text first).
/// The uncompressed text never exists in full: only a sliding window of 256 KiB does.
final class StructuredGzipWriter: BodyWriter {
    /// Longer lines and text are written in pieces of this size, as literals.
    private static let piece = FragmentMatcher.windowCapacity - FragmentMatcher.historySize

    private let matcher = FragmentMatcher.allocate()
    private let encoder = DeflateBlockEncoder()

    deinit { FragmentMatcher.deallocate(matcher) }

    func beginFamily(labelCount: Int) {
        matcher.pointee.beginFamily(labelCount: labelCount)
    }

    func write(text: UnsafeRawBufferPointer) {
        guard let base = text.baseAddress else { return }
        var offset = 0
        while offset < text.count {
            let count = min(text.count - offset, Self.piece, TokenBuffer.capacity / 2)
            makeRoom(count)
            matcher.pointee.writeLiterals(base + offset, count: count)
            offset += count
        }
    }

    func write(line: UnsafePointer<SeriesLine>) {
        let count = line.pointee.count
        guard count <= min(Self.piece, TokenBuffer.capacity / 2) else {
            write(text: line.pointee.bytes)
            return
        }
        makeRoom(count)
        matcher.pointee.write(line: line)
    }

    /// Ends the block when `count` more bytes might not fit in it.
    @inline(__always)
    private func makeRoom(_ count: Int) {
        if !matcher.pointee.tokens.hasRoom(for: matcher.pointee.tokensNeeded(for: count)) {
            matcher.pointee.finish()
            encoder.writeBlock(&matcher.pointee.tokens, final: false)
        }
    }

    func finish() -> FinishedBody {
        matcher.pointee.finish()
        let chunks = encoder.finishOpen(&matcher.pointee.tokens)
        return FinishedBody(
            chunks: chunks, uncompressedCount: matcher.pointee.position, crc: matcher.pointee.crc.value)
    }
}
