/// Writes a Parquet file of flat, optional columns row by row into `output`, one row group at a time: memory is
/// bounded by ``ParquetWriterOptions/rowGroupSizeLimit`` whatever the file's size.
///
/// Per row, give every column a value with ``append(_:to:)`` (`nil` for null), then call ``endRow()``; then
/// ``finish()``. `output` receives the file's bytes in order (a file, an upload part).
public struct ParquetFileWriter {
    public let columns: [ColumnDescription]
    public let options: ParquetWriterOptions
    public let createdBy: String
    private let output: ([UInt8]) throws -> Void

    private var chunks: [ColumnChunkWriter]
    private var rowGroups: [RowGroup] = []
    private var rowsInGroup: Int64 = 0
    private var totalRows: Int64 = 0
    private var position: Int64 = 0
    private var started = false

    public init(
        columns: [ColumnDescription], options: ParquetWriterOptions = .init(),
        createdBy: String = "finops-operator version 0.0.0", output: @escaping ([UInt8]) throws -> Void
    ) {
        self.columns = columns
        self.options = options
        self.createdBy = createdBy
        self.output = output
        chunks = columns.map { ColumnChunkWriter(column: $0, options: options) }
    }

    public mutating func append(_ value: [UInt8]?, to column: Int) { chunks[column].append(value) }

    /// A non-null value read in place (no copy unless it is new to the dictionary or extends the statistics).
    public mutating func append(_ value: UnsafeBufferPointer<UInt8>, to column: Int) { chunks[column].append(value) }

    public mutating func appendNull(to column: Int) { chunks[column].appendNull() }

    public mutating func endRow() throws {
        rowsInGroup += 1
        if chunks.reduce(0, { $0 + $1.bufferedBytes }) >= options.rowGroupSizeLimit { try flushRowGroup() }
    }

    /// Writes the last row group and the footer.
    public mutating func finish() throws {
        try flushRowGroup()
        if !started { try emit(Array("PAR1".utf8)) }
        let footer = FileMetaData(
            schema: [.root(children: columns.count)] + columns.map(\.schemaElement), numRows: totalRows,
            rowGroups: rowGroups, createdBy: createdBy
        ).encoded
        try emit(footer + withUnsafeBytes(of: UInt32(footer.count).littleEndian) { Array($0) } + Array("PAR1".utf8))
    }

    private mutating func flushRowGroup() throws {
        guard rowsInGroup > 0 else { return }
        if !started { try emit(Array("PAR1".utf8)) }
        let start = position
        var metadata: [ColumnMetaData] = []
        for index in chunks.indices {
            let (bytes, column) = chunks[index].finish(at: position)
            try emit(bytes)
            metadata.append(column)
        }
        rowGroups.append(RowGroup(columns: metadata, numRows: rowsInGroup, fileOffset: start))
        totalRows += rowsInGroup
        rowsInGroup = 0
    }

    private mutating func emit(_ bytes: [UInt8]) throws {
        started = true
        try output(bytes)
        position += Int64(bytes.count)
    }
}
