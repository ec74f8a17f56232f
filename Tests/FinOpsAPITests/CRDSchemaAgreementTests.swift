import FinOpsAPI
import Foundation
import KubeCore
import Testing

/// The CRDs in `crds/` and the Swift types in `FinOpsAPI` describe the same objects: the same fields, JSON types
/// and required fields, in `spec` and in `status`.
@Suite struct CRDSchemaAgreementTests {
    @Test(arguments: allKinds.map(KindCase.init))
    func crdSchemaAndSwiftTypeDescribeTheSameFields(_ kind: KindCase) throws {
        let crd = try CRDFile(plural: kind.type.resource.plural)
        let crdRoot = try crd.schema().removing(properties: ["metadata"])
        let swiftRoot = try kind.probe().removing(properties: ["metadata"])
        let differences = schemaDifferences(crd: crdRoot, swift: swiftRoot, path: "")
        #expect(differences.isEmpty, "\(crd.fileName) vs \(kind):\n\(differences.joined(separator: "\n"))")
        #expect(crdRoot[property: "spec"] != nil && crdRoot[property: "status"] != nil)
    }

    @Test(arguments: allKinds.map(KindCase.init))
    func crdNamesMatchTheSwiftResourceType(_ kind: KindCase) throws {
        let resource = kind.type.resource
        let crd = try CRDFile(plural: resource.plural)
        #expect(crd.document[path: ["metadata", "name"]]?.stringValue == resource.qualifiedName)
        #expect(crd.spec["group"]?.stringValue == resource.group)
        #expect(crd.spec["scope"]?.stringValue == (resource.namespaced ? "Namespaced" : "Cluster"))
        let names = crd.spec["names"] ?? .null
        #expect(names["kind"]?.stringValue == resource.kind)
        #expect(names["listKind"]?.stringValue == resource.kind + "List")
        #expect(names["plural"]?.stringValue == resource.plural)
        #expect(names["singular"]?.stringValue == resource.kind.lowercased())
        #expect(names["categories"]?.arrayValue?.contains("finops") == true)
        let shortNames = names["shortNames"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(!shortNames.isEmpty)
        // Short names Kubernetes itself uses would shadow ours (or theirs) in kubectl.
        #expect(Set(shortNames).isDisjoint(with: ["pvc", "pv", "po", "svc", "cm", "ds", "rs", "sa", "ns", "ep"]))
        #expect(crd.spec["versions"]?.arrayValue?.count == 1)
        #expect(crd.version["name"]?.stringValue == resource.version)
        #expect(crd.version["served"]?.boolValue == true && crd.version["storage"]?.boolValue == true)
        #expect(crd.version[path: ["subresources", "status"]]?.objectValue == [:])
    }

    @Test(arguments: allKinds.map(KindCase.init))
    func crdSchemaIsStructural(_ kind: KindCase) throws {
        let crd = try CRDFile(plural: kind.type.resource.plural)
        let problems = CRDFile.structuralProblems(crd.rawSchema, path: "")
        #expect(problems.isEmpty, "\(crd.fileName):\n\(problems.joined(separator: "\n"))")
    }

    @Test(arguments: allKinds.map(KindCase.init))
    func conditionsAreAListMapKeyedByType(_ kind: KindCase) throws {
        let crd = try CRDFile(plural: kind.type.resource.plural)
        let conditions = crd.rawSchema[path: ["properties", "status", "properties", "conditions"]] ?? .null
        #expect(conditions["x-kubernetes-list-type"]?.stringValue == "map")
        #expect(conditions["x-kubernetes-list-map-keys"] == ["type"])
        let observed = crd.rawSchema[path: ["properties", "status", "properties", "observedGeneration"]] ?? .null
        #expect(observed["format"]?.stringValue == "int64")
    }

    @Test(arguments: allKinds.map(KindCase.init))
    func printerColumnsPointAtSchemaFieldsAndShowReadiness(_ kind: KindCase) throws {
        let crd = try CRDFile(plural: kind.type.resource.plural)
        let schema = try crd.schema()
        let columns = crd.version["additionalPrinterColumns"]?.arrayValue ?? []
        let paths = columns.compactMap { $0["jsonPath"]?.stringValue }
        for path in paths where !path.hasPrefix(".metadata.") {
            #expect(PrinterColumnPath.resolve(path, in: schema) != nil, "\(crd.fileName): \(path) names no field")
        }
        #expect(paths.contains(#".status.conditions[?(@.type=="Ready")].status"#))
        #expect(paths.contains(#".status.conditions[?(@.type=="Ready")].reason"#))
        #expect(paths.last == ".metadata.creationTimestamp")
        if kind.type == ExporterScraperConfig.self {
            #expect(paths.contains(#".status.conditions[?(@.type=="Synced")].status"#))
        }
    }
}

/// A kind as a test argument.
struct KindCase: Sendable, CustomStringConvertible {
    let type: any KubernetesObject.Type
    init(_ type: any KubernetesObject.Type) { self.type = type }
    var description: String { type.resource.kind }
    func probe() throws -> SchemaNode { try type.probedSchema() }
}

/// Resolves a printer column's JSONPath (`.spec.a.b`, `.status.conditions[?(…)].status`) against a schema.
enum PrinterColumnPath {
    static func resolve(_ path: String, in schema: SchemaNode) -> SchemaNode? {
        // Filters contain dots of their own (`@.type`); reduce each to a bare "every item" step first.
        var simplified = ""
        var depth = 0
        for character in path {
            if character == "[" {
                depth += 1
                if depth == 1 { simplified += "[]" }
                continue
            }
            if character == "]" {
                depth -= 1
                continue
            }
            if depth == 0 { simplified.append(character) }
        }
        var node: SchemaNode? = schema
        for segment in simplified.split(separator: ".") {
            let isList = segment.hasSuffix("[]")
            node = node?[property: String(isList ? segment.dropLast(2) : segment)]
            if isList {
                guard case .array(let item)? = node else { return nil }
                node = item
            }
        }
        return node
    }
}

extension KubernetesObject {
    /// The schema this type's `init(from:)` describes (a static member, so that existential metatypes can call it).
    static func probedSchema() throws -> SchemaNode { try SchemaProbe.schema(of: Self.self) }

    /// Decodes a document as this type.
    static func decoded(from document: JSONValue) throws -> any KubernetesObject {
        try KubeJSON.convert(document, to: Self.self)
    }
}
