/// The Thrift structs of a Parquet footer that this writer fills, each encoding itself with the compact protocol.
///
/// Field ids and types are parquet.thrift's (see `docs/design/parquet-writer.md` §1); only the fields we write
/// are modelled. Optional fields left `nil` are left out of the encoding.
public struct FileMetaData: Sendable, Hashable {
    /// 1: the format version; parquet.thrift asks writers for 1.
    public var version: Int32 = 1
    /// 2: the root (a group of ``rowGroups``' columns), then every leaf column in order.
    public var schema: [SchemaElement]
    /// 3
    public var numRows: Int64
    /// 4
    public var rowGroups: [RowGroup]
    /// 6: `<application> version <x.y.z>`, the shape parquet-mr parses before it trusts statistics.
    public var createdBy: String
    /// 7: TYPE_ORDER for each leaf column; without it pyarrow ignores min/max statistics.
    public var columnOrderCount: Int

    public init(schema: [SchemaElement], numRows: Int64, rowGroups: [RowGroup], createdBy: String) {
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
        self.createdBy = createdBy
        columnOrderCount = max(0, schema.count - 1)
    }

    /// The encoded footer (without its length and magic).
    public var encoded: [UInt8] {
        var writer = ThriftCompactWriter()
        write(to: &writer)
        return writer.bytes
    }

    public func write(to writer: inout ThriftCompactWriter) {
        writer.beginStruct()
        writer.field(1, i32: version)
        writer.beginListField(2, of: .struct, count: schema.count)
        for element in schema { element.write(to: &writer) }
        writer.field(3, i64: numRows)
        writer.beginListField(4, of: .struct, count: rowGroups.count)
        for group in rowGroups { group.write(to: &writer) }
        writer.field(6, string: createdBy)
        writer.beginListField(7, of: .struct, count: columnOrderCount)
        for _ in 0..<columnOrderCount {
            writer.beginStruct()  // ColumnOrder union
            writer.beginStructField(1)  // TYPE_ORDER
            writer.endStruct()
            writer.endStruct()
        }
        writer.endStruct()
    }
}

/// Physical types (enum Type).
public enum PhysicalType: Int32, Sendable, Hashable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7
}

/// enum FieldRepetitionType.
public enum Repetition: Int32, Sendable, Hashable {
    case required = 0, optional = 1, repeated = 2
}

/// enum CompressionCodec (the ones we write).
public enum CompressionCodec: Int32, Sendable, Hashable, CaseIterable {
    case uncompressed = 0, snappy = 1, gzip = 2, zstd = 6
}

/// enum Encoding (the ones we write).
public enum Encoding: Int32, Sendable, Hashable, Comparable {
    case plain = 0, rle = 3, rleDictionary = 8

    public static func < (lhs: Encoding, rhs: Encoding) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// enum PageType.
public enum PageType: Int32, Sendable, Hashable {
    case dataPage = 0, dictionaryPage = 2
}

/// The logical types of FOCUS columns, with the converted type parquet.thrift asks to write next to each.
public enum LogicalType: Sendable, Hashable {
    case string
    case decimal(scale: Int32, precision: Int32)
    case timestampMicrosUTC
    case json

    /// enum ConvertedType.
    var convertedType: Int32 {
        switch self {
        case .string: 0
        case .decimal: 5
        case .timestampMicrosUTC: 10
        case .json: 19
        }
    }

    func write(to writer: inout ThriftCompactWriter) {
        switch self {
        case .string:
            writer.beginStructField(1)
            writer.endStruct()
        case .decimal(let scale, let precision):
            writer.beginStructField(5)
            writer.field(1, i32: scale)
            writer.field(2, i32: precision)
            writer.endStruct()
        case .timestampMicrosUTC:
            writer.beginStructField(8)
            writer.field(1, bool: true)
            writer.beginStructField(2)  // TimeUnit
            writer.beginStructField(2)  // MICROS
            writer.endStruct()
            writer.endStruct()
            writer.endStruct()
        case .json:
            writer.beginStructField(12)
            writer.endStruct()
        }
    }
}

/// struct SchemaElement: the root group or a leaf column.
public struct SchemaElement: Sendable, Hashable {
    public var type: PhysicalType?
    public var typeLength: Int32?
    public var repetition: Repetition
    public var name: String
    public var numChildren: Int32?
    public var logicalType: LogicalType?

    /// The root: a required group of `children` columns.
    public static func root(children: Int) -> SchemaElement {
        SchemaElement(type: nil, typeLength: nil, repetition: .required, name: "schema", numChildren: Int32(children))
    }

    public init(
        type: PhysicalType?, typeLength: Int32? = nil, repetition: Repetition = .optional, name: String,
        numChildren: Int32? = nil, logicalType: LogicalType? = nil
    ) {
        self.type = type
        self.typeLength = typeLength
        self.repetition = repetition
        self.name = name
        self.numChildren = numChildren
        self.logicalType = logicalType
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.beginStruct()
        if let type { writer.field(1, i32: type.rawValue) }
        if let typeLength { writer.field(2, i32: typeLength) }
        writer.field(3, i32: repetition.rawValue)
        writer.field(4, string: name)
        if let numChildren { writer.field(5, i32: numChildren) }
        if let logicalType {
            writer.field(6, i32: logicalType.convertedType)
            if case .decimal(let scale, let precision) = logicalType {
                writer.field(7, i32: scale)
                writer.field(8, i32: precision)
            }
            writer.beginStructField(10)
            logicalType.write(to: &writer)
            writer.endStruct()
        }
        writer.endStruct()
    }
}

/// struct RowGroup.
public struct RowGroup: Sendable, Hashable {
    public var columns: [ColumnMetaData]
    public var numRows: Int64
    /// The file offset of the first page of the first column chunk.
    public var fileOffset: Int64

    public init(columns: [ColumnMetaData], numRows: Int64, fileOffset: Int64) {
        self.columns = columns
        self.numRows = numRows
        self.fileOffset = fileOffset
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.beginStruct()
        writer.beginListField(1, of: .struct, count: columns.count)
        for column in columns {
            writer.beginStruct()  // ColumnChunk
            writer.field(2, i64: 0)  // file_offset: deprecated, "set to 0"
            writer.beginStructField(3)
            column.write(to: &writer)
            writer.endStruct()
            writer.endStruct()
        }
        writer.field(2, i64: columns.reduce(0) { $0 + $1.totalUncompressedSize })
        writer.field(3, i64: numRows)
        writer.field(5, i64: fileOffset)
        writer.field(6, i64: columns.reduce(0) { $0 + $1.totalCompressedSize })
        writer.endStruct()
    }
}

/// struct ColumnMetaData of one column chunk.
public struct ColumnMetaData: Sendable, Hashable {
    public var type: PhysicalType
    /// Every encoding the pages use (levels included), written sorted.
    public var encodings: Set<Encoding>
    public var path: [String]
    public var codec: CompressionCodec
    /// Values including nulls.
    public var numValues: Int64
    /// Page headers plus bodies before compression.
    public var totalUncompressedSize: Int64
    /// Page headers plus bodies as written.
    public var totalCompressedSize: Int64
    public var dataPageOffset: Int64
    public var dictionaryPageOffset: Int64?
    public var statistics: Statistics
    public var encodingStats: [PageEncodingStats]

    public init(
        type: PhysicalType, encodings: Set<Encoding>, path: [String], codec: CompressionCodec, numValues: Int64,
        totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64,
        dictionaryPageOffset: Int64?, statistics: Statistics, encodingStats: [PageEncodingStats]
    ) {
        self.type = type
        self.encodings = encodings
        self.path = path
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
        self.dictionaryPageOffset = dictionaryPageOffset
        self.statistics = statistics
        self.encodingStats = encodingStats
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(1, i32: type.rawValue)
        let sorted = encodings.sorted()
        writer.beginListField(2, of: .i32, count: sorted.count)
        for encoding in sorted { writer.element(i32: encoding.rawValue) }
        writer.beginListField(3, of: .binary, count: path.count)
        for part in path { writer.element(string: part) }
        writer.field(4, i32: codec.rawValue)
        writer.field(5, i64: numValues)
        writer.field(6, i64: totalUncompressedSize)
        writer.field(7, i64: totalCompressedSize)
        writer.field(9, i64: dataPageOffset)
        if let dictionaryPageOffset { writer.field(11, i64: dictionaryPageOffset) }
        writer.beginStructField(12)
        statistics.write(to: &writer)
        writer.endStruct()
        writer.beginListField(13, of: .struct, count: encodingStats.count)
        for stats in encodingStats {
            writer.beginStruct()
            writer.field(1, i32: stats.pageType.rawValue)
            writer.field(2, i32: stats.encoding.rawValue)
            writer.field(3, i32: stats.count)
            writer.endStruct()
        }
    }
}

/// struct Statistics: what we write of it (the deprecated `min`/`max` never).
public struct Statistics: Sendable, Hashable {
    public var nullCount: Int64
    /// PLAIN-encoded bounds (no length prefix for byte arrays); `nil` when unknown or too long.
    public var maxValue: [UInt8]?
    public var minValue: [UInt8]?

    public init(nullCount: Int64, maxValue: [UInt8]? = nil, minValue: [UInt8]? = nil) {
        self.nullCount = nullCount
        self.maxValue = maxValue
        self.minValue = minValue
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.field(3, i64: nullCount)
        if let maxValue { writer.field(5, binary: maxValue) }
        if let minValue { writer.field(6, binary: minValue) }
    }
}

/// struct PageEncodingStats.
public struct PageEncodingStats: Sendable, Hashable {
    public var pageType: PageType
    public var encoding: Encoding
    public var count: Int32

    public init(pageType: PageType, encoding: Encoding, count: Int32) {
        self.pageType = pageType
        self.encoding = encoding
        self.count = count
    }
}
