/// The unit of a TIME or TIMESTAMP logical type (union TimeUnit).
public enum ParquetTimeUnit: Sendable, Hashable, CaseIterable {
    case millis, micros, nanos

    /// Units per second.
    public var perSecond: Int64 {
        switch self {
        case .millis: 1000
        case .micros: 1_000_000
        case .nanos: 1_000_000_000
        }
    }

    /// Digits of a full fraction of a second in this unit.
    var fractionDigits: Int {
        switch self {
        case .millis: 3
        case .micros: 6
        case .nanos: 9
        }
    }
}

/// What a column's values mean beyond their physical type, as a reader sees it: the `logicalType` union of a
/// SchemaElement (parquet.thrift's LogicalType), or, for files without one, the legacy `converted_type` mapped to
/// the same cases. Nothing here is refused; ``ParquetColumn`` decides what it can present.
public enum ParquetLogicalType: Sendable, Hashable, CustomStringConvertible {
    /// STRING (UTF8): UTF-8 text.
    case string
    /// ENUM: UTF-8 text.
    case `enum`
    /// JSON: UTF-8 text holding a JSON document.
    case json
    /// BSON: a BSON document.
    case bson
    /// UUID: 16 bytes.
    case uuid
    /// DECIMAL: the value is the unscaled integer / 10^scale.
    case decimal(scale: Int32, precision: Int32)
    /// DATE: days since 1970-01-01 (INT32).
    case date
    /// TIME: time of day (INT32 millis, INT64 micros or nanos).
    case time(unit: ParquetTimeUnit, isAdjustedToUTC: Bool)
    /// TIMESTAMP: units since the epoch (INT64).
    case timestamp(unit: ParquetTimeUnit, isAdjustedToUTC: Bool)
    /// INTEGER (INT_8 … UINT_64): an integer of `bitWidth` bits, signed or not.
    case integer(bitWidth: Int8, isSigned: Bool)
    /// UNKNOWN: always null.
    case unknown
    /// FLOAT16: a half-precision float in a 2-byte FIXED_LEN_BYTE_ARRAY.
    case float16
    /// INTERVAL (converted type only): months, days and milliseconds as three little-endian UInt32.
    case interval
    /// MAP, LIST and MAP_KEY_VALUE: annotations of nested groups.
    case nested(String)
    /// A logical type this reader does not know (VARIANT, GEOMETRY, GEOGRAPHY, newer ones): its name or union id.
    case other(String)

    public var description: String {
        switch self {
        case .string: "STRING"
        case .enum: "ENUM"
        case .json: "JSON"
        case .bson: "BSON"
        case .uuid: "UUID"
        case .decimal(let scale, let precision): "DECIMAL(\(precision),\(scale))"
        case .date: "DATE"
        case .time(let unit, let utc): "TIME(\(unit),\(utc ? "UTC" : "local"))"
        case .timestamp(let unit, let utc): "TIMESTAMP(\(unit),\(utc ? "UTC" : "local"))"
        case .integer(let bits, let signed): "INT(\(bits),\(signed ? "signed" : "unsigned"))"
        case .unknown: "UNKNOWN"
        case .float16: "FLOAT16"
        case .interval: "INTERVAL"
        case .nested(let name): name
        case .other(let name): name
        }
    }

    /// The logical type a legacy `converted_type` stands for (`scale` and `precision` from the SchemaElement);
    /// `nil` for an unknown value.
    static func fromConvertedType(_ value: Int32, scale: Int32?, precision: Int32?) -> ParquetLogicalType? {
        switch value {
        case 0: .string
        case 1: .nested("MAP")
        case 2: .nested("MAP_KEY_VALUE")
        case 3: .nested("LIST")
        case 4: .enum
        case 5: .decimal(scale: scale ?? 0, precision: precision ?? 0)
        case 6: .date
        case 7: .time(unit: .millis, isAdjustedToUTC: true)
        case 8: .time(unit: .micros, isAdjustedToUTC: true)
        case 9: .timestamp(unit: .millis, isAdjustedToUTC: true)
        case 10: .timestamp(unit: .micros, isAdjustedToUTC: true)
        case 11: .integer(bitWidth: 8, isSigned: false)
        case 12: .integer(bitWidth: 16, isSigned: false)
        case 13: .integer(bitWidth: 32, isSigned: false)
        case 14: .integer(bitWidth: 64, isSigned: false)
        case 15: .integer(bitWidth: 8, isSigned: true)
        case 16: .integer(bitWidth: 16, isSigned: true)
        case 17: .integer(bitWidth: 32, isSigned: true)
        case 18: .integer(bitWidth: 64, isSigned: true)
        case 19: .json
        case 20: .bson
        case 21: .interval
        default: nil
        }
    }

    /// Decodes the LogicalType union (a struct with one field set) at the reader's position.
    init(from reader: inout ThriftCompactReader) throws {
        let start = reader.baseOffset + reader.position
        var result: ParquetLogicalType?
        try reader.readStruct { reader, field in
            guard field.type == .struct else { return try reader.skip(field.type) }
            switch field.id {
            case 5: result = try Self.decimal(from: &reader)
            case 7:
                let (unit, utc) = try Self.timeFields(from: &reader)
                result = .time(unit: unit, isAdjustedToUTC: utc)
            case 8:
                let (unit, utc) = try Self.timeFields(from: &reader)
                result = .timestamp(unit: unit, isAdjustedToUTC: utc)
            case 10: result = try Self.integer(from: &reader)
            default:
                // The types without parameters: an empty struct (skipped, in case a newer writer adds fields).
                result = Self.withoutParameters(field.id)
                try reader.skip(.struct)
            }
        }
        guard let result else { throw ParquetReadError(.corrupt, "a LogicalType with no type set", offset: start) }
        self = result
    }

    /// The union member `id` of the types that carry no fields.
    private static func withoutParameters(_ id: Int16) -> ParquetLogicalType {
        switch id {
        case 1: .string
        case 2: .nested("MAP")
        case 3: .nested("LIST")
        case 4: .enum
        case 6: .date
        case 11: .unknown
        case 12: .json
        case 13: .bson
        case 14: .uuid
        case 15: .float16
        case 16: .other("VARIANT")
        case 17: .other("GEOMETRY")
        case 18: .other("GEOGRAPHY")
        default: .other("logical type \(id)")
        }
    }

    /// DecimalType {1: required i32 scale, 2: required i32 precision}.
    private static func decimal(from reader: inout ThriftCompactReader) throws -> ParquetLogicalType {
        let start = reader.baseOffset + reader.position
        var scale: Int32?
        var precision: Int32?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): scale = try reader.readI32()
            case (2, .i32): precision = try reader.readI32()
            default: try reader.skip(field.type)
            }
        }
        guard let scale, let precision else {
            throw ParquetReadError(.corrupt, "a DecimalType without scale or precision", offset: start)
        }
        return .decimal(scale: scale, precision: precision)
    }

    /// TimeType and TimestampType {1: required bool isAdjustedToUTC, 2: required TimeUnit unit}.
    private static func timeFields(from reader: inout ThriftCompactReader) throws -> (ParquetTimeUnit, Bool) {
        let start = reader.baseOffset + reader.position
        var utc: Bool?
        var unit: ParquetTimeUnit?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .boolTrue), (1, .boolFalse): utc = reader.bool(field)
            case (2, .struct):
                try reader.readStruct { reader, unitField in
                    switch (unitField.id, unitField.type) {
                    case (1, .struct): unit = .millis
                    case (2, .struct): unit = .micros
                    case (3, .struct): unit = .nanos
                    default: break
                    }
                    try reader.skip(unitField.type)
                }
            default: try reader.skip(field.type)
            }
        }
        guard let utc, let unit else {
            throw ParquetReadError(
                .corrupt, "a TIME or TIMESTAMP type without isAdjustedToUTC or a unit", offset: start)
        }
        return (unit, utc)
    }

    /// IntType {1: required i8 bitWidth, 2: required bool isSigned}.
    private static func integer(from reader: inout ThriftCompactReader) throws -> ParquetLogicalType {
        let start = reader.baseOffset + reader.position
        var bits: Int8?
        var signed: Bool?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .byte): bits = Int8(bitPattern: try reader.readByte())
            case (2, .boolTrue), (2, .boolFalse): signed = reader.bool(field)
            default: try reader.skip(field.type)
            }
        }
        guard let bits, let signed else {
            throw ParquetReadError(.corrupt, "an IntType without bitWidth or isSigned", offset: start)
        }
        return .integer(bitWidth: bits, isSigned: signed)
    }
}
