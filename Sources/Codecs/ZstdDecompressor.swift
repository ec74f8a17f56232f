import CZstd

/// Streaming zstd decoding (a `.csv.zst` body as it arrives, frames with or without a recorded size): feed chunks,
/// decoded bytes are appended to the caller's buffer; ``finish()`` checks that the last frame was complete.
public final class ZstdDecompressor {
    /// The most bytes the whole stream may decode to (a guard against decompression bombs).
    public let limit: Int
    public private(set) var decompressedCount = 0
    private let context: OpaquePointer
    private let scratch: UnsafeMutableRawBufferPointer
    /// zstd's hint after the last call: 0 when a frame just ended.
    private var pending = 0

    public init(limit: Int = .max) {
        self.limit = limit
        guard let context = ZSTD_createDCtx() else { preconditionFailure("zstd: out of memory") }
        self.context = context
        scratch = .allocate(byteCount: ZSTD_DStreamOutSize(), alignment: 16)
    }

    deinit {
        ZSTD_freeDCtx(context)
        scratch.deallocate()
    }

    /// Decodes `input`, appending the bytes it yields to `output`.
    public func append(_ input: UnsafeRawBufferPointer, to output: inout [UInt8]) throws(CodecError) {
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while source.pos < source.size {
            var target = ZSTD_outBuffer(dst: scratch.baseAddress, size: scratch.count, pos: 0)
            let hint = ZSTD_decompressStream(context, &target, &source)
            if ZSTD_isError(hint) != 0 {
                throw CodecError(codec: "zstd", message: String(cString: ZSTD_getErrorName(hint)))
            }
            decompressedCount += target.pos
            guard decompressedCount <= limit else {
                throw CodecError(codec: "zstd", message: "the stream decodes to more than \(limit) bytes")
            }
            output.append(contentsOf: UnsafeRawBufferPointer(start: scratch.baseAddress, count: target.pos))
            pending = hint
        }
    }

    public func append(_ input: [UInt8], to output: inout [UInt8]) throws(CodecError) {
        let result = input.withUnsafeBytes { buffer in
            Result { () throws(CodecError) in try append(buffer, to: &output) }
        }
        try result.get()
    }

    /// Throws when the stream ended inside a frame.
    public func finish() throws(CodecError) {
        guard pending == 0 else { throw CodecError(codec: "zstd", message: "the stream ends inside a frame") }
    }
}
