/// A leaf column of a flat file, as the reader presents it: its name, physical and logical type, and what kind of
/// ``ParquetValue`` its values become.
public struct ParquetColumn: Sendable, Hashable {
    /// How the reader presents a column's values (the case of ``ParquetValue`` they become).
    public enum ValueKind: Sendable, Hashable {
        case boolean
        /// INT32 without annotation, or INT(8/16/32, signed).
        case int32
        /// INT64 without annotation, or INT(64, signed).
        case int64
        /// INT(8/16/32/64, unsigned).
        case unsignedInteger
        case float
        case double
        /// STRING, ENUM: UTF-8 text.
        case string
        /// JSON: UTF-8 text.
        case json
        /// Bytes without a text annotation (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, BSON, INTERVAL, FLOAT16).
        case bytes
        /// UUID: 16 bytes.
        case uuid
        /// DECIMAL(precision, scale) on INT32, INT64, FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY.
        case decimal(scale: Int32, precision: Int32)
        /// DATE on INT32.
        case date
        /// TIME on INT32 (millis) or INT64 (micros, nanos).
        case time(ParquetTimeUnit)
        /// TIMESTAMP on INT64, or an INT96 timestamp (nanoseconds).
        case timestamp(ParquetTimeUnit, isAdjustedToUTC: Bool)
        /// UNKNOWN: every value is null.
        case null
    }

    /// The column's name (its only path component: the schema is flat).
    public let name: String
    /// Its position among the leaf columns.
    public let index: Int
    public let physicalType: PhysicalType
    /// The width of a FIXED_LEN_BYTE_ARRAY (12 for INT96), 0 otherwise.
    public let typeLength: Int
    public let repetition: Repetition
    /// The logical type, or the converted type mapped to one; `nil` when the column has neither.
    public let logicalType: ParquetLogicalType?
    /// What its values become.
    public let valueKind: ValueKind

    /// Whether the column may hold nulls (OPTIONAL): its maximum definition level is 1, else 0.
    public var isOptional: Bool { repetition == .optional }

    /// The column described by the leaf `element` at `index`; throws ``ParquetReadError/Code/unsupported`` for a
    /// repeated column or a type annotation this reader cannot present, `corrupt` for impossible combinations.
    init(element: ParquetSchemaElement, index: Int) throws {
        func refuse(_ code: ParquetReadError.Code, _ message: String) -> ParquetReadError {
            ParquetReadError(code, message, column: element.name)
        }
        guard let physical = element.type else { throw refuse(.corrupt, "a leaf column without a physical type") }
        let repetition = element.repetition ?? .optional
        guard repetition != .repeated else {
            throw refuse(.unsupported, "the column is REPEATED: only flat schemas are read")
        }
        var length = 0
        if physical == .fixedLenByteArray {
            guard let declared = element.typeLength, declared > 0, declared <= 1 << 20 else {
                throw refuse(.corrupt, "a FIXED_LEN_BYTE_ARRAY without a valid type_length")
            }
            length = Int(declared)
        } else if physical == .int96 {
            length = 12
        }
        let logical = element.effectiveLogicalType
        self.name = element.name
        self.index = index
        self.physicalType = physical
        self.typeLength = length
        self.repetition = repetition
        self.logicalType = logical
        self.valueKind = try Self.valueKind(physical, logical, length: length) { refuse(.unsupported, $0) }
    }

    private static func valueKind(
        _ physical: PhysicalType, _ logical: ParquetLogicalType?, length: Int,
        refuse: (String) -> ParquetReadError
    ) throws -> ValueKind {
        func mismatch() -> ParquetReadError { refuse("\(logical.map { "\($0)" } ?? "no type") on \(physical)") }
        guard let logical else {
            switch physical {
            case .boolean: return .boolean
            case .int32: return .int32
            case .int64: return .int64
            case .int96: return .timestamp(.nanos, isAdjustedToUTC: true)
            case .float: return .float
            case .double: return .double
            case .byteArray, .fixedLenByteArray: return .bytes
            }
        }
        switch logical {
        case .string, .enum, .json:
            guard physical == .byteArray else { throw mismatch() }
            return logical == .json ? .json : .string
        case .bson:
            guard physical == .byteArray else { throw mismatch() }
            return .bytes
        case .uuid:
            guard physical == .fixedLenByteArray, length == 16 else { throw mismatch() }
            return .uuid
        case .float16, .interval:
            guard physical == .fixedLenByteArray else { throw mismatch() }
            return .bytes
        case .decimal(let scale, let precision):
            guard scale >= 0, precision > 0, scale <= precision else {
                throw refuse("DECIMAL(\(precision),\(scale)) is not a valid decimal")
            }
            switch physical {
            case .int32, .int64, .byteArray, .fixedLenByteArray: return .decimal(scale: scale, precision: precision)
            default: throw mismatch()
            }
        case .date:
            guard physical == .int32 else { throw mismatch() }
            return .date
        case .time(let unit, _):
            guard physical == (unit == .millis ? .int32 : .int64) else { throw mismatch() }
            return .time(unit)
        case .timestamp(let unit, let utc):
            guard physical == .int64 else { throw mismatch() }
            return .timestamp(unit, isAdjustedToUTC: utc)
        case .integer(let bits, let signed):
            // Old writers put narrow integers on INT64 too (pyarrow's format 1.0 stores UINT_32 that way).
            guard [8, 16, 32, 64].contains(bits), physical == .int64 || (physical == .int32 && bits <= 32) else {
                throw mismatch()
            }
            if !signed { return .unsignedInteger }
            return physical == .int64 ? .int64 : .int32
        case .unknown:
            return .null
        case .nested(let name):
            throw refuse("a \(name) annotation on a leaf column: only flat schemas are read")
        case .other(let name):
            // Values of unknown annotations are still plain physical values.
            _ = name
            return try valueKind(physical, nil, length: length, refuse: refuse)
        }
    }
}

/// The leaf columns of a flat schema: the root's direct children, none of them a group.
enum FlatSchema {
    /// The columns of `schema`, or an ``ParquetReadError/Code/unsupported`` error naming the first nested field.
    static func columns(of schema: [ParquetSchemaElement]) throws -> [ParquetColumn] {
        guard let root = schema.first else { throw ParquetReadError(.corrupt, "the schema is empty") }
        let children = Int(root.numChildren ?? 0)
        for element in schema.dropFirst() where element.numChildren != nil || element.type == nil {
            throw ParquetReadError(
                .unsupported, "\"\(element.name)\" is a group: only flat schemas (no nesting) are read",
                column: element.name)
        }
        guard children == schema.count - 1 else {
            throw ParquetReadError(
                .corrupt, "the root declares \(children) columns but the schema lists \(schema.count - 1)")
        }
        return try schema.dropFirst().enumerated().map { try ParquetColumn(element: $1, index: $0) }
    }
}
