import Foundation
import KubeCore
import Yams

/// Files of this repository that the tests read: CRDs and examples.
enum RepositoryFiles {
    /// The repository root, found from this file's path (`Tests/FinOpsAPITests/Support/…`).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// The YAML files under `directory`, recursively, sorted by path.
    static func yamlFiles(under directory: String) throws -> [URL] {
        let base = url(directory)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
            return []
        }
        return enumerator.compactMap { $0 as? URL }
            .filter { ["yaml", "yml"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
    }

    /// Every document of a (multi-document) YAML file, as JSON values; empty documents are skipped.
    static func documents(at file: URL) throws -> [JSONValue] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return try Yams.load_all(yaml: text).map(jsonValue(fromYAML:)).filter { $0 != .null }
    }

    /// A value loaded by Yams as JSON, as the API server would hand it to a client.
    static func jsonValue(fromYAML value: Any) throws -> JSONValue {
        switch value {
        case is NSNull: return .null
        case let bool as Bool: return .bool(bool)
        case let int as Int: return .int(Int64(int))
        case let double as Double: return .double(double)
        case let string as String: return .string(string)
        case let array as [Any]: return .array(try array.map(jsonValue(fromYAML:)))
        case let object as [String: Any]: return .object(try object.mapValues(jsonValue(fromYAML:)))
        default:
            throw SchemaProbeError(description: "YAML value of unexpected type \(type(of: value)): \(value)")
        }
    }
}
