import Gzip
import NIOCore

/// A body decompressed on the way when it is gzip, recognised by its magic bytes (whatever the file name or
/// `Content-Encoding` claims); other bodies pass through untouched. Truncated or damaged gzip throws: a partial
/// body never looks complete.
public struct Gunzipping<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    public typealias Element = ByteBuffer
    public typealias Failure = any Error

    public let base: Base
    /// Most decompressed bytes accepted (a bomb stops with an error).
    public let limit: Int

    /// Why a gzip body cannot be decoded.
    public struct DecodeError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public init(_ base: Base, limit: Int = .max) {
        self.base = base
        self.limit = limit
    }

    public func makeAsyncIterator() -> Iterator { Iterator(base.makeAsyncIterator(), limit: limit) }

    public struct Iterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let limit: Int
        private var decompressor: GzipDecompressor?
        private var started = false
        private var finished = false
        /// The first bytes, held until there are enough to tell gzip from anything else.
        private var head = ByteBuffer()

        init(_ base: Base.AsyncIterator, limit: Int) {
            self.base = base
            self.limit = limit
        }

        public mutating func next() async throws -> ByteBuffer? {
            while !finished {
                guard var chunk = try await base.next() else {
                    finished = true
                    if !started && head.readableBytes > 0 { return head }
                    do { try decompressor?.finish() } catch {
                        throw DecodeError(message: "the gzip body is incomplete: \(error)")
                    }
                    return nil
                }
                if !started {
                    head.writeImmutableBuffer(chunk)
                    guard head.readableBytes >= Gzip.magic.count else { continue }
                    started = true
                    chunk = head
                    head = ByteBuffer()
                    if Gzip.hasMagic(chunk.readableBytesView) { decompressor = GzipDecompressor(limit: limit) }
                }
                guard let decompressor else {
                    if chunk.readableBytes == 0 { continue }
                    return chunk
                }
                var output = ByteBufferAllocator().buffer(capacity: 4 * chunk.readableBytes)
                do {
                    try chunk.withUnsafeReadableBytes { input in
                        try decompressor.decompress(input) { output.writeBytes($0) }
                    }
                } catch {
                    throw DecodeError(message: "the gzip body is damaged: \(error)")
                }
                if output.readableBytes > 0 { return output }
            }
            return nil
        }
    }
}
