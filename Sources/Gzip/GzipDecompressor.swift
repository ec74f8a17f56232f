import CZlib

/// Why gzip input could not be decompressed.
public struct GzipError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Not gzip, or corrupt data (bad header, CRC or length mismatch).
        case corrupt
        /// The input ended inside a member.
        case truncated
        /// The output would exceed the decompressor's limit.
        case tooLarge
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// A streaming gzip decompressor: feed compressed chunks as they arrive, get the bytes they decode to.
///
/// Concatenated members (as `cat a.gz b.gz` makes, and as HTTP bodies may carry) decode as one stream. The output
/// limit stops decompression bombs.
public final class GzipDecompressor {
    private let stream: UnsafeMutablePointer<z_stream>
    /// Most bytes this decompressor produces in total.
    public let limit: Int
    public private(set) var produced = 0
    /// Whether the last member ended (no partial member pending).
    private var atMemberEnd = true
    private var sawInput = false

    public init(limit: Int = 1 << 40) {
        self.limit = limit
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let result = finops_inflateInit2(stream, 15 + 16)
        precondition(result == Z_OK, "inflateInit2 failed: \(result)")
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Decompresses `input`; returns the bytes it decodes to (possibly none).
    public func decompress(_ input: UnsafeRawBufferPointer) throws(GzipError) -> [UInt8] {
        var output: [UInt8] = []
        guard !input.isEmpty else { return output }
        sawInput = true
        var remaining = input
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while !remaining.isEmpty {
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: remaining.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(remaining.count)
            let (result, count) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(buffer.count)
                let result = inflate(stream, Z_NO_FLUSH)
                return (result, buffer.count - Int(stream.pointee.avail_out))
            }
            let consumed = remaining.count - Int(stream.pointee.avail_in)
            remaining = UnsafeRawBufferPointer(rebasing: remaining[consumed...])
            produced += count
            guard produced <= limit else {
                throw GzipError(.tooLarge, "the decompressed data exceeds \(limit) bytes")
            }
            output.append(contentsOf: chunk[0..<count])
            switch result {
            case Z_OK, Z_BUF_ERROR:
                atMemberEnd = false
                if consumed == 0 && count == 0 { return output }
            case Z_STREAM_END:
                atMemberEnd = true
                inflateReset(stream)
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(result)"
                throw GzipError(.corrupt, "not valid gzip data (\(message))")
            }
        }
        return output
    }

    public func decompress(_ input: [UInt8]) throws(GzipError) -> [UInt8] {
        let result: Result<[UInt8], GzipError> = input.withUnsafeBytes { bytes in
            Result { () throws(GzipError) -> [UInt8] in try decompress(bytes) }
        }
        return try result.get()
    }

    /// Ends the input; throws when it stopped inside a member.
    public func finish() throws(GzipError) {
        guard atMemberEnd else { throw GzipError(.truncated, "the gzip data ends before its last member is complete") }
    }
}

/// One-shot helpers.
public enum Gzip {
    /// Whether `prefix` starts with the gzip magic bytes.
    public static func hasMagic(_ prefix: some Collection<UInt8>) -> Bool {
        prefix.count >= 2 && prefix[prefix.startIndex] == 0x1F && prefix.dropFirst().first == 0x8B
    }

    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        let compressor = GzipCompressor(level: level)
        var output: [UInt8] = []
        compressor.append(bytes, to: &output)
        compressor.finish(to: &output)
        return output
    }

    public static func decompress(_ bytes: [UInt8], limit: Int = 1 << 40) throws(GzipError) -> [UInt8] {
        let decompressor = GzipDecompressor(limit: limit)
        let output = try decompressor.decompress(bytes)
        try decompressor.finish()
        return output
    }
}
