/// Reads Parquet files with a flat schema (no nesting or repetition), one row group at a time: memory is bounded by
/// a row group's decoded columns, whatever the file's size.
///
/// Opening reads and checks the footer and the schema; ``readRowGroup(_:)`` decodes one row group's columns,
/// ``readColumn(_:rowGroup:)`` one column chunk, and ``rows()`` walks every row. Physical types: BOOLEAN, INT32,
/// INT64, INT96 (as timestamps), FLOAT, DOUBLE, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY. Pages: dictionary, data v1 and v2;
/// encodings PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY, RLE (levels and booleans), BYTE_STREAM_SPLIT; codecs
/// UNCOMPRESSED, SNAPPY, GZIP, ZSTD. Anything else throws ``ParquetReadError`` with code `unsupported`, naming it.
///
/// Every failure is a ``ParquetReadError`` that says what and where; no input makes the reader trap.
public struct ParquetFileReader: Sendable {
    /// Where the bytes come from.
    public let source: any ParquetByteSource
    public let limits: ParquetReadLimits
    /// The decoded footer.
    public let metadata: ParquetMetadata
    /// The leaf columns, in schema order.
    public let columns: [ParquetColumn]
    /// Where the footer starts: column chunks must end before it.
    let footerOffset: Int

    /// Opens the file at `path`.
    public init(path: String, limits: ParquetReadLimits = .init()) throws(ParquetReadError) {
        let source = try ParquetReadError.locating { try ParquetFileSource(path: path) }
        try self.init(source: source, limits: limits)
    }

    /// Reads a file held in memory.
    public init(bytes: [UInt8], limits: ParquetReadLimits = .init()) throws(ParquetReadError) {
        try self.init(source: ParquetBytesSource(bytes), limits: limits)
    }

    /// Reads a file of `size` bytes through `read(offset, count)`, which returns the `count` bytes at `offset`.
    public init(
        size: Int, limits: ParquetReadLimits = .init(),
        read: @escaping @Sendable (_ offset: Int, _ count: Int) throws -> [UInt8]
    ) throws(ParquetReadError) {
        try self.init(source: ParquetClosureSource(size: size, read: read), limits: limits)
    }

    /// Reads the file `source` gives access to: its footer is read and checked here.
    public init(source: any ParquetByteSource, limits: ParquetReadLimits = .init()) throws(ParquetReadError) {
        self.source = source
        self.limits = limits
        let size = source.size
        let magic = Array("PAR1".utf8)
        guard size >= 12 else {
            throw ParquetReadError(.notParquet, "a file of \(size) bytes is too short for Parquet (at least 12)")
        }
        let tail = try Self.read(source, offset: size - 8, count: 8)
        if Array(tail[4...]) == Array("PARE".utf8) {
            throw ParquetReadError(.unsupported, "the file is encrypted (PARE footer)")
        }
        guard Array(tail[4...]) == magic else {
            throw ParquetReadError(.notParquet, "the file does not end with PAR1", offset: size - 4)
        }
        guard try Self.read(source, offset: 0, count: 4) == magic else {
            throw ParquetReadError(.notParquet, "the file does not start with PAR1", offset: 0)
        }
        let length = Int(PlainDecoder.littleEndianUInt32(tail, at: 0))
        guard length <= size - 12 else {
            throw ParquetReadError(
                .truncated, "the footer claims \(length) bytes, the file has room for \(size - 12)", offset: size - 8)
        }
        guard length <= limits.maxFooterSize else {
            throw ParquetReadError(
                .limitExceeded, "the footer of \(length) bytes exceeds the limit of \(limits.maxFooterSize)",
                offset: size - 8)
        }
        footerOffset = size - 8 - length
        let footer = try Self.read(source, offset: footerOffset, count: length)
        let metadata = try ParquetReadError.locating { try ParquetMetadata(footer: footer, offset: size - 8 - length) }
        self.metadata = metadata
        columns = try ParquetReadError.locating { try FlatSchema.columns(of: metadata.schema) }
        try checkRowGroups()
    }

    /// Rows in the file.
    public var numRows: Int { Int(metadata.numRows) }

    /// Row groups in the file.
    public var rowGroupCount: Int { metadata.rowGroups.count }

    /// The column named `name`, if any.
    public func column(named name: String) -> ParquetColumn? { columns.first { $0.name == name } }

    /// Every row group's shape against the schema, before any page is read.
    private func checkRowGroups() throws(ParquetReadError) {
        var total: Int64 = 0
        for (index, group) in metadata.rowGroups.enumerated() {
            guard group.numRows >= 0, group.numRows <= Int64(limits.maxRowsPerRowGroup) else {
                throw ParquetReadError(
                    group.numRows < 0 ? .corrupt : .limitExceeded,
                    "the row group declares \(group.numRows) rows (limit \(limits.maxRowsPerRowGroup))",
                    rowGroup: index)
            }
            total += group.numRows
            guard group.columns.count == columns.count else {
                throw ParquetReadError(
                    .corrupt, "the row group has \(group.columns.count) column chunks for \(columns.count) columns",
                    rowGroup: index)
            }
            for (column, chunk) in zip(columns, group.columns) {
                func fail(_ code: ParquetReadError.Code, _ message: String) -> ParquetReadError {
                    ParquetReadError(code, message, rowGroup: index, column: column.name)
                }
                guard chunk.filePath == nil else {
                    throw fail(.unsupported, "the chunk lives in another file (\(chunk.filePath ?? ""))")
                }
                guard chunk.type == column.physicalType else {
                    throw fail(.corrupt, "the chunk is \(chunk.type), the schema says \(column.physicalType)")
                }
                guard chunk.path == [column.name] else {
                    throw fail(.corrupt, "the chunk's path is \(chunk.path), expected [\(column.name)]")
                }
                guard chunk.numValues == group.numRows else {
                    throw fail(.corrupt, "the chunk has \(chunk.numValues) values for \(group.numRows) rows")
                }
            }
        }
        guard total == metadata.numRows else {
            throw ParquetReadError(.corrupt, "the footer says \(metadata.numRows) rows, its row groups \(total)")
        }
    }

    // MARK: - Reading

    /// The values of column `column` (an index into ``columns``) in row group `rowGroup`.
    public func readColumn(_ column: Int, rowGroup: Int) throws(ParquetReadError) -> ParquetColumnValues {
        guard metadata.rowGroups.indices.contains(rowGroup), columns.indices.contains(column) else {
            throw ParquetReadError(
                .corrupt,
                "no column \(column) in row group \(rowGroup): the file has \(rowGroupCount) row groups of "
                    + "\(columns.count) columns")
        }
        let description = columns[column]
        let group = metadata.rowGroups[rowGroup]
        let chunk = group.columns[column]
        return try ParquetReadError.locating(rowGroup: rowGroup, column: description.name) {
            guard let codec = chunk.codec else {
                throw ParquetReadError(.unsupported, "the \(chunk.codecName) codec is not read")
            }
            let (start, length) = try chunkRange(chunk)
            let bytes = try Self.read(source, offset: start, count: length)
            var decoder = ColumnChunkDecoder(
                column: description, metadata: chunk, codec: codec, limits: limits, bytes: bytes, baseOffset: start,
                rows: Int(group.numRows))
            return try decoder.decode()
        }
    }

    /// Every column of row group `index`.
    public func readRowGroup(_ index: Int) throws(ParquetReadError) -> ParquetRowGroup {
        guard metadata.rowGroups.indices.contains(index) else {
            throw ParquetReadError(.corrupt, "no row group \(index): the file has \(rowGroupCount)")
        }
        var values: [ParquetColumnValues] = []
        values.reserveCapacity(columns.count)
        for column in columns.indices { values.append(try readColumn(column, rowGroup: index)) }
        return ParquetRowGroup(index: index, numRows: Int(metadata.rowGroups[index].numRows), columns: values)
    }

    /// Every row of the file in order, one row group decoded at a time.
    public func rows() -> ParquetRowIterator { ParquetRowIterator(reader: self) }

    /// Where a chunk's pages lie: from its dictionary page (or first data page) for `total_compressed_size` bytes,
    /// between the leading magic and the footer.
    private func chunkRange(_ chunk: ParquetColumnChunkMetadata) throws -> (Int, Int) {
        var start = chunk.dataPageOffset
        if let dictionary = chunk.dictionaryPageOffset, dictionary > 0, dictionary < start { start = dictionary }
        let length = chunk.totalCompressedSize
        guard start >= 4, length >= 0, start <= Int64(footerOffset), length <= Int64(footerOffset) - start else {
            throw ParquetReadError(
                .corrupt, "the chunk's \(length) bytes at \(start) lie outside the data (4..<\(footerOffset))")
        }
        return (Int(start), Int(length))
    }

    private static func read(_ source: any ParquetByteSource, offset: Int, count: Int) throws(ParquetReadError)
        -> [UInt8]
    {
        let bytes: [UInt8]
        do {
            bytes = try source.read(offset: offset, count: count)
        } catch let error as ParquetReadError {
            throw error
        } catch {
            throw ParquetReadError(.io, "cannot read \(count) bytes: \(error)", offset: offset)
        }
        guard bytes.count == count else {
            throw ParquetReadError(.truncated, "read \(bytes.count) of \(count) bytes", offset: offset)
        }
        return bytes
    }
}

/// The decoded columns of one row group.
public struct ParquetRowGroup: Sendable {
    /// Its position in the file.
    public let index: Int
    public let numRows: Int
    /// One per leaf column, in schema order.
    public let columns: [ParquetColumnValues]

    /// Row `row`'s values, `nil` for nulls.
    public func row(_ row: Int) -> [ParquetValue?] { columns.map { $0[row] } }

    /// Row `row`'s values as text (see ``ParquetValueFormatter``), `nil` for nulls.
    public func textRow(_ row: Int, formatter: ParquetValueFormatter = .init()) -> [[UInt8]?] {
        columns.map { $0.text(row, formatter: formatter) }
    }
}

/// Walks a file's rows in order, decoding one row group at a time (so memory stays within a row group).
public struct ParquetRowIterator: Sendable {
    public let reader: ParquetFileReader
    private var nextGroup = 0
    private var current: ParquetRowGroup?
    private var row = 0

    init(reader: ParquetFileReader) { self.reader = reader }

    /// The next row's values (`nil` for nulls), or `nil` after the last row.
    public mutating func next() throws(ParquetReadError) -> [ParquetValue?]? {
        guard let (group, row) = try advance() else { return nil }
        return group.row(row)
    }

    /// The next row as text (`nil` for nulls), or `nil` after the last row.
    public mutating func nextText(formatter: ParquetValueFormatter = .init()) throws(ParquetReadError) -> [[UInt8]?]? {
        guard let (group, row) = try advance() else { return nil }
        return group.textRow(row, formatter: formatter)
    }

    private mutating func advance() throws(ParquetReadError) -> (ParquetRowGroup, Int)? {
        while current == nil || row >= current?.numRows ?? 0 {
            guard nextGroup < reader.rowGroupCount else {
                current = nil
                return nil
            }
            current = nil  // let the previous group go before decoding the next
            current = try reader.readRowGroup(nextGroup)
            nextGroup += 1
            row = 0
        }
        guard let current else { return nil }
        defer { row += 1 }
        return (current, row)
    }
}
