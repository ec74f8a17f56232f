/// A SchemaElement as read from any writer's footer: the root, a group or a leaf column (parquet.thrift field ids in
/// the comments). The writer's ``SchemaElement`` models only what we write; this one keeps what readers need.
public struct ParquetSchemaElement: Sendable, Hashable {
    /// 1: the physical type; `nil` for groups (the root included).
    public var type: PhysicalType?
    /// 2: the width of a FIXED_LEN_BYTE_ARRAY.
    public var typeLength: Int32?
    /// 3: `nil` on roots that leave it out.
    public var repetition: Repetition?
    /// 4
    public var name: String
    /// 5: set on groups.
    public var numChildren: Int32?
    /// 6: the legacy annotation (enum ConvertedType), raw.
    public var convertedType: Int32?
    /// 7, 8: a DECIMAL's scale and precision, when given with the converted type.
    public var scale: Int32?
    public var precision: Int32?
    /// 9
    public var fieldID: Int32?
    /// 10: the logical type, when the writer set one.
    public var logicalType: ParquetLogicalType?

    /// An element with the given fields.
    public init(
        type: PhysicalType? = nil, typeLength: Int32? = nil, repetition: Repetition? = nil, name: String,
        numChildren: Int32? = nil, convertedType: Int32? = nil, scale: Int32? = nil, precision: Int32? = nil,
        fieldID: Int32? = nil, logicalType: ParquetLogicalType? = nil
    ) {
        self.type = type
        self.typeLength = typeLength
        self.repetition = repetition
        self.name = name
        self.numChildren = numChildren
        self.convertedType = convertedType
        self.scale = scale
        self.precision = precision
        self.fieldID = fieldID
        self.logicalType = logicalType
    }

    /// What the values mean: the logical type, else the converted type mapped to the same cases.
    public var effectiveLogicalType: ParquetLogicalType? {
        if let logicalType { return logicalType }
        guard let convertedType else { return nil }
        return ParquetLogicalType.fromConvertedType(convertedType, scale: scale, precision: precision)
            ?? .other("converted type \(convertedType)")
    }

    /// Decodes a SchemaElement struct at the reader's position.
    public init(from reader: inout ThriftCompactReader) throws {
        let start = reader.baseOffset + reader.position
        var element = ParquetSchemaElement(name: "")
        var hasName = false
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32):
                let at = reader.baseOffset + reader.position
                let raw = try reader.readI32()
                guard let type = PhysicalType(rawValue: raw) else {
                    throw ParquetReadError(.corrupt, "unknown physical type \(raw)", offset: at)
                }
                element.type = type
            case (2, .i32): element.typeLength = try reader.readI32()
            case (3, .i32):
                let at = reader.baseOffset + reader.position
                let raw = try reader.readI32()
                guard let repetition = Repetition(rawValue: raw) else {
                    throw ParquetReadError(.corrupt, "unknown repetition type \(raw)", offset: at)
                }
                element.repetition = repetition
            case (4, .binary):
                element.name = try reader.readString()
                hasName = true
            case (5, .i32): element.numChildren = try reader.readI32()
            case (6, .i32): element.convertedType = try reader.readI32()
            case (7, .i32): element.scale = try reader.readI32()
            case (8, .i32): element.precision = try reader.readI32()
            case (9, .i32): element.fieldID = try reader.readI32()
            case (10, .struct): element.logicalType = try ParquetLogicalType(from: &reader)
            default: try reader.skip(field.type)
            }
        }
        guard hasName else { throw ParquetReadError(.corrupt, "a SchemaElement without a name", offset: start) }
        self = element
    }
}
