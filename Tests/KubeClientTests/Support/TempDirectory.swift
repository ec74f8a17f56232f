import Foundation

/// A fresh directory under the system temp directory, removed when the test's body returns.
struct TempDirectory {
    let url: URL

    var path: String { url.path }

    /// Runs `body` with a new empty directory and removes it afterwards.
    static func with<R>(_ body: (TempDirectory) throws -> R) throws -> R {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("finops-kubeclient-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(TempDirectory(url: url))
    }

    /// Writes `text` to `relativePath` (creating directories) and returns the absolute path.
    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }
}
