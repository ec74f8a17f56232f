import Gzip
import Testing

@Suite struct RoundTripTests {
    @Test(arguments: [0, 1, 100, 65_535, 65_536, 300_000])
    func oneShotRoundTrips(count: Int) throws {
        for compressible in [true, false] {
            let input = TestData.bytes(count, seed: UInt64(count), compressible: compressible)
            let compressed = Gzip.compress(input)
            #expect(Gzip.hasMagic(compressed))
            #expect(try Gzip.decompress(compressed) == input)
            if compressible && count > 1000 { #expect(compressed.count * 2 < input.count) }
        }
    }

    @Test func everyChunkSizeDecodesTheSameBytes() throws {
        let input = TestData.bytes(3_000, seed: 1)
        let compressed = Gzip.compress(input)
        for size in Array(1...64) + [100, 333, 1000, compressed.count] {
            #expect(try TestData.decompress(compressed, chunkSize: size) == input, "chunk size \(size)")
        }
    }

    @Test func everySplitIntoTwoChunksDecodesTheSameBytes() throws {
        let input = TestData.bytes(600, seed: 2)
        let compressed = Gzip.compress(input)
        for split in 0...compressed.count {
            let decompressor = GzipDecompressor()
            let output =
                try decompressor.decompress(Array(compressed[..<split]))
                + decompressor.decompress(Array(compressed[split...]))
            try decompressor.finish()
            #expect(output == input, "split at \(split)")
        }
    }

    @Test func streamingCompressionInAnyChunkingEqualsTheInput() throws {
        let input = TestData.bytes(200_000, seed: 3)
        for size in [1, 17, 4096, 65_536, 200_000] {
            let compressor = GzipCompressor(level: 1)
            var compressed: [UInt8] = []
            for start in stride(from: 0, to: input.count, by: size) {
                compressor.append(Array(input[start..<min(start + size, input.count)]), to: &compressed)
            }
            compressor.finish(to: &compressed)
            #expect(compressor.uncompressedCount == input.count)
            #expect(compressor.compressedCount == compressed.count)
            #expect(try Gzip.decompress(compressed) == input, "chunk size \(size)")
        }
    }

    @Test(arguments: DeflateFormat.allCases)
    func everyFormatRoundTrips(format: DeflateFormat) throws {
        let input = TestData.bytes(50_000, seed: 4)
        for level in [0, 1, 6, 9, -3, 42] {
            let compressed = Gzip.compress(input, level: level, format: format)
            #expect(try Gzip.decompress(compressed, format: format) == input)
            #expect(try TestData.decompress(compressed, chunkSize: 999, format: format) == input)
            #expect(Gzip.hasMagic(compressed) == (format == .gzip))
        }
    }

    @Test func emptyInputMakesAValidEmptyMember() throws {
        let compressed = Gzip.compress([UInt8]())
        #expect(compressed.count == 20)
        #expect(try Gzip.decompress(compressed) == [])
        var output: [UInt8] = []
        let compressor = GzipCompressor()
        compressor.finish(to: &output)
        compressor.finish(to: &output)  // a second finish adds nothing
        #expect(output == compressed)
    }

    @Test func appendingAfterFinishStartsANewMember() throws {
        let compressor = GzipCompressor()
        var output: [UInt8] = []
        compressor.append(Array("first\n".utf8), to: &output)
        compressor.finish(to: &output)
        let firstMember = output.count
        compressor.append(Array("second\n".utf8), to: &output)
        compressor.finish(to: &output)
        #expect(Gzip.hasMagic(output[firstMember...]))
        let decompressor = GzipDecompressor()
        #expect(try decompressor.decompress(output) == Array("first\nsecond\n".utf8))
        #expect(decompressor.completedMembers == 2)
    }

    @Test func outputCanBeStreamedWithoutCollectingIt() throws {
        let input = TestData.bytes(500_000, seed: 5)
        let compressed = Gzip.compress(input)
        let decompressor = GzipDecompressor()
        var pieces = 0
        var total = 0
        var crcOfPieces: [UInt8] = []
        try compressed.withUnsafeBytes { bytes in
            try decompressor.decompress(bytes) { piece in
                pieces += 1
                total += piece.count
                #expect(piece.count <= 64 * 1024)
                if pieces == 1 { crcOfPieces = Array(piece.prefix(16)) }
            }
        }
        try decompressor.finish()
        #expect(total == input.count)
        #expect(decompressor.decompressedCount == input.count)
        #expect(pieces >= input.count / (64 * 1024))
        #expect(crcOfPieces == Array(input.prefix(16)))
    }

    @Test func magicNeedsBothBytes() {
        #expect(Gzip.hasMagic([0x1F, 0x8B, 0x08]))
        #expect(Gzip.hasMagic([0x1F, 0x8B][...]))
        #expect(!Gzip.hasMagic([0x1F]))
        #expect(!Gzip.hasMagic([]))
        #expect(!Gzip.hasMagic(Array("BilledCost".utf8)))
    }
}
