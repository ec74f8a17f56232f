import CZlib

/// Streaming compression with zlib: append chunks as they are produced, compressed bytes are appended to the
/// caller's buffer, ``finish(to:)`` ends the member.
///
/// Appending after ``finish(to:)`` starts a new member; gzip readers (and ``GzipDecompressor``) read consecutive
/// members as one stream. A class because it owns zlib state; use one instance from one task at a time.
public final class GzipCompressor {
    /// zlib level 0 (store) … 9 (smallest); out-of-range levels are clamped.
    public let level: Int
    /// The container written (gzip by default).
    public let format: DeflateFormat
    /// Bytes given to ``append(_:to:)`` so far.
    public private(set) var uncompressedCount = 0
    /// Bytes appended to the output so far.
    public private(set) var compressedCount = 0

    private let stream: UnsafeMutablePointer<z_stream>
    private let scratch: UnsafeMutablePointer<UInt8>
    private static let scratchSize = 64 * 1024
    /// The last member was finished; the next append starts a new one.
    private var finished = false

    /// A compressor; level 6 is zlib's default balance, 1 the fastest.
    public init(level: Int = 6, format: DeflateFormat = .gzip) {
        self.level = min(max(level, 0), 9)
        self.format = format
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        scratch = .allocate(capacity: Self.scratchSize)
        let result = finops_deflateInit2(
            stream, Int32(self.level), Z_DEFLATED, format.windowBits, 8, Z_DEFAULT_STRATEGY)
        // The arguments are valid by construction, so only a failed allocation can get here.
        precondition(result == Z_OK, "zlib deflateInit2 failed (\(result)): out of memory")
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        scratch.deallocate()
    }

    /// Compresses `input`, appending what zlib emits (possibly nothing yet) to `output`.
    public func append(_ input: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        if finished {
            deflateReset(stream)
            finished = false
        }
        uncompressedCount += input.count
        var offset = 0
        while offset < input.count {
            // avail_in is 32-bit: feed at most 1 GiB at a time.
            let piece = min(input.count - offset, 1 << 30)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(piece)
            run(flush: Z_NO_FLUSH, to: &output)
            offset += piece
        }
        stream.pointee.next_in = nil
    }

    /// Compresses `input`, appending what zlib emits to `output`.
    public func append(_ input: [UInt8], to output: inout [UInt8]) {
        input.withUnsafeBytes { append($0, to: &output) }
    }

    /// Ends the member (for gzip: CRC-32 and size), appending the rest of the output. A compressor that was given
    /// nothing still writes a valid empty member; calling it twice in a row adds nothing.
    public func finish(to output: inout [UInt8]) {
        guard !finished else { return }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        run(flush: Z_FINISH, to: &output)
        finished = true
    }

    /// Calls deflate until it has taken all input (and, when finishing, written the trailer).
    private func run(flush: Int32, to output: inout [UInt8]) {
        while true {
            stream.pointee.next_out = scratch
            stream.pointee.avail_out = uInt(Self.scratchSize)
            let result = deflate(stream, flush)
            let produced = Self.scratchSize - Int(stream.pointee.avail_out)
            if produced > 0 {
                output.append(contentsOf: UnsafeBufferPointer(start: scratch, count: produced))
                compressedCount += produced
            }
            // Z_STREAM_ERROR means inconsistent state, which this class never creates; stop rather than spin.
            guard result == Z_OK || result == Z_BUF_ERROR else { return }
            if flush == Z_FINISH { continue }
            if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { return }
        }
    }
}
