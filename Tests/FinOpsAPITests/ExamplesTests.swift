import FinOpsAPI
import Foundation
import KubeCore
import Testing

/// Every example in `examples/` is a complete, valid set: each document of our kinds decodes into its Swift type
/// and normalizes, and every reference points at an object or Secret key of the same directory.
@Suite struct ExamplesTests {
    static let directories = [
        "examples/current-shape", "examples/older-shape", "examples/local", "examples/production",
    ]
    /// The complete sets: every kind appears.
    static let completeSets: Set = ["examples/current-shape", "examples/older-shape", "examples/local"]

    @Test(arguments: directories)
    func everyDocumentOfOurKindsDecodesAndValidates(_ directory: String) throws {
        let set = try ExampleSet(directory: directory)
        if Self.completeSets.contains(directory) {
            #expect(set.objectsByKind.keys.sorted() == allKinds.map { $0.resource.kind }.sorted())
        }
        for esc in set.exporterScraperConfigs {
            #expect(throws: Never.self, "\(esc.key)") { try set.normalized(esc) }
        }
        for db in set.objects(DatabaseConfig.self) {
            #expect(throws: Never.self, "\(db.key)") { try db.spec.validated(defaultNamespace: db.namespace) }
        }
        for provider in set.objects(ProviderConfig.self) {
            #expect(throws: Never.self) { try provider.spec.resourceConfigs(defaultNamespace: provider.namespace) }
        }
        for resource in set.objects(ResourceConfig.self) {
            #expect(throws: Never.self) { try resource.spec.metricConfigs(defaultNamespace: resource.namespace) }
        }
        for metric in set.objects(MetricConfig.self) {
            #expect(throws: Never.self) { try metric.spec.normalized(defaultNamespace: metric.namespace) }
        }
    }

    @Test(arguments: directories)
    func everyReferenceResolvesWithinTheDirectory(_ directory: String) throws {
        let set = try ExampleSet(directory: directory)
        for esc in set.exporterScraperConfigs {
            let model = try set.normalized(esc)
            if case .api(let request) = model.source, let endpoint = request.endpoint {
                #expect(set.secretKeys[endpoint]?.contains("server-url") == true, "\(esc.key): \(endpoint)")
            }
            if case .bearerToken(let token) = model.authentication {
                #expect(set.secretKeys[token.secret]?.contains(token.key) == true, "\(esc.key): \(token)")
            }
            if let provider = model.provider {
                #expect(set.keys(ProviderConfig.self).contains(provider), "\(esc.key): \(provider)")
            }
            if let scraper = model.scraper {
                #expect(set.keys(DatabaseConfig.self).contains(scraper.databaseConfig), "\(esc.key)")
            }
            if let credentials = model.focusExport?.credentials {
                #expect(
                    set.secretKeys[credentials]?.isSuperset(of: ["aws-access-key", "aws-secret-key"]) == true,
                    "\(esc.key): \(credentials)")
            }
        }
        for db in set.objects(DatabaseConfig.self) {
            for (_, secret) in try db.spec.validated(defaultNamespace: db.namespace).secrets {
                #expect(set.secretKeys[secret.secret]?.contains(secret.key) == true, "\(db.key): \(secret)")
            }
        }
        for provider in set.objects(ProviderConfig.self) {
            for key in try provider.spec.resourceConfigs(defaultNamespace: provider.namespace) {
                #expect(set.keys(ResourceConfig.self).contains(key), "\(provider.key): \(key)")
            }
        }
        for resource in set.objects(ResourceConfig.self) {
            for key in try resource.spec.metricConfigs(defaultNamespace: resource.namespace) {
                #expect(set.keys(MetricConfig.self).contains(key), "\(resource.key): \(key)")
            }
        }
        for metric in set.objects(MetricConfig.self) {
            if let endpoint = try metric.spec.normalized(defaultNamespace: metric.namespace).request?.endpoint {
                #expect(set.secretKeys[endpoint]?.contains("server-url") == true, "\(metric.key): \(endpoint)")
            }
        }
    }

    @Test func everyExampleFileIsListedInTheReadme() throws {
        let readme = try String(contentsOf: RepositoryFiles.url("examples/README.md"), encoding: .utf8)
        for directory in Self.directories {
            for file in try RepositoryFiles.yamlFiles(under: directory) {
                #expect(readme.contains("`\(file.lastPathComponent)`"), "\(file.lastPathComponent) not in README")
            }
        }
    }
}

/// The documents of one example directory, decoded.
struct ExampleSet {
    /// Decoded objects of our kinds, by kind name.
    var objectsByKind: [String: [any KubernetesObject]] = [:]
    /// The keys present in each Secret (`data` or `stringData`).
    var secretKeys: [ObjectKey: Set<String>] = [:]

    init(directory: String) throws {
        let files = try RepositoryFiles.yamlFiles(under: directory)
        #expect(!files.isEmpty, "no YAML files in \(directory)")
        for file in files {
            for document in try RepositoryFiles.documents(at: file) {
                try add(document, from: file.lastPathComponent)
            }
        }
    }

    private mutating func add(_ document: JSONValue, from file: String) throws {
        let kind = document["kind"]?.stringValue ?? ""
        if document["apiVersion"]?.stringValue == "v1", kind == "Secret" {
            let secret = try KubeJSON.convert(document, to: core.v1.Secret.self)
            secretKeys[secret.key] = secret.keys
            return
        }
        guard document["apiVersion"]?.stringValue == FinOpsGroup.name + "/" + FinOpsGroup.version else { return }
        guard let type = allKinds.first(where: { $0.resource.kind == kind }) else {
            Issue.record("\(file): unknown kind \(kind)")
            return
        }
        let object = try type.decoded(from: document)
        #expect(object.metadata.namespace != nil, "\(file): \(kind) \(object.key) has no namespace")
        objectsByKind[kind, default: []].append(object)
    }

    func objects<T: KubernetesObject>(_ type: T.Type) -> [T] {
        (objectsByKind[type.resource.kind] ?? []).compactMap { $0 as? T }
    }

    func keys<T: KubernetesObject>(_ type: T.Type) -> Set<ObjectKey> { Set(objects(type).map(\.key)) }

    var exporterScraperConfigs: [ExporterScraperConfig] { objects(ExporterScraperConfig.self) }

    func normalized(_ esc: ExporterScraperConfig) throws -> NormalizedExporterScraper {
        try esc.spec.normalized(defaultNamespace: esc.namespace)
    }
}

extension KubernetesObject {
    /// The object's namespace (the examples always set one).
    var namespace: String { metadata.namespace ?? "default" }
}
