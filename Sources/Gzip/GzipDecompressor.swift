import CZlib

/// Streaming decompression with zlib: feed compressed chunks as they arrive (an HTTP body, a `.csv.gz` read in
/// pieces) and get the bytes they decode to.
///
/// Guarantees:
/// - gzip input may hold several members one after the other (`cat a.gz b.gz`, a body assembled from parts);
///   they decode as one stream. Zero bytes between or after members (padding some writers add) are skipped.
/// - Damage is reported, never decoded around: a bad header, an invalid block or a checksum or length mismatch
///   throws ``GzipError/Code/corrupt``; input that stops inside a member makes ``finish()`` throw
///   ``GzipError/Code/truncated``.
/// - Output beyond ``limit`` bytes is never produced: decompression stops with ``GzipError/Code/tooLarge``
///   after at most one buffer (64 KiB) of work past it, so a small bomb cannot exhaust memory.
/// - After an error every call throws that error again.
///
/// A class because it owns zlib state; use one instance from one task at a time.
public final class GzipDecompressor {
    /// Most bytes this decompressor produces in total.
    public let limit: Int
    /// The container expected (gzip by default).
    public let format: DeflateFormat
    /// Bytes produced so far.
    public private(set) var decompressedCount = 0
    /// Members (or zlib/raw streams) decoded completely so far.
    public private(set) var completedMembers = 0

    private let stream: UnsafeMutablePointer<z_stream>
    private let scratch: UnsafeMutablePointer<UInt8>
    private static let scratchSize = 64 * 1024
    /// Bytes of a member that has not ended have been fed.
    private var inMember = false
    private var failure: GzipError?

    /// A decompressor that produces at most `limit` bytes in total.
    public init(limit: Int = .max, format: DeflateFormat = .gzip) {
        self.limit = max(limit, 0)
        self.format = format
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        scratch = .allocate(capacity: Self.scratchSize)
        let result = finops_inflateInit2(stream, format.windowBits)
        // The arguments are valid by construction, so only a failed allocation can get here.
        precondition(result == Z_OK, "zlib inflateInit2 failed (\(result)): out of memory")
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        scratch.deallocate()
    }

    /// Decodes `input`, handing the output to `output` in pieces of up to 64 KiB (valid only during the call):
    /// the way to serve a large body without holding it decompressed.
    public func decompress(_ input: UnsafeRawBufferPointer, output: (UnsafeRawBufferPointer) -> Void) throws(GzipError)
    {
        if let failure { throw failure }
        do {
            try run(input, output)
        } catch {
            failure = error
            throw error
        }
    }

    /// Decodes `input`; returns what it decodes to (possibly nothing, when a chunk ends inside a block).
    public func decompress(_ input: UnsafeRawBufferPointer) throws(GzipError) -> [UInt8] {
        var result: [UInt8] = []
        try decompress(input) { result.append(contentsOf: $0) }
        return result
    }

    /// Decodes `input`; returns what it decodes to.
    public func decompress(_ input: [UInt8]) throws(GzipError) -> [UInt8] {
        var result: [UInt8] = []
        let outcome: GzipError? = input.withUnsafeBytes { bytes in
            do throws(GzipError) {
                try decompress(bytes) { result.append(contentsOf: $0) }
                return nil
            } catch {
                return error
            }
        }
        if let outcome { throw outcome }
        return result
    }

    /// Ends the input: throws ``GzipError/Code/truncated`` when it stopped inside a member or held no member.
    public func finish() throws(GzipError) {
        if let failure { throw failure }
        if inMember {
            throw GzipError(.truncated, "the \(format.rawValue) data ends before its last member is complete")
        }
        if completedMembers == 0 { throw GzipError(.truncated, "there is no \(format.rawValue) data") }
    }

    private func run(_ input: UnsafeRawBufferPointer, _ output: (UnsafeRawBufferPointer) -> Void) throws(GzipError) {
        guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self), !input.isEmpty else { return }
        let count = input.count
        var offset = 0
        var outputFull = false
        while offset < count || outputFull {
            if !inMember && !outputFull {
                if format == .gzip && completedMembers > 0 {
                    while offset < count && base[offset] == 0 { offset += 1 }
                    if offset == count { return }
                } else if format != .gzip && completedMembers > 0 {
                    throw GzipError(.corrupt, "\(count - offset) bytes follow the end of the \(format.rawValue) stream")
                }
            }
            let piece = min(count - offset, 1 << 30)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: base + offset)
            stream.pointee.avail_in = uInt(piece)
            // Room for one byte past the limit, so that reaching it exactly is not an error and passing it is.
            let room = limit - decompressedCount
            let capacity = room >= Self.scratchSize ? Self.scratchSize : room + 1
            stream.pointee.next_out = scratch
            stream.pointee.avail_out = uInt(capacity)
            let result = inflate(stream, Z_NO_FLUSH)
            let consumed = piece - Int(stream.pointee.avail_in)
            let produced = capacity - Int(stream.pointee.avail_out)
            stream.pointee.next_in = nil
            offset += consumed
            if produced > room {
                throw GzipError(.tooLarge, "the decompressed data exceeds the limit of \(limit) bytes")
            }
            if produced > 0 {
                decompressedCount += produced
                output(UnsafeRawBufferPointer(start: scratch, count: produced))
            }
            outputFull = stream.pointee.avail_out == 0
            switch result {
            case Z_STREAM_END:
                completedMembers += 1
                inMember = false
                outputFull = false
                if format == .gzip { inflateReset(stream) }
            case Z_OK, Z_BUF_ERROR:
                if consumed > 0 { inMember = true }
                // No progress at all: zlib needs more input than this chunk has left (it has taken everything).
                if consumed == 0 && produced == 0 { return }
            case Z_MEM_ERROR:
                throw GzipError(.outOfMemory, "zlib ran out of memory")
            case Z_NEED_DICT:
                throw GzipError(.corrupt, "the \(format.rawValue) stream needs a preset dictionary")
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(result)"
                throw GzipError(.corrupt, "the \(format.rawValue) data is damaged: \(reason)")
            }
        }
    }
}
