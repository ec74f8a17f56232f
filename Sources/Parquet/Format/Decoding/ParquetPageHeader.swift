/// A PageHeader as read from any writer: data pages v1 and v2, dictionary pages, and any other page type (index
/// pages, newer types) kept as ``Kind/other(_:)`` so the reader can skip it.
public struct ParquetPageHeader: Sendable, Hashable {
    /// The page type with its type-specific header.
    public enum Kind: Sendable, Hashable {
        /// DATA_PAGE (0) with its DataPageHeader.
        case data(DataPage)
        /// DICTIONARY_PAGE (2) with its DictionaryPageHeader.
        case dictionary(numValues: Int32, encoding: Int32)
        /// DATA_PAGE_V2 (3) with its DataPageHeaderV2.
        case dataV2(DataPageV2)
        /// Any other page type (INDEX_PAGE 1, unknown ones), by its raw value.
        case other(Int32)
    }

    /// DataPageHeader (v1): levels and values share the compressed body.
    public struct DataPage: Sendable, Hashable {
        /// Values including nulls.
        public var numValues: Int32
        /// The values' raw Encoding.
        public var encoding: Int32
        public var definitionLevelEncoding: Int32
        public var repetitionLevelEncoding: Int32
    }

    /// DataPageHeaderV2: uncompressed levels first (no length prefixes), then the values, compressed when
    /// ``isCompressed``.
    public struct DataPageV2: Sendable, Hashable {
        public var numValues: Int32
        public var numNulls: Int32
        public var numRows: Int32
        public var encoding: Int32
        public var definitionLevelsByteLength: Int32
        public var repetitionLevelsByteLength: Int32
        public var isCompressed: Bool
    }

    public var kind: Kind
    /// The body before compression (v2: levels included).
    public var uncompressedSize: Int32
    /// The bytes that follow the header.
    public var compressedSize: Int32

    /// Decodes a PageHeader struct at the reader's position; the reader ends just after it, at the page body.
    public init(from reader: inout ThriftCompactReader) throws {
        let start = reader.baseOffset + reader.position
        var type: Int32?
        var uncompressed: Int32?
        var compressed: Int32?
        var data: DataPage?
        var dictionary: (Int32, Int32)?
        var dataV2: DataPageV2?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): type = try reader.readI32()
            case (2, .i32): uncompressed = try reader.readI32()
            case (3, .i32): compressed = try reader.readI32()
            case (5, .struct): data = try Self.dataPage(from: &reader)
            case (7, .struct): dictionary = try Self.dictionaryPage(from: &reader)
            case (8, .struct): dataV2 = try Self.dataPageV2(from: &reader)
            default: try reader.skip(field.type)
            }
        }
        guard let type, let uncompressed, let compressed else {
            throw ParquetReadError(.corrupt, "a page header without type or sizes", offset: start)
        }
        guard uncompressed >= 0, compressed >= 0 else {
            throw ParquetReadError(
                .corrupt, "a page header with negative sizes (\(uncompressed), \(compressed))", offset: start)
        }
        switch type {
        case 0:
            guard let data else { throw ParquetReadError(.corrupt, "a data page without its header", offset: start) }
            kind = .data(data)
        case 2:
            guard let (count, encoding) = dictionary else {
                throw ParquetReadError(.corrupt, "a dictionary page without its header", offset: start)
            }
            kind = .dictionary(numValues: count, encoding: encoding)
        case 3:
            guard let dataV2 else {
                throw ParquetReadError(.corrupt, "a v2 data page without its header", offset: start)
            }
            kind = .dataV2(dataV2)
        default:
            kind = .other(type)
        }
        uncompressedSize = uncompressed
        compressedSize = compressed
    }

    private static func dataPage(from reader: inout ThriftCompactReader) throws -> DataPage {
        let start = reader.baseOffset + reader.position
        var numValues: Int32?
        var encoding: Int32?
        var definition: Int32 = 3
        var repetition: Int32 = 3
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): numValues = try reader.readI32()
            case (2, .i32): encoding = try reader.readI32()
            case (3, .i32): definition = try reader.readI32()
            case (4, .i32): repetition = try reader.readI32()
            default: try reader.skip(field.type)
            }
        }
        guard let numValues, let encoding, numValues >= 0 else {
            throw ParquetReadError(.corrupt, "a DataPageHeader without num_values or encoding", offset: start)
        }
        return DataPage(
            numValues: numValues, encoding: encoding, definitionLevelEncoding: definition,
            repetitionLevelEncoding: repetition)
    }

    private static func dictionaryPage(from reader: inout ThriftCompactReader) throws -> (Int32, Int32) {
        let start = reader.baseOffset + reader.position
        var numValues: Int32?
        var encoding: Int32 = 0
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): numValues = try reader.readI32()
            case (2, .i32): encoding = try reader.readI32()
            default: try reader.skip(field.type)
            }
        }
        guard let numValues, numValues >= 0 else {
            throw ParquetReadError(.corrupt, "a DictionaryPageHeader without num_values", offset: start)
        }
        return (numValues, encoding)
    }

    private static func dataPageV2(from reader: inout ThriftCompactReader) throws -> DataPageV2 {
        let start = reader.baseOffset + reader.position
        var values: Int32?
        var nulls: Int32?
        var rows: Int32?
        var encoding: Int32?
        var definitionLength: Int32?
        var repetitionLength: Int32?
        var isCompressed = true
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): values = try reader.readI32()
            case (2, .i32): nulls = try reader.readI32()
            case (3, .i32): rows = try reader.readI32()
            case (4, .i32): encoding = try reader.readI32()
            case (5, .i32): definitionLength = try reader.readI32()
            case (6, .i32): repetitionLength = try reader.readI32()
            case (7, .boolTrue), (7, .boolFalse): isCompressed = reader.bool(field)
            default: try reader.skip(field.type)
            }
        }
        guard let values, let nulls, let rows, let encoding, let definitionLength, let repetitionLength,
            values >= 0, nulls >= 0, rows >= 0, definitionLength >= 0, repetitionLength >= 0
        else {
            throw ParquetReadError(.corrupt, "a DataPageHeaderV2 with missing or negative fields", offset: start)
        }
        return DataPageV2(
            numValues: values, numNulls: nulls, numRows: rows, encoding: encoding,
            definitionLevelsByteLength: definitionLength, repetitionLevelsByteLength: repetitionLength,
            isCompressed: isCompressed)
    }
}
