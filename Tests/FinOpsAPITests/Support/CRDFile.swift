import Foundation
import KubeCore

/// One CustomResourceDefinition from `crds/`, with the parts the tests compare.
struct CRDFile {
    let fileName: String
    let document: JSONValue

    init(plural: String) throws {
        fileName = "finops.krateo.io_\(plural).yaml"
        let documents = try RepositoryFiles.documents(at: RepositoryFiles.url("crds/\(fileName)"))
        guard documents.count == 1 else {
            throw SchemaProbeError(description: "\(fileName): expected one document, found \(documents.count)")
        }
        document = documents[0]
    }

    var spec: JSONValue { document["spec"] ?? .null }
    /// The only version, `v1`.
    var version: JSONValue { spec["versions"]?.arrayValue?.first ?? .null }
    var rawSchema: JSONValue { version[path: ["schema", "openAPIV3Schema"]] ?? .null }

    /// The root schema as a ``SchemaNode``.
    func schema() throws -> SchemaNode { try Self.node(rawSchema, path: "") }

    /// Reduces one raw OpenAPI node.
    static func node(_ raw: JSONValue, path: String) throws -> SchemaNode {
        if raw["x-kubernetes-preserve-unknown-fields"]?.boolValue == true, raw["properties"] == nil {
            return .freeForm
        }
        switch raw["type"]?.stringValue {
        case "string":
            return .string(
                format: raw["format"]?.stringValue,
                enumValues: raw["enum"]?.arrayValue?.compactMap(\.stringValue))
        case "integer": return .integer
        case "number": return .number
        case "boolean": return .boolean
        case "array":
            return .array(try node(raw["items"] ?? .null, path: "\(path)[]"))
        case "object":
            if let properties = raw["properties"]?.objectValue {
                var nodes: [String: SchemaNode] = [:]
                for (name, child) in properties {
                    nodes[name] = try node(child, path: path.isEmpty ? name : "\(path).\(name)")
                }
                let required = Set(raw["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                return .object(nodes, required: required)
            }
            if let values = raw["additionalProperties"] {
                return .map(try node(values, path: "\(path).*"))
            }
            return .object([:], required: [])
        default:
            throw SchemaProbeError(description: "\(path): schema node without a type: \(raw)")
        }
    }

    /// Paths of nodes that break the structural-schema rules: a node without `type` (unless it preserves unknown
    /// fields), or `required` naming a property that does not exist.
    static func structuralProblems(_ raw: JSONValue, path: String) -> [String] {
        var problems: [String] = []
        if raw["type"] == nil, raw["x-kubernetes-preserve-unknown-fields"]?.boolValue != true {
            problems.append("\(path): no type")
        }
        let properties = raw["properties"]?.objectValue ?? [:]
        for name in raw["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where properties[name] == nil {
            problems.append("\(path): required property \(name) is not defined")
        }
        for (name, child) in properties {
            problems += structuralProblems(child, path: path.isEmpty ? name : "\(path).\(name)")
        }
        if let items = raw["items"] { problems += structuralProblems(items, path: "\(path)[]") }
        if let values = raw["additionalProperties"], values.objectValue != nil {
            problems += structuralProblems(values, path: "\(path).*")
        }
        return problems
    }
}
