import FinOpsAPI
import Foundation
import KubeClient
import KubeCore
import KubeTesting

/// Local mode's objects: the YAML files of a directory (the same custom resources and Secrets a cluster gets, plus
/// ConfigMaps, Nodes and Pods for the cluster source) loaded into the in-process API server.
enum LocalManifests {
    /// The kinds local mode serves; anything else is skipped with a note (a Namespace needs nothing: every
    /// namespace exists in the in-process API).
    static let resources: [ResourceType] = [
        ExporterScraperConfig.resource, DatabaseConfig.resource, ProviderConfig.resource, ResourceConfig.resource,
        MetricConfig.resource, core.v1.Secret.resource, core.v1.ConfigMap.resource, core.v1.Node.resource,
        core.v1.Pod.resource,
    ]

    struct Loaded {
        var objects = 0
        /// `kind name (file)` of the documents that were skipped, and why.
        var skipped: [String] = []
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Seeds every document of the YAML files under `directory` into `api` (namespaced objects without a
    /// namespace go to `default`).
    static func load(_ directory: URL, into api: FakeKubeAPI) throws -> Loaded {
        let files = try Manifests.yamlFiles(under: directory)
        guard !files.isEmpty else { throw Failure(description: "no .yaml files under \(directory.path)") }
        var loaded = Loaded()
        for file in files {
            let documents: [JSONValue]
            do {
                documents = try Manifests.documents(yaml: String(contentsOf: file, encoding: .utf8))
            } catch {
                throw Failure(description: "\(file.path) is not valid YAML: \(error)")
            }
            for document in documents {
                let kind = document["kind"]?.stringValue ?? "?"
                let name = document[path: ["metadata", "name"]]?.stringValue ?? "?"
                if kind == "Namespace" { continue }
                guard
                    let resource = resources.first(where: {
                        $0.kind == kind && $0.apiVersion == document["apiVersion"]?.stringValue
                    })
                else {
                    loaded.skipped.append("\(kind) \(name) (\(file.lastPathComponent)): not used by local mode")
                    continue
                }
                var object = document
                if resource.namespaced, object[path: ["metadata", "namespace"]] == nil {
                    object["metadata"]?["namespace"] = .string("default")
                }
                do {
                    try api.seed(resource, object)
                } catch {
                    throw Failure(description: "\(kind) \(name) in \(file.path) is refused: \(error)")
                }
                loaded.objects += 1
            }
        }
        return loaded
    }
}
