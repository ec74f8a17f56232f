import FinOpsPipelines
import Foundation

/// A file that appears only when complete: written as `PATH.partial`, renamed over `PATH` at the end, removed when
/// anything fails (the CLI's counterpart of the object stores' upload/complete).
enum AtomicFile {
    /// Runs `body` with a sink of the file's bytes; returns how many it wrote.
    static func write(_ path: String, _ body: (_ sink: @escaping ([UInt8]) throws -> Void) async throws -> Void)
        async throws
        -> Int
    {
        let partial = path + ".partial"
        _ = FileManager.default.createFile(atPath: partial, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: partial) else {
            throw FileChunks.ReadError(message: "cannot create \(partial)")
        }
        var written = 0
        do {
            try await body { bytes in
                try handle.write(contentsOf: bytes)
                written += bytes.count
            }
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
            return written
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }
}
