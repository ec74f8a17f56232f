/// One-shot compression and decompression, and recognising gzip by its first bytes.
public enum Gzip {
    /// The two bytes every gzip member starts with.
    public static let magic: [UInt8] = [0x1F, 0x8B]

    /// Whether `prefix` starts with the gzip magic bytes (a `.csv.gz` without a telling name or content type).
    public static func hasMagic(_ prefix: some Collection<UInt8>) -> Bool {
        var bytes = prefix.makeIterator()
        return bytes.next() == magic[0] && bytes.next() == magic[1]
    }

    /// `bytes` compressed as one member.
    public static func compress(_ bytes: UnsafeRawBufferPointer, level: Int = 6, format: DeflateFormat = .gzip)
        -> [UInt8]
    {
        let compressor = GzipCompressor(level: level, format: format)
        var output: [UInt8] = []
        compressor.append(bytes, to: &output)
        compressor.finish(to: &output)
        return output
    }

    /// `bytes` compressed as one member.
    public static func compress(_ bytes: some Collection<UInt8>, level: Int = 6, format: DeflateFormat = .gzip)
        -> [UInt8]
    {
        if let output = bytes.withContiguousStorageIfAvailable({
            compress(UnsafeRawBufferPointer($0), level: level, format: format)
        }) {
            return output
        }
        return Array(bytes).withUnsafeBytes { compress($0, level: level, format: format) }
    }

    /// Everything `bytes` decodes to (all members); throws ``GzipError`` when it is damaged, incomplete or
    /// decodes to more than `limit` bytes.
    public static func decompress(_ bytes: UnsafeRawBufferPointer, limit: Int = .max, format: DeflateFormat = .gzip)
        throws(GzipError) -> [UInt8]
    {
        let decompressor = GzipDecompressor(limit: limit, format: format)
        let output = try decompressor.decompress(bytes)
        try decompressor.finish()
        return output
    }

    /// Everything `bytes` decodes to (all members); throws ``GzipError`` as the raw-buffer variant does.
    public static func decompress(_ bytes: some Collection<UInt8>, limit: Int = .max, format: DeflateFormat = .gzip)
        throws(GzipError) -> [UInt8]
    {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(GzipError) in
                try decompress(UnsafeRawBufferPointer(buffer), limit: limit, format: format)
            }
        }
        if let contiguous { return try contiguous.get() }
        let copy = Array(bytes)
        let result = copy.withUnsafeBytes { buffer in
            Result { () throws(GzipError) in try decompress(buffer, limit: limit, format: format) }
        }
        return try result.get()
    }
}
