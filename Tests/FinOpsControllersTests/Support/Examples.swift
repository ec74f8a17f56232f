import FinOpsAPI
import Foundation
import KubeClient
import KubeCore

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
        documents = try Manifests.documents(under: RepositoryFiles.url("examples/\(directory)"))
    }

    /// Every document of kind `T`.
    func objects<T: KubernetesObject>(_ type: T.Type) throws -> [T] {
        try Manifests.objects(T.self, in: documents)
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
}
