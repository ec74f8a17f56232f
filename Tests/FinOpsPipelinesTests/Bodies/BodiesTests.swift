import Foundation
import Gzip
import NIOCore
import Testing

@testable import FinOpsPipelines

/// The bodies shared by `load` and the scrape pipelines: ``Gunzipping`` (gzip recognised by its first two bytes,
/// wherever the chunks are cut), ``FileChunks`` and ``ByteBody``.
@Suite struct BodiesTests {
    /// Text that compresses, with enough distinct bytes that the deflate stream has several blocks' worth of state.
    static let text: [UInt8] = Array(
        (0..<400).map { "line \($0),\($0 * 7919 % 1000),\"quoted, \($0)\"\n" }.joined().utf8)
    static let gzip = Gzip.compress(text)

    // MARK: - Gunzipping

    @Test func gzipSplitAtEveryByteBoundaryDecodesTheSameBytes() async throws {
        for split in 1..<Self.gzip.count {
            let body = Chunks([Array(Self.gzip[..<split]), Array(Self.gzip[split...])])
            #expect(try await collect(Gunzipping(body)) == Self.text, "split at \(split)")
        }
    }

    @Test func gzipInOneByteChunksDecodes() async throws {
        let body = Chunks(Self.gzip.map { [$0] })
        #expect(try await collect(Gunzipping(body)) == Self.text)
    }

    @Test func gzipAfterEmptyChunksDecodes() async throws {
        let body = Chunks([[], [Self.gzip[0]], [], Array(Self.gzip[1...]), []])
        #expect(try await collect(Gunzipping(body)) == Self.text)
    }

    @Test func concatenatedGzipMembersDecodeAsOneBody() async throws {
        let second = Gzip.compress(Array("and more\n".utf8))
        let body = Chunks([Self.gzip + second])
        #expect(try await collect(Gunzipping(body)) == Self.text + Array("and more\n".utf8))
    }

    @Test func aPlainBodyPassesThroughChunkForChunk() async throws {
        let chunks = [Array("Billed".utf8), Array("Cost,x\n".utf8), Array("1,2\n".utf8)]
        var iterator = Gunzipping(Chunks(chunks)).makeAsyncIterator()
        var seen: [[UInt8]] = []
        while let chunk = try await iterator.next() { seen.append(Array(chunk.readableBytesView)) }
        #expect(seen == chunks)
    }

    /// The first byte alone cannot tell gzip from text: it is held and handed on with the next chunk.
    @Test func aPlainBodyWithAOneByteFirstChunkPassesThrough() async throws {
        let body = Chunks([Array("B".utf8), Array("illedCost\n".utf8), Array("1\n".utf8)])
        #expect(try await collect(Gunzipping(body)) == Array("BilledCost\n1\n".utf8))
    }

    @Test func aPlainBodyStartingWithHalfTheMagicPassesThrough() async throws {
        let bytes: [UInt8] = [0x1F, 0x41, 0x42]
        #expect(try await collect(Gunzipping(Chunks([[0x1F], [0x41, 0x42]]))) == bytes)
    }

    @Test func anEmptyBodyYieldsNothing() async throws {
        #expect(try await chunks(Gunzipping(Chunks([]))).isEmpty)
        #expect(try await chunks(Gunzipping(Chunks([[], []]))).isEmpty)
    }

    @Test(arguments: [[UInt8(ascii: "a")], [0x1F]])
    func aBodyShorterThanTheMagicPassesThrough(_ bytes: [UInt8]) async throws {
        #expect(try await collect(Gunzipping(Chunks([bytes]))) == bytes)
        #expect(try await collect(Gunzipping(Chunks([[], bytes, []]))) == bytes)
    }

    /// Every cut from the magic bytes on, to the last byte of the trailer: a partial body never looks complete.
    @Test func aTruncatedGzipBodyThrows() async throws {
        for length in 2..<Self.gzip.count {
            let body = Chunks([Array(Self.gzip[..<length])])
            let error = await #expect(throws: Gunzipping<Chunks>.DecodeError.self, "cut at \(length)") {
                try await collect(Gunzipping(body))
            }
            #expect(error?.message.contains("incomplete") == true || error?.message.contains("damaged") == true)
        }
    }

    @Test func aGzipBodyCutInTheTrailerSaysIncomplete() async throws {
        let body = Chunks([Array(Self.gzip.dropLast(3))])
        let error = await #expect(throws: Gunzipping<Chunks>.DecodeError.self) { try await collect(Gunzipping(body)) }
        #expect(error?.message.hasPrefix("the gzip body is incomplete") == true)
    }

    /// A bad compression method in the header, a flipped bit in the deflate stream, a wrong CRC, a wrong length.
    @Test(arguments: [2, 30, -8, -1])
    func aDamagedGzipBodyThrows(_ offset: Int) async throws {
        var damaged = Self.gzip
        let index = offset >= 0 ? offset : damaged.count + offset
        damaged[index] ^= 0x41
        let body = Chunks([damaged])
        let error = await #expect(throws: Gunzipping<Chunks>.DecodeError.self) { try await collect(Gunzipping(body)) }
        #expect(error?.message.hasPrefix("the gzip body is damaged") == true)
    }

    @Test func moreThanTheLimitThrows() async throws {
        let body = Chunks([Self.gzip])
        await #expect(throws: Gunzipping<Chunks>.DecodeError.self) {
            try await collect(Gunzipping(body, limit: Self.text.count - 1))
        }
        #expect(try await collect(Gunzipping(body, limit: Self.text.count)) == Self.text)
    }

    // MARK: - FileChunks

    @Test(arguments: [1, 7, 1000, 1 << 20])
    func aFileIsReadInChunksOfTheGivenSize(_ chunkSize: Int) async throws {
        let file = try Self.write(Self.text)
        let read = try await chunks(FileChunks(path: file, chunkSize: chunkSize))
        #expect(read.joined().elementsEqual(Self.text))
        #expect(read.dropLast().allSatisfy { $0.count == chunkSize })
        #expect(read.count == (Self.text.count + chunkSize - 1) / chunkSize)
    }

    @Test func anEmptyFileYieldsNothing() async throws {
        #expect(try await chunks(FileChunks(path: try Self.write([]))).isEmpty)
    }

    @Test func aMissingFileThrowsWithItsPath() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString)").path
        let error = await #expect(throws: FileChunks.ReadError.self) { try await chunks(FileChunks(path: path)) }
        #expect(error?.message.hasPrefix("cannot open \(path): ") == true)
    }

    @Test func aGzipFileIsReadDecompressedThroughAByteBody() async throws {
        let file = try Self.write(Self.gzip)
        let body = ByteBody(Gunzipping(FileChunks(path: file, chunkSize: 100)))
        #expect(try await collect(body) == Self.text)
        // Every iterator starts from the beginning of the file.
        #expect(try await collect(body) == Self.text)
    }

    // MARK: - Helpers

    /// A body of the given chunks.
    struct Chunks: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        typealias Failure = any Error

        let chunks: [[UInt8]]
        init(_ chunks: [[UInt8]]) { self.chunks = chunks }

        struct AsyncIterator: AsyncIteratorProtocol {
            var remaining: ArraySlice<[UInt8]>
            mutating func next() async throws -> ByteBuffer? { remaining.popFirst().map { ByteBuffer(bytes: $0) } }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks[...]) }
    }

    private func chunks<Body: AsyncSequence>(_ body: Body) async throws -> [[UInt8]] where Body.Element == ByteBuffer {
        var result: [[UInt8]] = []
        for try await chunk in body { result.append(Array(chunk.readableBytesView)) }
        return result
    }

    private func collect<Body: AsyncSequence>(_ body: Body) async throws -> [UInt8] where Body.Element == ByteBuffer {
        try await chunks(body).flatMap { $0 }
    }

    private static func write(_ bytes: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("finops-body-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        return file.path
    }
}
