import FinOpsAPI
import Foundation
import KubeCore
import Yams

/// Files of this repository the tests read, found from this file's path (`Tests/FinOpsControllersTests/Support/…`).
enum RepositoryFiles {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }
}

/// One directory of `examples/` (`current-shape`, `older-shape`) loaded as objects: the reference lookup that
/// local mode would build from the same files, so golden tests resolve the examples exactly as users write them.
struct ExampleSet: ReferenceLookup {
    private var documents: [JSONValue] = []

    init(_ directory: String) throws {
        let base = RepositoryFiles.url("examples/\(directory)")
        let files = try FileManager.default.contentsOfDirectory(at: base, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            documents += try Yams.load_all(yaml: text).map(Self.json).filter { $0 != .null }
        }
    }

    /// Every document of kind `T`.
    func objects<T: KubernetesObject>(_ type: T.Type) throws -> [T] {
        try documents.filter { $0["kind"]?.stringValue == T.resource.kind }.map { try KubeJSON.convert($0, to: T.self) }
    }

    /// The document of kind `T` named `name`.
    func object<T: KubernetesObject>(_ type: T.Type, named name: String) throws -> T {
        guard let found = try objects(T.self).first(where: { $0.metadata.name == name }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no \(T.resource.kind) \(name)"])
        }
        return found
    }

    private func find<T: KubernetesObject>(_ type: T.Type, _ key: ObjectKey) -> T? {
        (try? objects(T.self))?.first { $0.key == key }
    }

    func secretKeys(_ key: ObjectKey) -> Set<String>? { find(core.v1.Secret.self, key)?.keys }
    func databaseConfig(_ key: ObjectKey) -> DatabaseConfig? { find(DatabaseConfig.self, key) }
    func providerConfig(_ key: ObjectKey) -> ProviderConfig? { find(ProviderConfig.self, key) }
    func resourceConfig(_ key: ObjectKey) -> ResourceConfig? { find(ResourceConfig.self, key) }
    func metricConfig(_ key: ObjectKey) -> MetricConfig? { find(MetricConfig.self, key) }

    /// A value loaded by Yams as JSON, as the API server would hand it to a client.
    private static func json(_ value: Any) throws -> JSONValue {
        switch value {
        case is NSNull: return .null
        case let bool as Bool: return .bool(bool)
        case let int as Int: return .int(Int64(int))
        case let double as Double: return .double(double)
        case let string as String: return .string(string)
        case let array as [Any]: return .array(try array.map(json))
        case let object as [String: Any]: return .object(try object.mapValues(json))
        default: throw CocoaError(.coderInvalidValue)
        }
    }
}
