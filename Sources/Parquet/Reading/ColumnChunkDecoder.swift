/// Decodes one column chunk of a flat column, page by page: the dictionary page, then v1 and v2 data pages
/// (PLAIN, dictionary indices, RLE booleans, BYTE_STREAM_SPLIT), skipping index and unknown pages.
///
/// The chunk's bytes are checked against the metadata as they are read: every page must lie inside the chunk, its
/// sizes within ``ParquetReadLimits``, its values within the row group's rows, and the pages must add up to exactly
/// the chunk's `num_values`. Errors carry the file offset of the page at fault.
struct ColumnChunkDecoder {
    let column: ParquetColumn
    let metadata: ParquetColumnChunkMetadata
    let codec: CompressionCodec
    let limits: ParquetReadLimits
    /// The chunk's bytes and the file offset of the first.
    let bytes: [UInt8]
    let baseOffset: Int
    /// The rows of the row group: the values the pages must hold in total.
    let rows: Int

    private var builder: ColumnBuilder
    private var dictionary: DenseValues?
    private var sawDataPage = false

    init(
        column: ParquetColumn, metadata: ParquetColumnChunkMetadata, codec: CompressionCodec,
        limits: ParquetReadLimits, bytes: [UInt8], baseOffset: Int, rows: Int
    ) {
        self.column = column
        self.metadata = metadata
        self.codec = codec
        self.limits = limits
        self.bytes = bytes
        self.baseOffset = baseOffset
        self.rows = rows
        builder = ColumnBuilder(column: column, rows: rows)
    }

    /// Decodes every page and returns the chunk's values.
    mutating func decode() throws -> ParquetColumnValues {
        var position = 0
        while builder.rows < rows {
            guard position < bytes.count else {
                throw ParquetReadError(
                    .corrupt, "the chunk's pages end after \(builder.rows) of its \(rows) values",
                    offset: baseOffset + position)
            }
            let pageOffset = baseOffset + position
            do {
                position = try decodePage(at: position)
            } catch let error as ParquetReadError {
                var located = error
                if located.offset == nil { located.offset = pageOffset }
                throw located
            }
        }
        return builder.finish()
    }

    /// Decodes the page whose header starts at `position`; returns the position after its body.
    private mutating func decodePage(at position: Int) throws -> Int {
        var reader = ThriftCompactReader(bytes: bytes, position: position, baseOffset: baseOffset)
        let header = try ParquetPageHeader(from: &reader)
        let bodyStart = reader.position
        let compressed = Int(header.compressedSize)
        let uncompressed = Int(header.uncompressedSize)
        guard compressed <= bytes.count - bodyStart else {
            throw ParquetReadError(
                .corrupt, "a page of \(compressed) bytes runs past the end of its column chunk",
                offset: baseOffset + position)
        }
        guard uncompressed <= limits.maxPageSize, compressed <= limits.maxPageSize else {
            throw ParquetReadError(
                .limitExceeded,
                "a page of \(max(uncompressed, compressed)) bytes exceeds the limit of "
                    + "\(limits.maxPageSize)", offset: baseOffset + position)
        }
        let body = bodyStart..<bodyStart + compressed
        switch header.kind {
        case .dictionary(let count, let encoding):
            try readDictionary(count: Int(count), encoding: encoding, body: body, size: uncompressed)
        case .data(let page):
            try readDataPage(page, body: body, size: uncompressed)
        case .dataV2(let page):
            try readDataPageV2(page, body: body, size: uncompressed)
        case .other:
            break  // index pages and page types newer than this reader carry no values
        }
        return body.upperBound
    }

    // MARK: - Dictionary pages

    private mutating func readDictionary(count: Int, encoding: Int32, body: Range<Int>, size: Int) throws {
        guard dictionary == nil, !sawDataPage else {
            throw ParquetReadError(.corrupt, "a dictionary page after the chunk's first page")
        }
        guard encoding == Encodings.plain || encoding == Encodings.plainDictionary else {
            throw ParquetReadError(
                .unsupported, "a dictionary page encoded \(Encodings.name(encoding)) (only PLAIN is read)")
        }
        let page = try PageDecompressor.decompress(bytes, range: body, codec: codec, size: size)
        dictionary = try PlainDecoder.decode(count, of: column, from: page, range: 0..<page.count)
    }

    // MARK: - Data pages

    private mutating func readDataPage(_ header: ParquetPageHeader.DataPage, body: Range<Int>, size: Int) throws {
        sawDataPage = true
        let count = try pageValueCount(Int(header.numValues))
        let page = try PageDecompressor.decompress(bytes, range: body, codec: codec, size: size)
        var position = 0
        var levels: [UInt32]?
        if column.isOptional {
            guard header.definitionLevelEncoding == Encodings.rle else {
                throw ParquetReadError(
                    .unsupported,
                    "definition levels encoded \(Encodings.name(header.definitionLevelEncoding)) (only RLE is read)")
            }
            guard page.count >= 4 else { throw ParquetReadError(.corrupt, "a data page without definition levels") }
            let length = Int(PlainDecoder.littleEndianUInt32(page, at: 0))
            guard length <= page.count - 4 else {
                throw ParquetReadError(.corrupt, "definition levels of \(length) bytes run past the page")
            }
            levels = try RLEHybridDecoder.decode(count, bitWidth: 1, from: page, range: 4..<4 + length)
            position = 4 + length
        }
        try appendValues(count: count, levels: levels, encoding: header.encoding, page: page, from: position)
    }

    private mutating func readDataPageV2(_ header: ParquetPageHeader.DataPageV2, body: Range<Int>, size: Int) throws {
        sawDataPage = true
        let count = try pageValueCount(Int(header.numValues))
        let repetitionLength = Int(header.repetitionLevelsByteLength)
        let definitionLength = Int(header.definitionLevelsByteLength)
        let levelBytes = repetitionLength + definitionLength
        guard levelBytes <= body.count, levelBytes <= size else {
            throw ParquetReadError(.corrupt, "the page's levels (\(levelBytes) bytes) are longer than the page")
        }
        var levels: [UInt32]?
        if column.isOptional {
            let start = body.lowerBound + repetitionLength
            levels = try RLEHybridDecoder.decode(
                count, bitWidth: 1, from: bytes, range: start..<start + definitionLength)
        }
        let valuesRange = body.lowerBound + levelBytes..<body.upperBound
        let page =
            header.isCompressed
            ? try PageDecompressor.decompress(bytes, range: valuesRange, codec: codec, size: size - levelBytes)
            : Array(bytes[valuesRange])
        if let levels {
            let nulls = levels.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
            guard nulls == Int(header.numNulls) else {
                throw ParquetReadError(.corrupt, "the page header says \(header.numNulls) nulls, its levels \(nulls)")
            }
        }
        try appendValues(count: count, levels: levels, encoding: header.encoding, page: page, from: 0)
    }

    /// A page's value count, checked against the rows left in the chunk.
    private func pageValueCount(_ count: Int) throws -> Int {
        guard count <= rows - builder.rows else {
            throw ParquetReadError(
                .corrupt, "a page of \(count) values after \(builder.rows) of the chunk's \(rows)")
        }
        return count
    }

    /// Decodes the page's values (from `position` to the end of `page`) and appends its rows.
    private mutating func appendValues(
        count: Int, levels: [UInt32]?, encoding: Int32, page: [UInt8], from position: Int
    ) throws {
        var present = count
        if let levels {
            present = 0
            for level in levels {
                guard level <= 1 else {
                    throw ParquetReadError(.corrupt, "definition level \(level) in a column of maximum level 1")
                }
                present += Int(level)
            }
        }
        let range = position..<page.count
        if case .null = column.valueKind {
            // UNKNOWN columns hold only nulls; whatever values there are carry no meaning.
            return builder.appendNulls(count)
        }
        if present == 0 {
            // No values to decode, whatever the encoding: an all-null page.
            return try builder.append(
                levels: levels, rows: count, values: PlainDecoder.decode(0, of: column, from: page, range: range))
        }
        switch encoding {
        case Encodings.plain:
            try builder.append(
                levels: levels, rows: count, values: PlainDecoder.decode(present, of: column, from: page, range: range))
        case Encodings.plainDictionary, Encodings.rleDictionary:
            guard let dictionary else {
                throw ParquetReadError(.corrupt, "a dictionary-encoded page without a dictionary page")
            }
            guard range.count >= 1 else { throw ParquetReadError(.corrupt, "dictionary indices without bit width") }
            let indices = try RLEHybridDecoder.decode(
                present, bitWidth: Int(page[position]), from: page, range: position + 1..<page.count)
            try builder.append(levels: levels, rows: count, indices: indices, dictionary: dictionary)
        case Encodings.rle where column.physicalType == .boolean:
            try builder.append(
                levels: levels, rows: count, values: PlainDecoder.decodeRLEBooleans(present, from: page, range: range))
        case Encodings.byteStreamSplit:
            try builder.append(
                levels: levels, rows: count,
                values: PlainDecoder.decodeByteStreamSplit(present, of: column, from: page, range: range))
        case Encodings.deltaBinaryPacked where column.physicalType == .int32 || column.physicalType == .int64:
            try builder.append(
                levels: levels, rows: count,
                values: DeltaDecoder.decodeBinaryPacked(present, of: column, from: page, range: range))
        case Encodings.deltaLengthByteArray where column.physicalType == .byteArray:
            try builder.append(
                levels: levels, rows: count,
                values: DeltaDecoder.decodeLengthByteArray(present, from: page, range: range))
        case Encodings.deltaByteArray
        where column.physicalType == .byteArray || column.physicalType == .fixedLenByteArray:
            try builder.append(
                levels: levels, rows: count,
                values: DeltaDecoder.decodeByteArray(present, of: column, from: page, range: range))
        default:
            throw ParquetReadError(
                .unsupported, "values encoded \(Encodings.name(encoding)) on \(column.physicalType) are not read")
        }
    }
}

/// Raw values and names of enum Encoding.
enum Encodings {
    static let plain: Int32 = 0
    static let plainDictionary: Int32 = 2
    static let rle: Int32 = 3
    static let deltaBinaryPacked: Int32 = 5
    static let deltaLengthByteArray: Int32 = 6
    static let deltaByteArray: Int32 = 7
    static let rleDictionary: Int32 = 8
    static let byteStreamSplit: Int32 = 9

    static func name(_ value: Int32) -> String {
        let names = [
            "PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED", "DELTA_BINARY_PACKED",
            "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY", "RLE_DICTIONARY", "BYTE_STREAM_SPLIT",
        ]
        return names.indices.contains(Int(value)) ? names[Int(value)] : "encoding \(value)"
    }
}
