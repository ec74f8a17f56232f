import Foundation
import Gzip
import Testing

@Suite struct GzipTests {
    /// Seeded pseudo-random bytes with some repetition, so deflate has something to do.
    static func sample(_ count: Int, seed: UInt64 = 42) -> [UInt8] {
        var state = seed
        return (0..<count).map { index in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return index % 7 == 0 ? UInt8(ascii: ",") : UInt8(truncatingIfNeeded: state >> 59) + 65
        }
    }

    @Test func roundTripsInEveryChunking() throws {
        let input = Self.sample(20_000)
        let compressed = Gzip.compress(input)
        #expect(compressed.count < input.count)
        #expect(Gzip.hasMagic(compressed))
        for chunkSize in [1, 7, 100, 4096, compressed.count] {
            let decompressor = GzipDecompressor()
            var output: [UInt8] = []
            var offset = 0
            while offset < compressed.count {
                let end = min(offset + chunkSize, compressed.count)
                output += try decompressor.decompress(Array(compressed[offset..<end]))
                offset = end
            }
            try decompressor.finish()
            #expect(output == input, "chunk size \(chunkSize)")
        }
    }

    @Test func streamingCompressionEqualsOneShotContent() throws {
        let input = Self.sample(100_000)
        let compressor = GzipCompressor()
        var compressed: [UInt8] = []
        for start in stride(from: 0, to: input.count, by: 3000) {
            compressor.append(Array(input[start..<min(start + 3000, input.count)]), to: &compressed)
        }
        compressor.finish(to: &compressed)
        #expect(try Gzip.decompress(compressed) == input)
    }

    @Test func concatenatedMembersDecodeAsOneStream() throws {
        let first = Array("BilledCost\n1.5\n".utf8)
        let second = Array("2.5\n".utf8)
        #expect(try Gzip.decompress(Gzip.compress(first) + Gzip.compress(second)) == first + second)
    }

    @Test func truncatedCorruptAndOversizedInputsAreErrors() {
        let compressed = Gzip.compress(Self.sample(5000))
        #expect(throws: GzipError.self) { try Gzip.decompress(Array(compressed.dropLast(10))) }
        var corrupt = compressed
        corrupt[20] ^= 0xFF
        #expect(throws: GzipError.self) { try Gzip.decompress(corrupt) }
        #expect(throws: GzipError.self) { try Gzip.decompress(Array("not gzip at all".utf8)) }
        do {
            _ = try Gzip.decompress(compressed, limit: 1000)
            Issue.record("expected tooLarge")
        } catch {
            #expect(error.code == .tooLarge)
        }
    }

    @Test func readsWhatPythonsGzipWrites() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import gzip, sys; sys.stdout.buffer.write(gzip.compress(b'a,b\\n' * 1000))"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(try Gzip.decompress(Array(data)) == Array(String(repeating: "a,b\n", count: 1000).utf8))
    }
}
