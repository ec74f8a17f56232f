#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Random access to a file's bytes, which is all ``ParquetFileReader`` needs: it reads the footer from the end, then
/// one column chunk at a time.
public protocol ParquetByteSource: Sendable {
    /// The length of the file in bytes.
    var size: Int { get }
    /// Exactly `count` bytes starting at `offset` (the reader never asks beyond ``size``).
    func read(offset: Int, count: Int) throws -> [UInt8]
}

/// A file in memory.
public struct ParquetBytesSource: ParquetByteSource {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var size: Int { bytes.count }

    public func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= bytes.count - count else {
            throw ParquetReadError(.truncated, "\(count) bytes at \(offset) are beyond the \(bytes.count)-byte file")
        }
        return Array(bytes[offset..<offset + count])
    }
}

/// Any random-access reader as a closure (an object-store ranged GET, a memory map).
public struct ParquetClosureSource: ParquetByteSource {
    public let size: Int
    private let reader: @Sendable (_ offset: Int, _ count: Int) throws -> [UInt8]

    /// `read(offset, count)` returns the `count` bytes at `offset` of a file of `size` bytes.
    public init(size: Int, read: @escaping @Sendable (_ offset: Int, _ count: Int) throws -> [UInt8]) {
        self.size = size
        self.reader = read
    }

    public func read(offset: Int, count: Int) throws -> [UInt8] {
        let bytes = try reader(offset, count)
        guard bytes.count == count else {
            throw ParquetReadError(.truncated, "asked for \(count) bytes at \(offset), got \(bytes.count)")
        }
        return bytes
    }
}

/// A local file read with `pread`: safe to share between tasks, closed when the last reference goes.
public final class ParquetFileSource: ParquetByteSource {
    /// The path it was opened with.
    public let path: String
    public let size: Int
    private let descriptor: Int32

    /// Opens `path` for reading; throws ``ParquetReadError/Code/io`` when it cannot be opened or is not a file.
    public init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Self.failure("cannot open \(path)") }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let error = Self.failure("cannot stat \(path)")
            close(descriptor)
            throw error
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw ParquetReadError(.io, "\(path) is not a regular file")
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    public func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size - count else {
            throw ParquetReadError(.truncated, "\(count) bytes at \(offset) are beyond the \(size)-byte file")
        }
        var failure: ParquetReadError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            while initialized < count {
                let got = pread(
                    descriptor, buffer.baseAddress.map { $0 + initialized }, count - initialized,
                    off_t(offset + initialized))
                if got < 0 && errno == EINTR { continue }
                if got < 0 {
                    failure = Self.failure("cannot read \(path)")
                    return
                }
                if got == 0 {
                    failure = ParquetReadError(.truncated, "\(path) ends at \(offset + initialized) (did it shrink?)")
                    return
                }
                initialized += got
            }
        }
        if let failure { throw failure }
        return bytes
    }

    private static func failure(_ what: String) -> ParquetReadError {
        ParquetReadError(.io, "\(what): \(String(cString: strerror(errno)))")
    }
}

extension ParquetFileReader {
    /// Whether the file at `path` starts with the Parquet magic `PAR1` (a cheap test before choosing a reader).
    public static func looksLikeParquet(path: String) -> Bool {
        guard let source = try? ParquetFileSource(path: path), source.size >= 12,
            let magic = try? source.read(offset: 0, count: 4)
        else { return false }
        return magic == Array("PAR1".utf8)
    }
}
