import CSnappy

/// Raw snappy blocks, as Parquet pages use them (no framing format).
public enum Snappy {
    public static func compress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        let bound = snappy_max_compressed_length(input.count)
        return [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            var length = bound
            let status = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bound) { target in
                snappy_compress(input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count, target, &length)
            }
            precondition(status == SNAPPY_OK, "snappy: a bound-sized buffer was too small")
            count = length
        }
    }

    public static func compress(_ input: [UInt8]) -> [UInt8] { input.withUnsafeBytes { compress($0) } }

    /// A block's content, at most `limit` bytes.
    public static func decompress(_ input: UnsafeRawBufferPointer, limit: Int = .max) throws(CodecError) -> [UInt8] {
        let source = input.baseAddress?.assumingMemoryBound(to: CChar.self)
        var size = 0
        guard snappy_uncompressed_length(source, input.count, &size) == SNAPPY_OK else {
            throw CodecError(codec: "snappy", message: "not a snappy block")
        }
        guard size <= limit else {
            throw CodecError(codec: "snappy", message: "the block holds \(size) bytes, more than \(limit)")
        }
        var status = SNAPPY_OK
        let output = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, count in
            var length = size
            status = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(size, 1)) { target in
                snappy_uncompress(source, input.count, target, &length)
            }
            count = status == SNAPPY_OK ? length : 0
        }
        guard status == SNAPPY_OK else { throw CodecError(codec: "snappy", message: "damaged block") }
        return output
    }

    public static func decompress(_ input: [UInt8], limit: Int = .max) throws(CodecError) -> [UInt8] {
        let result = input.withUnsafeBytes { buffer in
            Result { () throws(CodecError) in try decompress(buffer, limit: limit) }
        }
        return try result.get()
    }
}
