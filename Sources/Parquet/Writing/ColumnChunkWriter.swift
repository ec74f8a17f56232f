/// The pages of one column chunk, built as values arrive: dictionary-encoded until the dictionary outgrows its limit,
/// PLAIN after that; data pages cut by size or row count. Statistics come from the dictionary's distinct values at
/// the end of the chunk, and from PLAIN values as they pass: a value is compared once per chunk, not once per row.
///
/// The dictionary page must come first in the chunk but is complete only at its end, so data pages are kept (as
/// written, compressed) until ``finish(at:)``: memory is bounded by the row group, not the file.
struct ColumnChunkWriter {
    let column: ColumnDescription
    let options: ParquetWriterOptions

    private var dictionary: ValueDictionary
    private var usesDictionary = true
    private var wroteDictionaryPages = false
    private var wrotePlainPages = false

    private var levels = RLEHybridEncoder(bitWidth: 1)
    private var pageIndices: [UInt32] = []
    private var pagePlain: [UInt8] = []
    private var pageValues = 0

    private var dataPages: [UInt8] = []
    private var uncompressedTotal = 0
    private var dictionaryPageCount: Int32 = 0
    private var plainPageCount: Int32 = 0
    private var values: Int64 = 0
    private var nullCount: Int64 = 0
    private var minimum: [UInt8]?
    private var maximum: [UInt8]?
    private var statisticsTooLong = false

    init(column: ColumnDescription, options: ParquetWriterOptions) {
        self.column = column
        self.options = options
        dictionary = ValueDictionary(fixedWidth: column.fixedWidth)
    }

    /// Bytes held for the current row group.
    var bufferedBytes: Int { dataPages.count + dictionary.plain.count + pagePlain.count + pageIndices.count * 4 }

    /// One value (its raw bytes: UTF-8, 16 big-endian decimal bytes, 8 little-endian timestamp bytes), or a null.
    mutating func append(_ value: [UInt8]?) {
        guard let value else { return appendNull() }
        value.withUnsafeBufferPointer { append($0) }
    }

    mutating func appendNull() {
        values += 1
        pageValues += 1
        nullCount += 1
        levels.append(0)
        cutPageIfFull()
    }

    /// One non-null value, read in place.
    mutating func append(_ value: UnsafeBufferPointer<UInt8>) {
        values += 1
        pageValues += 1
        levels.append(1)
        if let width = column.fixedWidth { precondition(value.count == width, "\(column.name): \(value.count) bytes") }
        if usesDictionary {
            pageIndices.append(dictionary.index(of: value))
        } else {
            updateStatistics(value)
            Self.appendPlain(value, variableLength: column.fixedWidth == nil, to: &pagePlain)
        }
        if usesDictionary
            && (dictionary.plain.count > options.dictionarySizeLimit
                || (values - nullCount == options.dictionaryProbeValues
                    && dictionary.count * 2 > options.dictionaryProbeValues))
        {
            // Fall back: this page keeps its indices; the chunk's later pages are PLAIN. A column whose first values
            // are mostly distinct (ids, descriptions) falls back early: a dictionary would only cost lookups there.
            flushPage()
            usesDictionary = false
            return
        }
        cutPageIfFull()
    }

    private mutating func cutPageIfFull() {
        let bytes = usesDictionary ? pageIndices.count * 4 : pagePlain.count
        if pageValues >= options.maxRowsPerPage || bytes >= options.pageSizeLimit { flushPage() }
    }

    /// Static on purpose: a non-mutating method called with `&self.pagePlain` makes Swift copy `self` for the call,
    /// so the buffer is shared and every append copies the whole page (quadratic; it cost 20× pyarrow's time).
    private static func appendPlain(
        _ value: UnsafeBufferPointer<UInt8>, variableLength: Bool, to buffer: inout [UInt8]
    ) {
        if variableLength {
            withUnsafeBytes(of: UInt32(value.count).littleEndian) { buffer.append(contentsOf: $0) }
        }
        buffer.append(contentsOf: value)
    }

    private mutating func updateStatistics(_ value: UnsafeBufferPointer<UInt8>) {
        guard !statisticsTooLong else { return }
        if value.count > options.statisticsValueLimit {
            statisticsTooLong = true
            minimum = nil
            maximum = nil
            return
        }
        let column = column
        if minimum?.withUnsafeBufferPointer({ column.less(value, $0) }) ?? true { minimum = Array(value) }
        if maximum?.withUnsafeBufferPointer({ column.less($0, value) }) ?? true { maximum = Array(value) }
    }

    private mutating func flushPage() {
        guard pageValues > 0 else { return }
        let levelBytes = levels.finish()
        var body = withUnsafeBytes(of: UInt32(levelBytes.count).littleEndian) { Array($0) } + levelBytes
        let encoding: Encoding
        if usesDictionary {
            body += RLEHybridEncoder.dictionaryIndices(
                pageIndices, dictionarySize: dictionary.count, byteAligned: options.alignsIndexWidths)
            encoding = .rleDictionary
            dictionaryPageCount += 1
            wroteDictionaryPages = true
        } else {
            body += pagePlain
            encoding = .plain
            plainPageCount += 1
            wrotePlainPages = true
        }
        let written = options.compress(body)
        let header = PageHeader(
            kind: .data(numValues: Int32(pageValues), encoding: encoding), uncompressedSize: Int32(body.count),
            compressedSize: Int32(written.count)
        ).encoded
        dataPages += header + written
        uncompressedTotal += header.count + body.count
        levels = RLEHybridEncoder(bitWidth: 1)
        pageIndices.removeAll(keepingCapacity: true)
        pagePlain.removeAll(keepingCapacity: true)
        pageValues = 0
    }

    /// Ends the chunk, which starts at file offset `offset`: its bytes (the dictionary page, then the data pages) and
    /// metadata. The writer is ready for the next row group's chunk afterwards.
    mutating func finish(at offset: Int64) -> (bytes: [UInt8], metadata: ColumnMetaData) {
        flushPage()
        var bytes: [UInt8] = []
        var uncompressed = uncompressedTotal
        var encodings: Set<Encoding> = [.rle]
        var stats: [PageEncodingStats] = []
        if wroteDictionaryPages {
            // Every entry is used by a page of this chunk: its distinct values are the statistics' candidates.
            for entry in 0..<dictionary.count {
                let dictionary = dictionary
                dictionary.withEntry(entry) { updateStatistics($0) }
            }
            let written = options.compress(dictionary.plain)
            let header = PageHeader(
                kind: .dictionary(numValues: Int32(dictionary.count)), uncompressedSize: Int32(dictionary.plain.count),
                compressedSize: Int32(written.count)
            ).encoded
            bytes = header + written
            uncompressed += header.count + dictionary.plain.count
            encodings.formUnion([.plain, .rleDictionary])
            stats.append(PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1))
            stats.append(PageEncodingStats(pageType: .dataPage, encoding: .rleDictionary, count: dictionaryPageCount))
        }
        if wrotePlainPages {
            encodings.insert(.plain)
            stats.append(PageEncodingStats(pageType: .dataPage, encoding: .plain, count: plainPageCount))
        }
        let dataPageOffset = offset + Int64(bytes.count)
        bytes += dataPages
        let metadata = ColumnMetaData(
            type: column.physicalType, encodings: encodings, path: [column.name], codec: options.codec,
            numValues: values, totalUncompressedSize: Int64(uncompressed), totalCompressedSize: Int64(bytes.count),
            dataPageOffset: dataPageOffset, dictionaryPageOffset: wroteDictionaryPages ? offset : nil,
            statistics: Statistics(nullCount: nullCount, maxValue: maximum, minValue: minimum),
            encodingStats: stats)
        self = ColumnChunkWriter(column: column, options: options)
        return (bytes, metadata)
    }
}
