import DatabaseSinks
import FinOpsPipelines

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The poll id of a loaded file: a hash of its bytes as stored (compressed or not).
enum FileHash {
    static func contentHash(path: String) throws -> ContentHash {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw FileChunks.ReadError(message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var hash = ContentHash()
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, size)
            guard count >= 0 else {
                throw FileChunks.ReadError(message: "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return hash }
            hash.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }
}
