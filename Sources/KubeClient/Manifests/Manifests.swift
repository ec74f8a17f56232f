import Foundation
import KubeCore
import Yams

/// Kubernetes manifests as users write them: multi-document YAML, read into the JSON values an API server would
/// store. Local mode reads its custom resources this way; tests read `crds/` and `examples/` with it.
public enum Manifests {
    /// Every non-empty document of a (multi-document) YAML text.
    public static func documents(yaml text: String) throws -> [JSONValue] {
        try Yams.load_all(yaml: text).map(jsonValue).filter { $0 != .null }
    }

    /// Every non-empty document of the YAML files under `directory` (recursively), files in path order.
    public static func documents(under directory: URL) throws -> [JSONValue] {
        try yamlFiles(under: directory).flatMap { try documents(yaml: String(contentsOf: $0, encoding: .utf8)) }
    }

    /// The `.yaml`/`.yml` files under `directory`, recursively, sorted by path.
    public static func yamlFiles(under directory: URL) throws -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        return enumerator.compactMap { $0 as? URL }.filter { ["yaml", "yml"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
    }

    /// The documents of `kind` decoded as `T`.
    public static func objects<T: KubernetesObject>(_ type: T.Type, in documents: [JSONValue]) throws -> [T] {
        try documents.filter { $0["kind"]?.stringValue == T.resource.kind }.map { try KubeJSON.convert($0, to: T.self) }
    }

    /// A value as Yams loads it, converted to JSON.
    static func jsonValue(_ value: Any) throws -> JSONValue {
        switch value {
        case is NSNull: return .null
        case let bool as Bool: return .bool(bool)
        case let int as Int: return .int(Int64(int))
        case let double as Double: return .double(double)
        case let string as String: return .string(string)
        case let array as [Any]: return .array(try array.map(jsonValue))
        case let object as [String: Any]: return .object(try object.mapValues(jsonValue))
        default:
            throw KubeError(code: .decoding, message: "YAML value of unsupported type \(type(of: value))")
        }
    }
}
