import Gzip
import Testing

@Suite struct MultiMemberTests {
    @Test func concatenatedMembersDecodeAsOneStreamInAnyChunking() throws {
        let parts = (0..<4).map { TestData.bytes(1_000 * ($0 + 1), seed: UInt64(10 + $0)) }
        let joined = parts.enumerated().map { Gzip.compress($1, level: 1 + $0 * 2) }.reduce([], +)
        for size in [1, 5, 64, 1_000, joined.count] {
            #expect(try TestData.decompress(joined, chunkSize: size) == parts.reduce([], +), "chunk size \(size)")
        }
        let decompressor = GzipDecompressor()
        _ = try decompressor.decompress(joined)
        #expect(decompressor.completedMembers == 4)
    }

    @Test func emptyMembersInBetweenAreFine() throws {
        let joined = Gzip.compress([UInt8]()) + Gzip.compress(Array("a".utf8)) + Gzip.compress([UInt8]())
        #expect(try Gzip.decompress(joined) == Array("a".utf8))
    }

    @Test func zeroPaddingBetweenAndAfterMembersIsSkipped() throws {
        let joined =
            Gzip.compress(Array("one".utf8)) + [0, 0, 0] + Gzip.compress(Array("two".utf8))
            + [UInt8](repeating: 0, count: 512)
        #expect(try Gzip.decompress(joined) == Array("onetwo".utf8))
        #expect(try TestData.decompress(joined, chunkSize: 1) == Array("onetwo".utf8))
    }

    @Test func garbageAfterAMemberIsCorrupt() {
        let input = Gzip.compress(Array("one".utf8)) + Array("trailing".utf8)
        #expect(TestData.error { _ = try Gzip.decompress(input) }?.code == .corrupt)
    }

    @Test func zlibAndRawStreamsEndAtTheirEnd() {
        for format in [DeflateFormat.zlib, .raw] {
            let input = Gzip.compress(Array("one".utf8), format: format) + [0]
            #expect(TestData.error { _ = try Gzip.decompress(input, format: format) }?.code == .corrupt)
        }
    }
}
