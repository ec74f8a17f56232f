import DatabaseSinks
import FinOpsPipelines

/// The poll id of a loaded file: a hash of its bytes as stored (compressed or not), read with ``FileChunks``.
enum FileHash {
    static func contentHash(path: String) async throws -> ContentHash {
        var hash = ContentHash()
        for try await chunk in FileChunks(path: path) {
            chunk.withUnsafeReadableBytes { hash.update($0) }
        }
        return hash
    }
}
