/// The keyed container of ``ProbeDecoder``: every key is "present", `decode` records it as required and
/// `decodeIfPresent` as optional.
struct ProbeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: ObjectRecorder
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (node, value) = try SchemaProbe.probe(type)
        recorder.record(key.stringValue, node, required: true)
        return value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let (node, value) = try SchemaProbe.probe(type)
        recorder.record(key.stringValue, node, required: false)
        return value
    }

    // The protocol's concrete overloads route to the generic ones above.
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type as Bool.Type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type as String.Type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type as Double.Type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type as Float.Type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type as Int.Type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type as Int8.Type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type as Int16.Type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type as Int32.Type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type as Int64.Type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type as UInt.Type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type as UInt8.Type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type as UInt16.Type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type as UInt32.Type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type as UInt64.Type, key) }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        let (node, value) = try SchemaProbe.probe(type)
        recorder.record(key.stringValue, node, required: true)
        return value
    }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        let (node, value) = try SchemaProbe.probe(type)
        recorder.record(key.stringValue, node, required: false)
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw SchemaProbeError(description: "nested containers are not probed; decode a nested type instead")
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw SchemaProbeError(description: "nested containers are not probed; decode a nested type instead")
    }

    func superDecoder() throws -> any Decoder { throw SchemaProbeError(description: "superDecoder is not probed") }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        throw SchemaProbeError(description: "superDecoder is not probed")
    }
}

/// The single-value container of ``ProbeDecoder``: records the one value a type decodes itself from.
struct ProbeSingleValueContainer: SingleValueDecodingContainer {
    let recorder: ObjectRecorder
    var codingPath: [any CodingKey] = []

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (node, value) = try SchemaProbe.probe(type)
        recorder.singleValue = node
        return value
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decode(type as Bool.Type, ()) }
    func decode(_ type: String.Type) throws -> String { try decode(type as String.Type, ()) }
    func decode(_ type: Double.Type) throws -> Double { try decode(type as Double.Type, ()) }
    func decode(_ type: Float.Type) throws -> Float { try decode(type as Float.Type, ()) }
    func decode(_ type: Int.Type) throws -> Int { try decode(type as Int.Type, ()) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decode(type as Int8.Type, ()) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decode(type as Int16.Type, ()) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decode(type as Int32.Type, ()) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decode(type as Int64.Type, ()) }
    func decode(_ type: UInt.Type) throws -> UInt { try decode(type as UInt.Type, ()) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(type as UInt8.Type, ()) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(type as UInt16.Type, ()) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(type as UInt32.Type, ()) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(type as UInt64.Type, ()) }

    private func decode<T: Decodable>(_ type: T.Type, _: Void) throws -> T {
        let (node, value) = try SchemaProbe.probe(type)
        recorder.singleValue = node
        return value
    }
}
