import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A local file's bytes in chunks read with `read(2)`, never the whole file at once.
public struct FileChunks: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer
    public typealias Failure = any Error

    public let path: String
    public let chunkSize: Int

    /// Why a file cannot be read, with its path.
    public struct ReadError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
        public init(message: String) { self.message = message }
    }

    public init(path: String, chunkSize: Int = 1 << 20) {
        self.path = path
        self.chunkSize = Swift.max(1, chunkSize)
    }

    public func makeAsyncIterator() -> Iterator { Iterator(path: path, chunkSize: chunkSize) }

    public final class Iterator: AsyncIteratorProtocol {
        let path: String
        let chunkSize: Int
        private var descriptor: Int32 = -1
        private var finished = false

        init(path: String, chunkSize: Int) {
            self.path = path
            self.chunkSize = chunkSize
        }

        deinit {
            if descriptor >= 0 { close(descriptor) }
        }

        public func next() async throws -> ByteBuffer? {
            if finished { return nil }
            if descriptor < 0 {
                descriptor = open(path, O_RDONLY)
                guard descriptor >= 0 else { throw ReadError(message: "cannot open \(path): \(Self.lastError)") }
            }
            var chunk = ByteBufferAllocator().buffer(capacity: chunkSize)
            let count = try chunk.writeWithUnsafeMutableBytes(minimumWritableBytes: chunkSize) { bytes in
                let count = read(descriptor, bytes.baseAddress, chunkSize)
                guard count >= 0 else { throw ReadError(message: "cannot read \(path): \(Self.lastError)") }
                return count
            }
            if count == 0 {
                finished = true
                close(descriptor)
                descriptor = -1
                return nil
            }
            return chunk
        }

        private static var lastError: String { String(cString: strerror(errno)) }
    }
}
