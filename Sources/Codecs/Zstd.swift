import CZstd

/// One-shot zstd frames (a Parquet page, a metadata file): the frame records its content size, so decompression
/// allocates once.
public enum Zstd {
    /// The level Parquet writers use by default: the best size/speed point measured on FOCUS data.
    public static let defaultLevel = 3

    /// The four bytes every zstd frame starts with.
    public static let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    /// `input` as one zstd frame.
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int = defaultLevel) -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        return [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            let written = ZSTD_compress(buffer.baseAddress, bound, input.baseAddress, input.count, Int32(level))
            // With a bound-sized buffer only an allocation failure can fail.
            precondition(ZSTD_isError(written) == 0, "zstd: \(String(cString: ZSTD_getErrorName(written)))")
            count = written
        }
    }

    /// `input` as one zstd frame.
    public static func compress(_ input: [UInt8], level: Int = defaultLevel) -> [UInt8] {
        input.withUnsafeBytes { compress($0, level: level) }
    }

    /// The content of a frame that declares its size (as ``compress(_:level:)`` writes it), at most `limit` bytes.
    public static func decompress(_ input: UnsafeRawBufferPointer, limit: Int = .max) throws(CodecError) -> [UInt8] {
        let size = ZSTD_getFrameContentSize(input.baseAddress, input.count)
        if size == ZSTD_CONTENTSIZE_ERROR { throw CodecError(codec: "zstd", message: "not a zstd frame") }
        if size == ZSTD_CONTENTSIZE_UNKNOWN {
            throw CodecError(codec: "zstd", message: "the frame does not record its size")
        }
        guard size <= UInt64(limit) else {
            throw CodecError(codec: "zstd", message: "the frame holds \(size) bytes, more than \(limit)")
        }
        var failure: String?
        let output = [UInt8](unsafeUninitializedCapacity: Int(size)) { buffer, count in
            let written = ZSTD_decompress(buffer.baseAddress, Int(size), input.baseAddress, input.count)
            if ZSTD_isError(written) != 0 {
                failure = String(cString: ZSTD_getErrorName(written))
                count = 0
            } else {
                count = written
            }
        }
        if let failure { throw CodecError(codec: "zstd", message: failure) }
        guard output.count == Int(size) else {
            throw CodecError(codec: "zstd", message: "the frame decoded to \(output.count) of \(size) bytes")
        }
        return output
    }

    /// The content of a frame that declares its size, at most `limit` bytes.
    public static func decompress(_ input: [UInt8], limit: Int = .max) throws(CodecError) -> [UInt8] {
        let result = input.withUnsafeBytes { buffer in
            Result { () throws(CodecError) in try decompress(buffer, limit: limit) }
        }
        return try result.get()
    }
}
