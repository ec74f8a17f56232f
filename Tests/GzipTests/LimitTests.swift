import Gzip
import Testing

@Suite struct LimitTests {
    @Test func outputUpToTheLimitIsFine() throws {
        let input = TestData.bytes(100_000, seed: 30)
        #expect(try Gzip.decompress(Gzip.compress(input), limit: 100_000) == input)
    }

    @Test func oneByteOverTheLimitIsTooLarge() {
        let compressed = Gzip.compress(TestData.bytes(100_000, seed: 31))
        #expect(TestData.error { _ = try Gzip.decompress(compressed, limit: 99_999) }?.code == .tooLarge)
    }

    @Test func limitCoversAllMembers() {
        let joined = Gzip.compress(TestData.bytes(600, seed: 32)) + Gzip.compress(TestData.bytes(600, seed: 33))
        #expect(TestData.error { _ = try Gzip.decompress(joined, limit: 1_000) }?.code == .tooLarge)
    }

    @Test func aBombStopsEarlyWithoutProducingItsOutput() throws {
        // 64 MiB of zeros compress to about 250 KiB.
        let compressor = GzipCompressor(level: 1)
        var bomb: [UInt8] = []
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        for _ in 0..<64 { compressor.append(zeros, to: &bomb) }
        compressor.finish(to: &bomb)
        #expect(bomb.count < 1 << 20)
        let decompressor = GzipDecompressor(limit: 4 << 20)
        var produced = 0
        let error = TestData.error {
            try bomb.withUnsafeBytes { bytes in
                try decompressor.decompress(bytes) { produced += $0.count }
            }
        }
        #expect(error?.code == .tooLarge)
        #expect(produced == 4 << 20)
        #expect(decompressor.decompressedCount == 4 << 20)
    }
}
