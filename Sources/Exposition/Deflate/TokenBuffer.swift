/// The LZ77 tokens of the DEFLATE block being collected, with the symbol frequencies its Huffman codes are built
/// from. Plain memory (see ``allocate()``): it is written once per literal byte, so no reference counting here.
///
/// Literal bytes are kept apart from the tokens, one token per run of them: most of an exposition body's tokens
/// are literals (unique ids and amounts), and the writing loop then reads them as plain bytes.
struct TokenBuffer {
    /// Tokens (and literal bytes) per block; a block costs a header of roughly 100 bytes, so blocks are large.
    static let capacity = 1 << 16

    /// Literal run: bit 30 set, the run length in bits 0…29; its bytes are next in `literalBytes`.
    /// Match: bit 31 set, `length - 3` in bits 15…22, `distance - 1` in bits 0…14.
    let tokens: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    let literalBytes: UnsafeMutablePointer<UInt8>
    private(set) var literalCount = 0
    /// Literal/length alphabet (286 symbols) and distance alphabet (30 symbols).
    let literalFrequencies: UnsafeMutablePointer<UInt32>
    let distanceFrequencies: UnsafeMutablePointer<UInt32>
    /// ``DeflateTables/lengthCode`` and ``DeflateTables/distanceCodeTable`` in raw memory.
    let lengthCode: UnsafeMutablePointer<UInt8>
    let distanceCode: UnsafeMutablePointer<UInt8>

    static func allocate() -> TokenBuffer {
        let literalFrequencies = UnsafeMutablePointer<UInt32>.allocate(capacity: 286)
        literalFrequencies.initialize(repeating: 0, count: 286)
        let distanceFrequencies = UnsafeMutablePointer<UInt32>.allocate(capacity: 30)
        distanceFrequencies.initialize(repeating: 0, count: 30)
        let lengthCode = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        lengthCode.initialize(from: DeflateTables.lengthCode, count: 256)
        let distanceCode = UnsafeMutablePointer<UInt8>.allocate(capacity: 512)
        distanceCode.initialize(from: DeflateTables.distanceCodeTable, count: 512)
        return TokenBuffer(
            tokens: .allocate(capacity: capacity), literalBytes: .allocate(capacity: capacity + 16),
            literalFrequencies: literalFrequencies,
            distanceFrequencies: distanceFrequencies, lengthCode: lengthCode, distanceCode: distanceCode)
    }

    private init(
        tokens: UnsafeMutablePointer<UInt32>, literalBytes: UnsafeMutablePointer<UInt8>,
        literalFrequencies: UnsafeMutablePointer<UInt32>,
        distanceFrequencies: UnsafeMutablePointer<UInt32>, lengthCode: UnsafeMutablePointer<UInt8>,
        distanceCode: UnsafeMutablePointer<UInt8>
    ) {
        self.tokens = tokens
        self.literalBytes = literalBytes
        self.literalFrequencies = literalFrequencies
        self.distanceFrequencies = distanceFrequencies
        self.lengthCode = lengthCode
        self.distanceCode = distanceCode
    }

    func deallocate() {
        tokens.deallocate()
        literalBytes.deallocate()
        literalFrequencies.deallocate()
        distanceFrequencies.deallocate()
        lengthCode.deallocate()
        distanceCode.deallocate()
    }

    /// Room for `extra` more tokens or literal bytes in this block.
    @inline(__always)
    func hasRoom(for extra: Int) -> Bool { count &+ extra <= Self.capacity && literalCount &+ extra <= Self.capacity }

    /// A run of `length` (≥ 1) literal bytes; the caller made sure there is room. `bytes` must be readable for
    /// `length` rounded up to a multiple of 8 (the window and the line have slack behind them): the bytes are
    /// copied a word at a time. Their frequencies are counted when the block ends (``countLiterals()``).
    @inline(__always)
    mutating func literals(_ bytes: UnsafePointer<UInt8>, count length: Int) {
        let out = UnsafeMutableRawPointer(literalBytes + literalCount)
        let source = UnsafeRawPointer(bytes)
        var copied = 0
        repeat {
            out.storeBytes(
                of: source.loadUnaligned(fromByteOffset: copied, as: UInt64.self), toByteOffset: copied, as: UInt64.self
            )
            copied &+= 8
        } while copied < length
        literalCount &+= length
        if count > 0 && tokens[count &- 1] & 0x4000_0000 != 0 {
            tokens[count &- 1] &+= UInt32(truncatingIfNeeded: length)  // extends the previous run
        } else {
            tokens[count] = 0x4000_0000 | UInt32(truncatingIfNeeded: length)
            count &+= 1
        }
    }

    /// Adds the frequencies of the block's literal bytes to ``literalFrequencies``: four interleaved tables, so
    /// that repeated bytes do not wait on each other's increments.
    func countLiterals() {
        let tables = UnsafeMutablePointer<UInt32>.allocate(capacity: 4 * 256)
        defer { tables.deallocate() }
        tables.initialize(repeating: 0, count: 4 * 256)
        let raw = UnsafeRawPointer(literalBytes)
        var index = 0
        while index &+ 8 <= literalCount {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            tables[Int(truncatingIfNeeded: word & 0xFF)] &+= 1
            tables[256 &+ Int(truncatingIfNeeded: (word &>> 8) & 0xFF)] &+= 1
            tables[512 &+ Int(truncatingIfNeeded: (word &>> 16) & 0xFF)] &+= 1
            tables[768 &+ Int(truncatingIfNeeded: (word &>> 24) & 0xFF)] &+= 1
            tables[Int(truncatingIfNeeded: (word &>> 32) & 0xFF)] &+= 1
            tables[256 &+ Int(truncatingIfNeeded: (word &>> 40) & 0xFF)] &+= 1
            tables[512 &+ Int(truncatingIfNeeded: (word &>> 48) & 0xFF)] &+= 1
            tables[768 &+ Int(truncatingIfNeeded: word &>> 56)] &+= 1
            index &+= 8
        }
        while index < literalCount {
            tables[Int(literalBytes[index])] &+= 1
            index &+= 1
        }
        for symbol in 0..<256 {
            literalFrequencies[symbol] &+=
                tables[symbol] &+ tables[256 &+ symbol] &+ tables[512 &+ symbol] &+ tables[768 &+ symbol]
        }
    }

    /// A match token: `length` 3…258 bytes copied from `distance` 1…32768 bytes back.
    @inline(__always)
    mutating func match(length: Int, distance: Int) {
        let lengthIndex = length &- 3
        let distanceIndex = distance &- 1
        tokens[count] = 0x8000_0000 | UInt32(truncatingIfNeeded: lengthIndex << 15 | distanceIndex)
        count &+= 1
        literalFrequencies[257 &+ Int(lengthCode[lengthIndex])] &+= 1
        distanceFrequencies[Int(distanceSymbol(distanceIndex))] &+= 1
    }

    /// The distance code (0…29) of `distance - 1`.
    @inline(__always)
    func distanceSymbol(_ distanceIndex: Int) -> UInt8 {
        distanceIndex < 256 ? distanceCode[distanceIndex] : distanceCode[256 &+ (distanceIndex >> 7)]
    }

    /// Empties the block.
    mutating func removeAll() {
        count = 0
        literalCount = 0
        literalFrequencies.update(repeating: 0, count: 286)
        distanceFrequencies.update(repeating: 0, count: 30)
    }
}
