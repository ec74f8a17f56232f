/// Compresses unstructured text (the exporter's own metrics, a few KB per scrape) into final DEFLATE blocks that
/// continue a byte-aligned stream: greedy LZ77 over a hash of 4-byte prefixes (matches of 4…258 bytes within the
/// text, up to 32 KiB back), coded by ``DeflateBlockEncoder`` with dynamic Huffman codes. O(text length).
enum TextDeflater {
    private static let hashBits = 13
    private static let minimumMatch = 4
    private static let maximumMatch = 258

    /// DEFLATE blocks holding `text`, the last one final, ending byte-aligned; an empty text gives a final empty
    /// block with fixed codes.
    static func finalBlocks(_ text: [UInt8]) -> [UInt8] {
        guard !text.isEmpty else { return [0x03, 0x00] }
        let count = text.count
        // A copy with slack: tokens copy literals a word at a time, and 4-byte loads may pass the end.
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: count + 16)
        defer { bytes.deallocate() }
        text.withUnsafeBufferPointer { bytes.initialize(from: $0.baseAddress!, count: count) }
        (bytes + count).initialize(repeating: 0, count: 16)
        let table = UnsafeMutablePointer<Int>.allocate(capacity: 1 << hashBits)
        defer { table.deallocate() }
        table.initialize(repeating: -1, count: 1 << hashBits)
        var tokens = TokenBuffer.allocate()
        defer { tokens.deallocate() }
        let encoder = DeflateBlockEncoder(gzipHeader: false, capacity: count / 2 + 1024)

        @inline(__always) func slot(_ position: Int) -> Int {
            let word = UnsafeRawPointer(bytes + position).loadUnaligned(as: UInt32.self)
            return Int(truncatingIfNeeded: (word &* 0x9E37_79B1) >> UInt32(32 - hashBits))
        }
        var position = 0
        var literalStart = 0
        func flushLiterals(upTo end: Int) {
            if end > literalStart { tokens.literals(bytes + literalStart, count: end - literalStart) }
        }
        while position < count {
            // A block holds at most `TokenBuffer.capacity` tokens and literal bytes; leave room for one more step.
            if !tokens.hasRoom(for: position - literalStart + 2) {
                flushLiterals(upTo: position)
                literalStart = position
                encoder.writeBlock(&tokens, final: false)
            }
            guard position + minimumMatch <= count else {
                position += 1
                continue
            }
            let key = slot(position)
            let candidate = table[key]
            table[key] = position
            if candidate >= 0 && position - candidate <= FragmentMatcher.historySize {
                let limit = min(maximumMatch, count - position)
                var length = 0
                while length < limit && bytes[candidate + length] == bytes[position + length] { length += 1 }
                if length >= minimumMatch {
                    flushLiterals(upTo: position)
                    tokens.match(length: length, distance: position - candidate)
                    let end = position + length
                    var next = position + 1
                    while next + minimumMatch <= min(end, count) {
                        table[slot(next)] = next
                        next += 1
                    }
                    position = end
                    literalStart = end
                    continue
                }
            }
            position += 1
        }
        flushLiterals(upTo: count)
        encoder.writeBlock(&tokens, final: true)
        return encoder.takeOutput().flatMap { $0 }
    }
}
