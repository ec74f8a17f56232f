import CZstd

/// Streaming zstd (a `.csv.zst` file written as rows arrive): append chunks, compressed bytes are appended to the
/// caller's buffer, ``finish(to:)`` ends the frame. A class because it owns the zstd context; one task at a time.
public final class ZstdCompressor {
    public let level: Int
    /// Bytes given to ``append(_:to:)`` so far.
    public private(set) var uncompressedCount = 0
    private let context: OpaquePointer
    private let scratch: UnsafeMutableRawBufferPointer
    private var finished = false

    public init(level: Int = Zstd.defaultLevel) {
        self.level = level
        guard let context = ZSTD_createCCtx() else { preconditionFailure("zstd: out of memory") }
        self.context = context
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(level))
        scratch = .allocate(byteCount: ZSTD_CStreamOutSize(), alignment: 16)
    }

    deinit {
        ZSTD_freeCCtx(context)
        scratch.deallocate()
    }

    /// Compresses `input`, appending what zstd emits (possibly nothing yet) to `output`.
    public func append(_ input: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        guard !input.isEmpty else { return }
        if finished {
            ZSTD_CCtx_reset(context, ZSTD_reset_session_only)
            finished = false
        }
        uncompressedCount += input.count
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while source.pos < source.size { run(&source, ZSTD_e_continue, to: &output) }
    }

    public func append(_ input: [UInt8], to output: inout [UInt8]) {
        input.withUnsafeBytes { append($0, to: &output) }
    }

    /// Ends the frame; the next append starts another (readers read consecutive frames as one stream).
    public func finish(to output: inout [UInt8]) {
        guard !finished else { return }
        var source = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        while run(&source, ZSTD_e_end, to: &output) != 0 {}
        finished = true
    }

    /// One call of ZSTD_compressStream2; returns what zstd still has to flush.
    @discardableResult
    private func run(_ source: inout ZSTD_inBuffer, _ directive: ZSTD_EndDirective, to output: inout [UInt8]) -> Int {
        var target = ZSTD_outBuffer(dst: scratch.baseAddress, size: scratch.count, pos: 0)
        let remaining = ZSTD_compressStream2(context, &target, &source, directive)
        // Our own buffers and a valid context: only memory exhaustion can fail here.
        precondition(ZSTD_isError(remaining) == 0, "zstd: \(String(cString: ZSTD_getErrorName(remaining)))")
        output.append(contentsOf: UnsafeRawBufferPointer(start: scratch.baseAddress, count: target.pos))
        return remaining
    }
}
