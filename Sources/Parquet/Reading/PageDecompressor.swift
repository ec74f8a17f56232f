import Codecs
import Gzip

/// Restores a page body with the chunk's codec: never more than the size the page header declares (the guard
/// against decompression bombs), and exactly that size or an error.
enum PageDecompressor {
    /// `bytes[range]` decompressed with `codec` to exactly `size` bytes.
    static func decompress(
        _ bytes: [UInt8], range: Range<Int>, codec: CompressionCodec, size: Int
    ) throws -> [UInt8] {
        if range.isEmpty && size == 0 { return [] }
        let output: [UInt8]
        do {
            switch codec {
            case .uncompressed:
                output = Array(bytes[range])
            case .snappy:
                output = try bytes[range].withUnsafeBytes { try Snappy.decompress($0, limit: size) }
            case .gzip:
                output = try Gzip.decompress(bytes[range], limit: size)
            case .zstd:
                output = try bytes[range].withUnsafeBytes { try zstd($0, size: size) }
            }
        } catch let error as CodecError {
            throw ParquetReadError(.corrupt, "\(codecName(codec)) page: \(error.message)")
        } catch let error as GzipError {
            throw ParquetReadError(.corrupt, "GZIP page: \(error.message)")
        }
        guard output.count == size else {
            throw ParquetReadError(
                .corrupt, "the page decompresses to \(output.count) bytes, its header says \(size)")
        }
        return output
    }

    /// One zstd frame that records its size is decoded in one call; anything else (no size, several frames) is
    /// streamed, capped at `size` bytes.
    private static func zstd(_ input: UnsafeRawBufferPointer, size: Int) throws(CodecError) -> [UInt8] {
        if let output = try? Zstd.decompress(input, limit: size), output.count == size { return output }
        let decompressor = ZstdDecompressor(limit: size)
        var output: [UInt8] = []
        output.reserveCapacity(size)
        try decompressor.append(input, to: &output)
        try decompressor.finish()
        return output
    }

    static func codecName(_ codec: CompressionCodec) -> String {
        switch codec {
        case .uncompressed: "UNCOMPRESSED"
        case .snappy: "SNAPPY"
        case .gzip: "GZIP"
        case .zstd: "ZSTD"
        }
    }
}
