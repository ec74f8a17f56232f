/// A file's footer (FileMetaData) as read from any writer: the fields a reader needs, every other field skipped.
///
/// The writer's ``FileMetaData`` models only what we write; these read-side structs keep raw enum values where other
/// writers may use ones we do not support (codecs, encodings), so the reader can name them in its errors.
public struct ParquetMetadata: Sendable, Hashable {
    /// 1: the format version (1 or 2 in practice).
    public var version: Int32
    /// 2: the schema, flattened depth-first: the root first.
    public var schema: [ParquetSchemaElement]
    /// 3
    public var numRows: Int64
    /// 4
    public var rowGroups: [ParquetRowGroupMetadata]
    /// 5: application metadata (pyarrow's `ARROW:schema`, `focus_version`, …) in file order.
    public var keyValueMetadata: [ParquetKeyValue]
    /// 6: the writing application, `<app> version <x.y.z> …` by convention.
    public var createdBy: String?

    /// A footer with the given fields.
    public init(
        version: Int32, schema: [ParquetSchemaElement], numRows: Int64, rowGroups: [ParquetRowGroupMetadata],
        keyValueMetadata: [ParquetKeyValue] = [], createdBy: String? = nil
    ) {
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
        self.keyValueMetadata = keyValueMetadata
        self.createdBy = createdBy
    }

    /// Decodes a FileMetaData struct at the reader's position.
    public init(from reader: inout ThriftCompactReader) throws {
        let start = reader.baseOffset + reader.position
        var version: Int32 = 0
        var schema: [ParquetSchemaElement]?
        var numRows: Int64?
        var rowGroups: [ParquetRowGroupMetadata]?
        var keyValues: [ParquetKeyValue] = []
        var createdBy: String?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): version = try reader.readI32()
            case (2, .list):
                var elements: [ParquetSchemaElement] = []
                try reader.readList(of: .struct) { elements.append(try ParquetSchemaElement(from: &$0)) }
                schema = elements
            case (3, .i64): numRows = try reader.readI64()
            case (4, .list):
                var groups: [ParquetRowGroupMetadata] = []
                try reader.readList(of: .struct) { groups.append(try ParquetRowGroupMetadata(from: &$0)) }
                rowGroups = groups
            case (5, .list): keyValues = try ParquetKeyValue.list(from: &reader)
            case (6, .binary): createdBy = try reader.readString()
            default: try reader.skip(field.type)
            }
        }
        guard let schema, let numRows, let rowGroups else {
            throw ParquetReadError(.corrupt, "the footer lacks its schema, num_rows or row_groups", offset: start)
        }
        self.init(
            version: version, schema: schema, numRows: numRows, rowGroups: rowGroups, keyValueMetadata: keyValues,
            createdBy: createdBy)
    }

    /// Decodes a whole footer: `bytes` are the FileMetaData, which starts at file offset `offset`.
    public init(footer bytes: [UInt8], offset: Int = 0) throws {
        var reader = ThriftCompactReader(bytes: bytes, baseOffset: offset)
        try self.init(from: &reader)
    }
}

/// struct KeyValue.
public struct ParquetKeyValue: Sendable, Hashable {
    public var key: String
    public var value: String?

    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    /// A list<KeyValue> at the reader's position.
    static func list(from reader: inout ThriftCompactReader) throws -> [ParquetKeyValue] {
        var result: [ParquetKeyValue] = []
        try reader.readList(of: .struct) { reader in
            var key: String?
            var value: String?
            try reader.readStruct { reader, field in
                switch (field.id, field.type) {
                case (1, .binary): key = try reader.readString()
                case (2, .binary): value = try reader.readString()
                default: try reader.skip(field.type)
                }
            }
            result.append(ParquetKeyValue(key: key ?? "", value: value))
        }
        return result
    }
}

/// struct RowGroup as read.
public struct ParquetRowGroupMetadata: Sendable, Hashable {
    /// 1: one chunk per leaf column, in schema order.
    public var columns: [ParquetColumnChunkMetadata]
    /// 2
    public var totalByteSize: Int64
    /// 3
    public var numRows: Int64

    public init(columns: [ParquetColumnChunkMetadata], totalByteSize: Int64, numRows: Int64) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numRows = numRows
    }

    /// Decodes a RowGroup struct at the reader's position.
    public init(from reader: inout ThriftCompactReader) throws {
        let start = reader.baseOffset + reader.position
        var columns: [ParquetColumnChunkMetadata]?
        var totalByteSize: Int64 = 0
        var numRows: Int64?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .list):
                var chunks: [ParquetColumnChunkMetadata] = []
                try reader.readList(of: .struct) { chunks.append(try ParquetColumnChunkMetadata(from: &$0)) }
                columns = chunks
            case (2, .i64): totalByteSize = try reader.readI64()
            case (3, .i64): numRows = try reader.readI64()
            default: try reader.skip(field.type)
            }
        }
        guard let columns, let numRows else {
            throw ParquetReadError(.corrupt, "a RowGroup without columns or num_rows", offset: start)
        }
        self.init(columns: columns, totalByteSize: totalByteSize, numRows: numRows)
    }
}

/// A ColumnChunk and its ColumnMetaData as read (field ids of ColumnMetaData unless marked "chunk").
public struct ParquetColumnChunkMetadata: Sendable, Hashable {
    /// chunk 1: set when the chunk lives in another file (not supported by the reader).
    public var filePath: String?
    /// 1
    public var type: PhysicalType
    /// 2: raw Encoding values, as the writer listed them.
    public var encodings: [Int32]
    /// 3
    public var path: [String]
    /// 4: the raw CompressionCodec value; see ``codec``.
    public var codecRawValue: Int32
    /// 5: values including nulls.
    public var numValues: Int64
    /// 6
    public var totalUncompressedSize: Int64
    /// 7: the chunk's bytes in the file, page headers included.
    public var totalCompressedSize: Int64
    /// 8
    public var keyValueMetadata: [ParquetKeyValue]
    /// 9: the first data page.
    public var dataPageOffset: Int64
    /// 11: the dictionary page, when the writer recorded it.
    public var dictionaryPageOffset: Int64?
    /// 12
    public var statistics: ParquetStatistics?

    public init(
        filePath: String? = nil, type: PhysicalType, encodings: [Int32], path: [String], codecRawValue: Int32,
        numValues: Int64, totalUncompressedSize: Int64, totalCompressedSize: Int64,
        keyValueMetadata: [ParquetKeyValue] = [], dataPageOffset: Int64, dictionaryPageOffset: Int64? = nil,
        statistics: ParquetStatistics? = nil
    ) {
        self.filePath = filePath
        self.type = type
        self.encodings = encodings
        self.path = path
        self.codecRawValue = codecRawValue
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.keyValueMetadata = keyValueMetadata
        self.dataPageOffset = dataPageOffset
        self.dictionaryPageOffset = dictionaryPageOffset
        self.statistics = statistics
    }

    /// The codec, `nil` when it is one the reader does not decompress (see ``codecName``).
    public var codec: CompressionCodec? { CompressionCodec(rawValue: codecRawValue) }

    /// The codec's name in parquet.thrift (`LZ4_RAW`, …).
    public var codecName: String {
        let names = ["UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"]
        return names.indices.contains(Int(codecRawValue)) ? names[Int(codecRawValue)] : "codec \(codecRawValue)"
    }

    /// Decodes a ColumnChunk struct (with its ColumnMetaData) at the reader's position.
    public init(from reader: inout ThriftCompactReader) throws {
        let start = reader.baseOffset + reader.position
        var filePath: String?
        var metadata: ParquetColumnChunkMetadata?
        var encrypted = false
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .binary): filePath = try reader.readString()
            case (3, .struct): metadata = try Self.columnMetaData(from: &reader)
            case (8, _), (9, _):
                encrypted = true
                try reader.skip(field.type)
            default: try reader.skip(field.type)
            }
        }
        guard var metadata else {
            throw ParquetReadError(
                encrypted ? .unsupported : .corrupt,
                encrypted ? "the column chunk is encrypted" : "a ColumnChunk without meta_data", offset: start)
        }
        metadata.filePath = filePath
        self = metadata
    }

    private static func columnMetaData(from reader: inout ThriftCompactReader) throws -> ParquetColumnChunkMetadata {
        let start = reader.baseOffset + reader.position
        var type: PhysicalType?
        var encodings: [Int32] = []
        var path: [String] = []
        var codec: Int32?
        var numValues: Int64?
        var uncompressed: Int64 = 0
        var compressed: Int64?
        var keyValues: [ParquetKeyValue] = []
        var dataPageOffset: Int64?
        var dictionaryPageOffset: Int64?
        var statistics: ParquetStatistics?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32):
                let at = reader.baseOffset + reader.position
                let raw = try reader.readI32()
                guard let physical = PhysicalType(rawValue: raw) else {
                    throw ParquetReadError(.corrupt, "unknown physical type \(raw)", offset: at)
                }
                type = physical
            case (2, .list): try reader.readList(of: .i32) { encodings.append(try $0.readI32()) }
            case (3, .list): try reader.readList(of: .binary) { path.append(try $0.readString()) }
            case (4, .i32): codec = try reader.readI32()
            case (5, .i64): numValues = try reader.readI64()
            case (6, .i64): uncompressed = try reader.readI64()
            case (7, .i64): compressed = try reader.readI64()
            case (8, .list): keyValues = try ParquetKeyValue.list(from: &reader)
            case (9, .i64): dataPageOffset = try reader.readI64()
            case (11, .i64): dictionaryPageOffset = try reader.readI64()
            case (12, .struct): statistics = try ParquetStatistics(from: &reader)
            default: try reader.skip(field.type)
            }
        }
        guard let type, let codec, let numValues, let compressed, let dataPageOffset else {
            throw ParquetReadError(
                .corrupt,
                "a ColumnMetaData without type, codec, num_values, total_compressed_size or data_page_offset",
                offset: start)
        }
        return ParquetColumnChunkMetadata(
            type: type, encodings: encodings, path: path, codecRawValue: codec, numValues: numValues,
            totalUncompressedSize: uncompressed, totalCompressedSize: compressed, keyValueMetadata: keyValues,
            dataPageOffset: dataPageOffset, dictionaryPageOffset: dictionaryPageOffset, statistics: statistics)
    }
}

/// struct Statistics as read: every field optional; bounds are PLAIN-encoded (byte arrays without their length).
public struct ParquetStatistics: Sendable, Hashable {
    /// 3
    public var nullCount: Int64?
    /// 4
    public var distinctCount: Int64?
    /// 5, 6: the bounds in the column's sort order …
    public var maxValue: [UInt8]?
    public var minValue: [UInt8]?
    /// 1, 2: … or the deprecated signed-order ones.
    public var legacyMax: [UInt8]?
    public var legacyMin: [UInt8]?

    public init() {}

    /// Decodes a Statistics struct at the reader's position.
    public init(from reader: inout ThriftCompactReader) throws {
        var statistics = ParquetStatistics()
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .binary): statistics.legacyMax = try reader.readBinary()
            case (2, .binary): statistics.legacyMin = try reader.readBinary()
            case (3, .i64): statistics.nullCount = try reader.readI64()
            case (4, .i64): statistics.distinctCount = try reader.readI64()
            case (5, .binary): statistics.maxValue = try reader.readBinary()
            case (6, .binary): statistics.minValue = try reader.readBinary()
            default: try reader.skip(field.type)
            }
        }
        self = statistics
    }
}
