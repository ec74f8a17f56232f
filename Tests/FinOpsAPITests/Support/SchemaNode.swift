/// A JSON schema reduced to what the CRD ↔ Swift agreement test compares: the JSON type of every node, object
/// properties, required properties, string formats and enumerations.
indirect enum SchemaNode: Equatable, Sendable, CustomStringConvertible {
    /// A string; `format` is e.g. `date-time`, `enumValues` the allowed values when the set is closed.
    case string(format: String?, enumValues: [String]?)
    case integer
    case number
    case boolean
    /// An object with known properties.
    case object([String: SchemaNode], required: Set<String>)
    /// An object with arbitrary keys and values of one schema (`additionalProperties`, a Swift dictionary).
    case map(SchemaNode)
    case array(SchemaNode)
    /// Any JSON value (`x-kubernetes-preserve-unknown-fields`, Swift `JSONValue`).
    case freeForm

    static let plainString = SchemaNode.string(format: nil, enumValues: nil)

    /// The JSON type name used in difference reports.
    var description: String {
        switch self {
        case .string(let format?, _): return "string(\(format))"
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .object: return "object"
        case .map(let value): return "map of \(value)"
        case .array(let item): return "array of \(item)"
        case .freeForm: return "free-form"
        }
    }

    /// The property `name` of an object node.
    subscript(property name: String) -> SchemaNode? {
        if case .object(let properties, _) = self { return properties[name] }
        return nil
    }

    /// This node with the given properties removed (for the parts of a root that are not compared).
    func removing(properties names: Set<String>) -> SchemaNode {
        guard case .object(let properties, let required) = self else { return self }
        return .object(properties.filter { !names.contains($0.key) }, required: required.subtracting(names))
    }
}

/// Every way `swift` differs from `crd`, one line per difference, each starting with the field's path.
///
/// Enumerations are compared only when the Swift side has one: a CRD may narrow a Swift `String` to a closed set
/// (e.g. `authenticationMethod`), but a Swift enum must be mirrored by the same set in the CRD.
func schemaDifferences(crd: SchemaNode, swift: SchemaNode, path: String) -> [String] {
    switch (crd, swift) {
    case (.string(let crdFormat, let crdEnum), .string(let swiftFormat, let swiftEnum)):
        var out: [String] = []
        if crdFormat != swiftFormat {
            out.append("\(path): CRD format is \(crdFormat ?? "none"), Swift format is \(swiftFormat ?? "none")")
        }
        if let swiftEnum, Set(swiftEnum) != Set(crdEnum ?? []) {
            out.append("\(path): CRD enum is \(crdEnum ?? []), Swift enum is \(swiftEnum)")
        }
        return out
    case (.integer, .integer), (.number, .number), (.boolean, .boolean), (.freeForm, .freeForm):
        return []
    case (.map(let a), .map(let b)):
        return schemaDifferences(crd: a, swift: b, path: "\(path).*")
    case (.array(let a), .array(let b)):
        return schemaDifferences(crd: a, swift: b, path: "\(path)[]")
    case (.object(let crdProperties, let crdRequired), .object(let swiftProperties, let swiftRequired)):
        var out: [String] = []
        for name in Set(crdProperties.keys).union(swiftProperties.keys).sorted() {
            let field = path.isEmpty ? name : "\(path).\(name)"
            switch (crdProperties[name], swiftProperties[name]) {
            case (let a?, let b?):
                out += schemaDifferences(crd: a, swift: b, path: field)
                if crdRequired.contains(name) != swiftRequired.contains(name) {
                    out.append(
                        "\(field): required in \(crdRequired.contains(name) ? "CRD" : "Swift") only "
                            + "(Swift optional ↔ CRD not required)")
                }
            case (_?, nil): out.append("\(field): in the CRD but not in the Swift type")
            case (nil, _?): out.append("\(field): in the Swift type but not in the CRD")
            case (nil, nil): break
            }
        }
        return out
    default:
        return ["\(path): CRD type is \(crd), Swift type is \(swift)"]
    }
}
