/// A leaf column of a file we write: always OPTIONAL (FOCUS columns may be null), flat.
public struct ColumnDescription: Sendable, Hashable {
    public enum ValueType: Sendable, Hashable {
        /// BYTE_ARRAY with the STRING logical type; statistics by unsigned bytes.
        case string
        /// BYTE_ARRAY with the JSON logical type.
        case json
        /// FIXED_LEN_BYTE_ARRAY(16), DECIMAL(38, scale): the unscaled value as 16 big-endian two's-complement bytes;
        /// statistics by signed value.
        case decimal(scale: Int32)
        /// INT64 TIMESTAMP(MICROS, UTC): 8 little-endian bytes; statistics by signed value.
        case timestampMicros
    }

    public var name: String
    public var type: ValueType

    public init(name: String, type: ValueType) {
        self.name = name
        self.type = type
    }

    var physicalType: PhysicalType {
        switch type {
        case .string, .json: .byteArray
        case .decimal: .fixedLenByteArray
        case .timestampMicros: .int64
        }
    }

    /// The width of a fixed-size value, `nil` for byte arrays.
    var fixedWidth: Int? {
        switch type {
        case .string, .json: nil
        case .decimal: 16
        case .timestampMicros: 8
        }
    }

    var schemaElement: SchemaElement {
        switch type {
        case .string: SchemaElement(type: .byteArray, name: name, logicalType: .string)
        case .json: SchemaElement(type: .byteArray, name: name, logicalType: .json)
        case .decimal(let scale):
            SchemaElement(
                type: .fixedLenByteArray, typeLength: 16, name: name,
                logicalType: .decimal(scale: scale, precision: 38))
        case .timestampMicros: SchemaElement(type: .int64, name: name, logicalType: .timestampMicrosUTC)
        }
    }

    /// Whether `a` sorts before `b` in the column's order (TYPE_ORDER): unsigned bytes for byte arrays, the signed
    /// value for decimals (big-endian two's complement) and timestamps (little-endian).
    func less(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in less(a, b) } }
    }

    func less(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        switch type {
        case .string, .json:
            let common = min(a.count, b.count)
            for index in 0..<common where a[index] != b[index] { return a[index] < b[index] }
            return a.count < b.count
        case .decimal:
            // Big-endian two's complement: flip the sign bit, then unsigned bytes.
            if (a[0] ^ 0x80) != (b[0] ^ 0x80) { return (a[0] ^ 0x80) < (b[0] ^ 0x80) }
            for index in 1..<min(a.count, b.count) where a[index] != b[index] { return a[index] < b[index] }
            return false
        case .timestampMicros:
            return Self.int64(a) < Self.int64(b)
        }
    }

    static func int64(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64 {
        var value: UInt64 = 0
        for index in 0..<min(bytes.count, 8) { value |= UInt64(bytes[index]) << UInt64(8 * index) }
        return Int64(bitPattern: value)
    }
}
