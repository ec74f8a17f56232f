import Foundation

/// Objects as files under a root directory: keys are relative paths, directories are made as needed.
///
/// An upload writes a hidden temporary file next to its target (`.name.partial-<random>`) and renames it into place
/// when complete: readers never see half a file, and an abandoned upload leaves only a hidden file that
/// ``list(prefix:)`` skips and the next upload of the key does not trip over. Listings skip hidden files.
public struct LocalDirectoryStore: ObjectStore {
    public let root: String

    public init(root: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    public var location: String { "file://\(root)/" }

    public func upload(key: String, contentType: String) async throws -> any ObjectUpload {
        let path = try self.path(of: key)
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ObjectStoreError(.rejected, "cannot create the directory \(directory): \(Self.reason(error))")
        }
        let name = (path as NSString).lastPathComponent
        let temporary = "\(directory)/.\(name).partial-\(UInt64.random(in: 0...UInt64.max))"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw ObjectStoreError(.rejected, "cannot create \(temporary)")
        }
        return LocalUpload(key: key, path: path, temporary: temporary, handle: handle)
    }

    public func list(prefix: String) async throws -> [StoredObject] {
        var found: [StoredObject] = []
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            if FileManager.default.fileExists(atPath: root) {
                throw ObjectStoreError(.rejected, "cannot list \(root)")
            }
            return []
        }
        while let relative = walker.nextObject() as? String {
            guard relative.hasPrefix(prefix) || prefix.hasPrefix(relative + "/") || prefix.isEmpty else {
                if walker.fileAttributes?[.type] as? FileAttributeType == .typeDirectory { walker.skipDescendants() }
                continue
            }
            let attributes = walker.fileAttributes
            guard attributes?[.type] as? FileAttributeType == .typeRegular, relative.hasPrefix(prefix),
                !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
            else { continue }
            found.append(StoredObject(key: relative, size: (attributes?[.size] as? Int) ?? 0))
        }
        return found.sorted { $0.key < $1.key }
    }

    public func read(key: String) async throws -> [UInt8]? {
        let path = try self.path(of: key)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ObjectStoreError(.rejected, "cannot read \(path)")
        }
        return Array(data)
    }

    public func delete(key: String) async throws {
        let path = try self.path(of: key)
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw ObjectStoreError(.rejected, "cannot remove \(path): \(Self.reason(error))")
        }
    }

    /// The file of `key`; keys that would leave the root are refused.
    func path(of key: String) throws -> String {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, !key.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
        else {
            throw ObjectStoreError(.rejected, "\"\(key)\" is not a relative object key")
        }
        return "\(root)/\(key)"
    }

    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}

/// A file being written under a hidden name.
final class LocalUpload: ObjectUpload, @unchecked Sendable {
    // @unchecked: one writer task at a time, as the protocol's users do; the handle is never shared.
    let key: String
    let path: String
    let temporary: String
    private let handle: FileHandle
    private var size = 0
    private var closed = false

    init(key: String, path: String, temporary: String, handle: FileHandle) {
        self.key = key
        self.path = path
        self.temporary = temporary
        self.handle = handle
    }

    deinit { if !closed { try? handle.close() } }

    func write(_ bytes: [UInt8]) async throws {
        guard !closed else { throw ObjectStoreError(.rejected, "\(key): written after completion") }
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw ObjectStoreError(.rejected, "cannot write \(temporary): \(LocalDirectoryStore.reason(error))")
        }
        size += bytes.count
    }

    func complete() async throws -> StoredObject {
        guard !closed else { throw ObjectStoreError(.rejected, "\(key): completed twice") }
        closed = true
        do {
            try handle.synchronize()
            try handle.close()
            if rename(temporary, path) != 0 {
                throw ObjectStoreError(.rejected, "cannot rename into \(path): errno \(errno)")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            if let error = error as? ObjectStoreError { throw error }
            throw ObjectStoreError(.rejected, "cannot complete \(path): \(LocalDirectoryStore.reason(error))")
        }
        return StoredObject(key: key, size: size)
    }

    func abort() async {
        if !closed {
            closed = true
            try? handle.close()
        }
        try? FileManager.default.removeItem(atPath: temporary)
    }
}
