/// The write side of the Thrift compact protocol: what a Parquet footer (`FileMetaData`) and page headers need.
///
/// Structs nest: ``beginStruct()`` opens one (at the top level or as a list element), ``beginStructField(_:)`` opens
/// one as a field, ``endStruct()`` writes its STOP byte. Field ids are delta-coded against the previous field of the
/// same struct, so fields must be written in increasing id order to take the short form (any order is valid Thrift;
/// a decreasing id takes the long form). See `docs/design/parquet-writer.md` §2 for the rules and worked bytes.
public struct ThriftCompactWriter: Sendable {
    /// Compact protocol type ids.
    public enum ElementType: UInt8, Sendable {
        case boolTrue = 1
        case boolFalse = 2
        case byte = 3
        case i16 = 4
        case i32 = 5
        case i64 = 6
        case double = 7
        case binary = 8
        case list = 9
        case set = 10
        case map = 11
        case `struct` = 12
    }

    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8] = []
    /// The last field id written in each open struct, innermost last.
    private var lastFieldIDs: [Int16] = []

    public init() {}

    // MARK: - Structs

    /// Opens a struct at the top level or as a list element.
    public mutating func beginStruct() { lastFieldIDs.append(0) }

    /// Closes the innermost struct with its STOP byte.
    public mutating func endStruct() {
        precondition(!lastFieldIDs.isEmpty, "endStruct without an open struct")
        bytes.append(0)
        lastFieldIDs.removeLast()
    }

    /// Opens a struct as field `id` of the current struct.
    public mutating func beginStructField(_ id: Int16) {
        fieldHeader(id, .struct)
        beginStruct()
    }

    // MARK: - Scalar fields

    public mutating func field(_ id: Int16, bool value: Bool) { fieldHeader(id, value ? .boolTrue : .boolFalse) }

    public mutating func field(_ id: Int16, i32 value: Int32) {
        fieldHeader(id, .i32)
        varint(zigzag(Int64(value)))
    }

    public mutating func field(_ id: Int16, i64 value: Int64) {
        fieldHeader(id, .i64)
        varint(zigzag(value))
    }

    public mutating func field(_ id: Int16, binary value: some Collection<UInt8>) {
        fieldHeader(id, .binary)
        element(binary: value)
    }

    public mutating func field(_ id: Int16, string value: String) { field(id, binary: value.utf8) }

    // MARK: - Lists

    /// Starts list field `id` of `count` elements of `type`; write them next with the `element` methods (struct
    /// elements with ``beginStruct()``/``endStruct()``).
    public mutating func beginListField(_ id: Int16, of type: ElementType, count: Int) {
        fieldHeader(id, .list)
        listHeader(type, count: count)
    }

    public mutating func element(i32 value: Int32) { varint(zigzag(Int64(value))) }

    public mutating func element(i64 value: Int64) { varint(zigzag(value)) }

    public mutating func element(binary value: some Collection<UInt8>) {
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func element(string value: String) { element(binary: value.utf8) }

    /// A bool list element: one byte, 1 or 0 (unlike a bool field, whose value is its type nibble).
    public mutating func element(bool value: Bool) { bytes.append(value ? 1 : 0) }

    // MARK: - Encoding

    private mutating func listHeader(_ type: ElementType, count: Int) {
        precondition(count >= 0, "negative list size")
        let elementType: UInt8 = type == .boolFalse ? ElementType.boolTrue.rawValue : type.rawValue
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType)
        } else {
            bytes.append(0xF0 | elementType)
            varint(UInt64(count))
        }
    }

    private mutating func fieldHeader(_ id: Int16, _ type: ElementType) {
        precondition(!lastFieldIDs.isEmpty, "a field outside any struct")
        let delta = Int(id) - Int(lastFieldIDs[lastFieldIDs.count - 1])
        if (1...15).contains(delta) {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastFieldIDs[lastFieldIDs.count - 1] = id
    }

    private func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    /// ULEB128: 7 bits a byte, low group first, the high bit set on every byte but the last.
    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
