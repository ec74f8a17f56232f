import Foundation
import KubeClient
import KubeCore

/// Files of this repository that the tests read: CRDs and examples.
enum RepositoryFiles {
    /// The repository root, found from this file's path (`Tests/FinOpsAPITests/Support/…`).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// The YAML files under `directory`, recursively, sorted by path.
    static func yamlFiles(under directory: String) throws -> [URL] { try Manifests.yamlFiles(under: url(directory)) }

    /// Every document of a (multi-document) YAML file, as JSON values; empty documents are skipped.
    static func documents(at file: URL) throws -> [JSONValue] {
        try Manifests.documents(yaml: String(contentsOf: file, encoding: .utf8))
    }
}
