import Gzip
import Testing

@Suite struct DamagedInputTests {
    @Test func everyTruncationIsReported() {
        let compressed = Gzip.compress(TestData.bytes(2_000, seed: 20))
        for length in 0..<compressed.count {
            let error = TestData.error { _ = try TestData.decompress(Array(compressed[..<length]), chunkSize: 97) }
            #expect(error?.code == .truncated, "cut at \(length)")
        }
    }

    @Test func aBadHeaderIsCorrupt() {
        var compressed = Gzip.compress(Array("data".utf8))
        compressed[0] = 0x1E
        #expect(TestData.error { _ = try Gzip.decompress(compressed) }?.code == .corrupt)
        #expect(TestData.error { _ = try Gzip.decompress(Array("not gzip at all".utf8)) }?.code == .corrupt)
    }

    @Test func checksumAndLengthMismatchesAreCorrupt() {
        let compressed = Gzip.compress(TestData.bytes(5_000, seed: 21))
        for position in [compressed.count - 8, compressed.count - 5, compressed.count - 4, compressed.count - 1] {
            var damaged = compressed
            damaged[position] ^= 0x01
            #expect(TestData.error { _ = try Gzip.decompress(damaged) }?.code == .corrupt, "byte \(position)")
        }
    }

    @Test func flippedBitsAnywhereAreErrorsNeverWrongData() {
        let input = TestData.bytes(3_000, seed: 22)
        let compressed = Gzip.compress(input)
        for position in 0..<compressed.count {
            var damaged = compressed
            damaged[position] ^= UInt8(1 << (position % 8))
            // Some header bytes (modification time, OS, extra flags) are not checked; those must decode exactly.
            do {
                #expect(try Gzip.decompress(damaged) == input, "byte \(position)")
            } catch {
                #expect([.corrupt, .truncated].contains(error.code), "byte \(position): \(error)")
            }
        }
    }

    @Test func errorsAreSticky() {
        let decompressor = GzipDecompressor()
        #expect(TestData.error { _ = try decompressor.decompress(Array("nonsense".utf8)) }?.code == .corrupt)
        let valid = Gzip.compress(Array("fine".utf8))
        #expect(TestData.error { _ = try decompressor.decompress(valid) }?.code == .corrupt)
        #expect(TestData.error { try decompressor.finish() }?.code == .corrupt)
    }

    @Test func noInputIsTruncated() {
        #expect(TestData.error { try GzipDecompressor().finish() }?.code == .truncated)
        #expect(TestData.error { _ = try Gzip.decompress([UInt8]()) }?.code == .truncated)
    }
}
