import Codecs
import Testing

@Suite struct CodecsTests {
    /// FOCUS-like text: repetitive enough to compress, varied enough to exercise matches and literals.
    static let sample: [UInt8] = Array(
        (0..<20_000).map { "row \($0),AWS,Compute,\($0 % 97).125,2026-11-\($0 % 28 + 1)T00:00:00Z\n" }.joined().utf8)

    @Test func zstdRoundTrips() throws {
        for input in [[], [0x41], Self.sample] as [[UInt8]] {
            let frame = Zstd.compress(input)
            #expect(Array(frame.prefix(4)) == Zstd.magic)
            #expect(try Zstd.decompress(frame) == input)
        }
        #expect(Zstd.compress(Self.sample).count < Self.sample.count / 5)
    }

    @Test func zstdRefusesDamageAndOversizedFrames() {
        let frame = Zstd.compress(Self.sample)
        #expect(throws: CodecError.self) { try Zstd.decompress(Array(frame.prefix(frame.count / 2))) }
        #expect(throws: CodecError.self) { try Zstd.decompress([1, 2, 3, 4, 5, 6]) }
        #expect(throws: CodecError.self) { try Zstd.decompress(frame, limit: 1000) }
    }

    @Test func zstdStreamsFramesThatReadBackAsOne() throws {
        let compressor = ZstdCompressor()
        var output: [UInt8] = []
        for chunk in stride(from: 0, to: Self.sample.count, by: 7_777) {
            compressor.append(Array(Self.sample[chunk..<min(chunk + 7_777, Self.sample.count)]), to: &output)
        }
        compressor.finish(to: &output)
        compressor.finish(to: &output)
        #expect(compressor.uncompressedCount == Self.sample.count)
        // A streamed frame does not record its size: the one-shot decoder says so rather than guessing.
        #expect(throws: CodecError.self) { try Zstd.decompress(output) }
        #expect(output.count < Self.sample.count / 5)
        // Two frames (finish, then more input) decode as one stream, fed in small pieces.
        compressor.append(Array("tail".utf8), to: &output)
        compressor.finish(to: &output)
        let decompressor = ZstdDecompressor()
        var decoded: [UInt8] = []
        for chunk in stride(from: 0, to: output.count, by: 1_000) {
            try decompressor.append(Array(output[chunk..<min(chunk + 1_000, output.count)]), to: &decoded)
        }
        try decompressor.finish()
        #expect(decoded == Self.sample + Array("tail".utf8))
    }

    @Test func zstdStreamsRefuseTruncationAndBombs() throws {
        let frame = Zstd.compress(Self.sample)
        let truncated = ZstdDecompressor()
        var output: [UInt8] = []
        try truncated.append(Array(frame.prefix(frame.count - 3)), to: &output)
        #expect(throws: CodecError.self) { try truncated.finish() }
        let bounded = ZstdDecompressor(limit: 10_000)
        #expect(throws: CodecError.self) { try bounded.append(frame, to: &output) }
    }

    @Test func snappyRoundTrips() throws {
        for input in [[], [0x41], Self.sample] as [[UInt8]] {
            #expect(try Snappy.decompress(Snappy.compress(input)) == input)
        }
        #expect(Snappy.compress(Self.sample).count < Self.sample.count / 2)
    }

    @Test func snappyRefusesDamageAndOversizedBlocks() {
        let block = Snappy.compress(Self.sample)
        #expect(throws: CodecError.self) { try Snappy.decompress(Array(block.prefix(block.count / 2))) }
        #expect(throws: CodecError.self) { try Snappy.decompress(block, limit: 1000) }
    }
}
