import CZlib

/// A streaming gzip compressor over zlib: append chunks, then finish. Output is one gzip member. A class (it owns
/// zlib state); use it from one task at a time.
public final class GzipCompressor {
    private let stream: UnsafeMutablePointer<z_stream>
    private var finished = false

    /// `level` 1 (fast) … 9 (small); 6 is zlib's default.
    public init(level: Int32 = 6) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: gzip framing. Only fails on bad arguments or out of memory.
        let result = finops_deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        precondition(result == Z_OK, "deflateInit2 failed: \(result)")
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `input`, appending what zlib emits to `output`.
    public func append(_ input: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        precondition(!finished, "append after finish")
        run(input, flush: Z_NO_FLUSH, to: &output)
    }

    public func append(_ input: [UInt8], to output: inout [UInt8]) {
        input.withUnsafeBytes { append($0, to: &output) }
    }

    /// Ends the member (trailer with CRC and size).
    public func finish(to output: inout [UInt8]) {
        guard !finished else { return }
        finished = true
        run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, to: &output)
    }

    private func run(_ input: UnsafeRawBufferPointer, flush: Int32, to output: inout [UInt8]) {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let (result, produced) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(buffer.count)
                let result = deflate(stream, flush)
                return (result, buffer.count - Int(stream.pointee.avail_out))
            }
            output.append(contentsOf: chunk[0..<produced])
            if flush == Z_FINISH {
                if result == Z_STREAM_END { break }
            } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 {
                break
            }
        }
        stream.pointee.next_in = nil
    }
}
