import FinOpsAPI
import KubeClient
import KubeCore

/// The five kinds, for parameterized tests.
let allKinds: [any KubernetesObject.Type] = [
    ExporterScraperConfig.self, DatabaseConfig.self, ProviderConfig.self, ResourceConfig.self, MetricConfig.self,
]

/// Decodes a YAML snippet into `T` the way a spec arrives from the API server (YAML → JSON → type).
func decodeYAML<T: Decodable>(_ type: T.Type, _ yaml: String) throws -> T {
    guard let loaded = try Manifests.documents(yaml: yaml).first else {
        throw SchemaProbeError(description: "empty YAML")
    }
    return try KubeJSON.convert(loaded, to: type)
}

/// An ExporterScraperConfig spec from YAML.
func escSpec(_ yaml: String) throws -> ExporterScraperConfigSpec {
    try decodeYAML(ExporterScraperConfigSpec.self, yaml)
}

/// The error that normalizing `spec` throws, or `nil` when it succeeds.
func normalizationError(_ spec: ExporterScraperConfigSpec, namespace: String = "finops") -> SpecError? {
    do {
        _ = try spec.normalized(defaultNamespace: namespace)
        return nil
    } catch {
        return error
    }
}

/// A minimal valid current-shape exporter part, to which tests add the fields they examine.
let currentExporterYAML = """
    api:
      path: /costs
      endpointRef: {name: endpoint}
    """

/// A spec whose exporter part is the minimal valid current-shape one plus `extra` (YAML lines at the
/// exporterConfig level), with an optional scraper part.
func rulesSpec(exporter extra: String = "", scraper: String? = nil) throws -> ExporterScraperConfigSpec {
    var yaml = "exporterConfig:\n  " + currentExporterYAML.replacingNewlines(indent: 2)
    if !extra.isEmpty { yaml += "\n  " + extra.replacingNewlines(indent: 2) }
    if let scraper { yaml += "\nscraperConfig:\n  " + scraper.replacingNewlines(indent: 2) }
    return try escSpec(yaml)
}

extension String {
    /// The string with every line after the first indented by `indent` spaces, for nesting YAML snippets.
    func replacingNewlines(indent: Int) -> String {
        split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\n" + String(repeating: " ", count: indent))
    }
}
