import DatabaseSinks
import Gzip
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes as a load body: 1 MiB chunks read with `read(2)`, decompressed on the way when the file is gzip
/// (recognised by its magic bytes, whatever its name).
struct FileBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    typealias Failure = any Error

    let path: String
    static let chunkSize = 1 << 20

    struct ReadError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    final class AsyncIterator: AsyncIteratorProtocol {
        let path: String
        private var descriptor: Int32 = -1
        private var decompressor: GzipDecompressor?
        private var started = false
        private var finished = false

        init(path: String) {
            self.path = path
        }

        deinit {
            if descriptor >= 0 { close(descriptor) }
        }

        func next() async throws -> ByteBuffer? {
            if finished { return nil }
            if descriptor < 0 {
                descriptor = open(path, O_RDONLY)
                guard descriptor >= 0 else {
                    throw ReadError(message: "cannot open \(path): \(String(cString: strerror(errno)))")
                }
            }
            while true {
                var chunk = ByteBufferAllocator().buffer(capacity: FileBody.chunkSize)
                let count = try chunk.writeWithUnsafeMutableBytes(minimumWritableBytes: FileBody.chunkSize) { bytes in
                    let count = read(descriptor, bytes.baseAddress, FileBody.chunkSize)
                    guard count >= 0 else {
                        throw ReadError(message: "cannot read \(path): \(String(cString: strerror(errno)))")
                    }
                    return count
                }
                if !started {
                    started = true
                    if Gzip.hasMagic(chunk.readableBytesView) { decompressor = GzipDecompressor() }
                }
                guard let decompressor else {
                    if count == 0 {
                        finished = true
                        return nil
                    }
                    return chunk
                }
                if count == 0 {
                    finished = true
                    do {
                        try decompressor.finish()
                    } catch {
                        throw ReadError(message: "\(path) is not a complete gzip file: \(error)")
                    }
                    return nil
                }
                var output = ByteBufferAllocator().buffer(capacity: 4 * count)
                do {
                    try chunk.withUnsafeReadableBytes { input in
                        try decompressor.decompress(input) { output.writeBytes($0) }
                    }
                } catch {
                    throw ReadError(message: "\(path) is not valid gzip: \(error)")
                }
                if output.readableBytes > 0 { return output }
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(path: path) }

    /// The hash of the file's bytes (as stored, compressed or not), read once.
    static func contentHash(path: String) throws -> ContentHash {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ReadError(message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var hash = ContentHash()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, chunkSize)
            guard count >= 0 else {
                throw ReadError(message: "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return hash }
            hash.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }
}
