/// Writes blocks of LZ77 tokens (``TokenBuffer``) as DEFLATE blocks with dynamic Huffman codes (RFC 1951
/// §3.2.7), after a gzip member header (RFC 1952) or, for text appended to a finished body, without one.
///
/// The caller decides the matches (``FragmentMatcher`` finds them from the structure of exposition lines); this
/// type builds the codes from the block's symbol frequencies and packs bits. Output accumulates in chunks of about
/// 1 MiB, so a large body never needs one contiguous allocation or a copy on growth.
final class DeflateBlockEncoder {
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0
    private var blockBytes = ByteBuffer(capacity: 1 << 16)
    private var chunks: [[UInt8]] = []
    private var chunk: [UInt8] = []

    /// The gzip member header: magic, CM=8 (deflate), no flags, MTIME=0 (reproducible), XFL=0, OS=255 (unknown).
    static let gzipHeader: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255]

    /// An encoder whose output starts with the gzip header (`gzipHeader`) or directly with the first block.
    init(gzipHeader: Bool = true, capacity: Int = ExpositionBody.chunkSize) {
        chunk.reserveCapacity(capacity)
        if gzipHeader { appendOutput(Self.gzipHeader) }
    }

    /// Writes the collected tokens as one block (possibly empty) and empties `block`.
    func writeBlock(_ block: inout TokenBuffer, final: Bool) {
        block.countLiterals()
        let literalFrequencies = block.literalFrequencies
        let distanceFrequencies = block.distanceFrequencies
        literalFrequencies[256] = 1  // end of block
        // Each alphabet needs two used symbols for a complete code; unused ones cost nothing but header bits.
        if (0..<256).allSatisfy({ literalFrequencies[$0] == 0 }) { literalFrequencies[0] = 1 }
        if (0..<30).filter({ distanceFrequencies[$0] > 0 }).count < 2 {
            distanceFrequencies[0] = max(distanceFrequencies[0], 1)
            distanceFrequencies[1] = max(distanceFrequencies[1], 1)
        }
        let literalCode = HuffmanCode(
            frequencies: Array(UnsafeBufferPointer(start: literalFrequencies, count: 286)), limit: 14)
        let distanceCode = HuffmanCode(
            frequencies: Array(UnsafeBufferPointer(start: distanceFrequencies, count: 30)), limit: 15)
        let header = BlockHeader(literals: literalCode.lengths, distances: distanceCode.lengths)

        blockBytes.removeAll()
        blockBytes.reserve(block.count &* 7 &+ block.literalCount &* 2 &+ 1024)
        var writer = BitWriter(output: blockBytes.base, bits: bitBuffer, count: bitCount)
        writer.put(final ? 1 : 0, 1)
        writer.put(2, 2)
        header.write(&writer)
        let codes = BlockCodes(literal: literalCode, distance: distanceCode)
        codes.write(block, to: &writer)
        codes.deallocate()
        writer.put(UInt64(literalCode.codes[256]), Int(literalCode.lengths[256]))
        if final { writer.alignToByte() }
        blockBytes.count = writer.written
        bitBuffer = writer.bits
        bitCount = writer.count
        appendOutput(blockBytes.bytes)
        block.removeAll()
    }

    /// Ends the stream without ending it for good: the collected tokens as a non-final block (when there are
    /// any), then an empty stored block (BFINAL=0, as zlib's sync flush writes) that leaves the output
    /// byte-aligned, so that more blocks can follow in another buffer. Returns the output.
    func finishOpen(_ block: inout TokenBuffer) -> [[UInt8]] {
        if block.count > 0 { writeBlock(&block, final: false) }
        blockBytes.removeAll()
        blockBytes.reserve(16)
        var writer = BitWriter(output: blockBytes.base, bits: bitBuffer, count: bitCount)
        writer.put(0, 3)  // BFINAL=0, BTYPE=00 (stored)
        writer.alignToByte()
        blockBytes.count = writer.written
        bitBuffer = 0
        bitCount = 0
        appendOutput(blockBytes.bytes)
        appendOutput([0x00, 0x00, 0xFF, 0xFF])  // LEN=0, NLEN=~0
        return takeOutput()
    }

    /// The output so far, which must end byte-aligned (after a final block or ``finishOpen(_:)``).
    func takeOutput() -> [[UInt8]] {
        if !chunk.isEmpty { chunks.append(chunk) }
        chunk = []
        defer { chunks = [] }
        return chunks
    }

    private func appendOutput(_ bytes: some Collection<UInt8>) {
        if chunk.count + bytes.count > ExpositionBody.chunkSize && !chunk.isEmpty {
            chunks.append(chunk)
            chunk = []
            chunk.reserveCapacity(max(ExpositionBody.chunkSize, bytes.count))
        }
        chunk.append(contentsOf: bytes)
    }
}

/// One block's Huffman codes in raw memory, for the loop that writes its tokens.
private struct BlockCodes {
    /// Per literal/length symbol: bit-reversed code in the low 16 bits, length above.
    let literal: UnsafeMutablePointer<UInt32>
    let distance: UnsafeMutablePointer<UInt32>
    let lengthBase: UnsafeMutablePointer<UInt16>
    let lengthExtra: UnsafeMutablePointer<UInt8>
    let distanceBase: UnsafeMutablePointer<UInt16>
    let distanceExtra: UnsafeMutablePointer<UInt8>

    init(literal literalCode: HuffmanCode, distance distanceCode: HuffmanCode) {
        literal = .allocate(capacity: 286)
        for symbol in 0..<286 {
            (literal + symbol).initialize(
                to: UInt32(literalCode.codes[symbol]) | UInt32(literalCode.lengths[symbol]) << 16)
        }
        distance = .allocate(capacity: 30)
        for symbol in 0..<30 {
            (distance + symbol).initialize(
                to: UInt32(distanceCode.codes[symbol]) | UInt32(distanceCode.lengths[symbol]) << 16)
        }
        lengthBase = .allocate(capacity: 29)
        lengthBase.initialize(from: DeflateTables.lengthBase, count: 29)
        lengthExtra = .allocate(capacity: 29)
        lengthExtra.initialize(from: DeflateTables.lengthExtraBits, count: 29)
        distanceBase = .allocate(capacity: 30)
        distanceBase.initialize(from: DeflateTables.distanceBase, count: 30)
        distanceExtra = .allocate(capacity: 30)
        distanceExtra.initialize(from: DeflateTables.distanceExtraBits, count: 30)
    }

    func deallocate() {
        literal.deallocate()
        distance.deallocate()
        lengthBase.deallocate()
        lengthExtra.deallocate()
        distanceBase.deallocate()
        distanceExtra.deallocate()
    }

    func write(_ block: TokenBuffer, to writer: inout BitWriter) {
        var literalBytes = block.literalBytes
        @inline(__always) func addLiteral(_ byte: UInt8) {
            let entry = literal[Int(byte)]
            writer.add(UInt64(entry & 0xFFFF), Int(entry &>> 16))
        }
        for index in 0..<block.count {
            let token = block.tokens[index]
            if token & 0x8000_0000 == 0 {
                // A literal run: four codes (≤ 14 bits each) per flush.
                let end = literalBytes + Int(token & 0x3FFF_FFFF)
                while literalBytes + 4 <= end {
                    addLiteral(literalBytes[0])
                    addLiteral(literalBytes[1])
                    addLiteral(literalBytes[2])
                    addLiteral(literalBytes[3])
                    writer.flush()
                    literalBytes += 4
                }
                while literalBytes < end {
                    addLiteral(literalBytes[0])
                    literalBytes += 1
                }
                writer.flush()
                continue
            }
            let lengthIndex = Int((token >> 15) & 0xFF)
            let code = Int(block.lengthCode[lengthIndex])
            let entry = literal[257 &+ code]
            let symbolLength = Int(entry >> 16)
            writer.add(
                UInt64(entry & 0xFFFF)
                    | UInt64(truncatingIfNeeded: lengthIndex &- Int(lengthBase[code]))
                    &<< UInt64(truncatingIfNeeded: symbolLength),
                symbolLength &+ Int(lengthExtra[code]))
            let distanceIndex = Int(token & 0x7FFF)
            let symbol = Int(block.distanceSymbol(distanceIndex))
            let distanceEntry = distance[symbol]
            let distanceLength = Int(distanceEntry >> 16)
            writer.add(
                UInt64(distanceEntry & 0xFFFF)
                    | UInt64(truncatingIfNeeded: distanceIndex &- Int(distanceBase[symbol]))
                    &<< UInt64(truncatingIfNeeded: distanceLength),
                distanceLength &+ Int(distanceExtra[symbol]))
            writer.flush()
        }
    }
}
