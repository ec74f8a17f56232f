import Foundation
import KubeCore

/// Derives a type's JSON schema from its `init(from:)`: a `Decoder` that answers every request with a placeholder
/// value and records what was asked for.
///
/// `decode` means a required key, `decodeIfPresent` an optional one; the requested Swift type gives the JSON type:
/// `String` → string, integers → integer, `Double` → number, `Bool` → boolean, `Date` → date-time string,
/// `JSONValue` → free-form, `[T]` → array, `[String: T]` → map, types conforming to ``SchemaEnumProbe`` → string
/// enumeration, anything else → an object probed recursively. A type whose decoding depends on the values it reads
/// would be probed along one path only; ours do not branch.
enum SchemaProbe {
    /// The schema that `T.init(from:)` describes.
    static func schema<T: Decodable>(of type: T.Type) throws -> SchemaNode { try probe(type).node }

    /// The schema of `T` and a placeholder value of it (needed to answer the enclosing decoder).
    static func probe<T: Decodable>(_ type: T.Type) throws -> (node: SchemaNode, value: T) {
        if let leaf = leaf(type) { return leaf }
        if let arrayType = type as? any SchemaArrayProbe.Type {
            return (.array(try probe(arrayType.elementType).node), arrayType.emptyValue as! T)
        }
        if let dictionaryType = type as? any SchemaDictionaryProbe.Type {
            return (.map(try probe(dictionaryType.valueType).node), dictionaryType.emptyValue as! T)
        }
        if let enumType = type as? any SchemaEnumProbe.Type {
            return (.string(format: nil, enumValues: enumType.rawValueStrings), enumType.firstCase as! T)
        }
        let recorder = ObjectRecorder()
        let value = try T(from: ProbeDecoder(recorder: recorder))
        return (recorder.singleValue ?? .object(recorder.properties, required: recorder.required), value)
    }

    /// Types that are JSON scalars, with a placeholder value each.
    private static func leaf<T>(_ type: T.Type) -> (node: SchemaNode, value: T)? {
        let values: [(Any.Type, SchemaNode, Any)] = [
            (String.self, .plainString, ""), (Bool.self, .boolean, false), (Int.self, .integer, Int(0)),
            (Int64.self, .integer, Int64(0)), (Int32.self, .integer, Int32(0)), (UInt.self, .integer, UInt(0)),
            (UInt64.self, .integer, UInt64(0)), (UInt32.self, .integer, UInt32(0)), (Double.self, .number, 0.0),
            (Float.self, .number, Float(0)), (Date.self, .string(format: "date-time", enumValues: nil), Date()),
            (JSONValue.self, .freeForm, JSONValue.null),
        ]
        guard let match = values.first(where: { $0.0 == type }) else { return nil }
        return (match.1, match.2 as! T)
    }
}

/// Arrays are probed through their element type (their own `init(from:)` would read zero elements).
protocol SchemaArrayProbe {
    static var elementType: any Decodable.Type { get }
    static var emptyValue: Self { get }
}

extension Array: SchemaArrayProbe where Element: Decodable {
    static var elementType: any Decodable.Type { Element.self }
    static var emptyValue: Self { [] }
}

/// String-keyed dictionaries are probed through their value type.
protocol SchemaDictionaryProbe {
    static var valueType: any Decodable.Type { get }
    static var emptyValue: Self { get }
}

extension Dictionary: SchemaDictionaryProbe where Key == String, Value: Decodable {
    static var valueType: any Decodable.Type { Value.self }
    static var emptyValue: Self { [:] }
}

/// String enumerations: their values become the schema's `enum`.
protocol SchemaEnumProbe {
    static var rawValueStrings: [String] { get }
    static var firstCase: Self { get }
}

extension Condition.Status: SchemaEnumProbe {
    static var rawValueStrings: [String] { [Self.true, .false, .unknown].map(\.rawValue) }
    static var firstCase: Self { .true }
}

struct SchemaProbeError: Error, CustomStringConvertible {
    var description: String
}

/// What one object's `init(from:)` asked for.
final class ObjectRecorder {
    var properties: [String: SchemaNode] = [:]
    var required: Set<String> = []
    /// Set when the type decoded itself from a single value instead of keys.
    var singleValue: SchemaNode?

    func record(_ key: String, _ node: SchemaNode, required isRequired: Bool) {
        properties[key] = node
        if isRequired { required.insert(key) }
    }
}

struct ProbeDecoder: Decoder {
    let recorder: ObjectRecorder
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(ProbeKeyedContainer<Key>(recorder: recorder))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw SchemaProbeError(description: "unkeyed containers are probed through the array type instead")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ProbeSingleValueContainer(recorder: recorder)
    }
}
