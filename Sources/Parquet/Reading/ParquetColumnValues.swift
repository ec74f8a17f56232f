/// The decoded values of one column chunk (one column of one row group): ``count`` rows, each a value or null.
///
/// Values are held in their physical form (typed arrays; byte arrays in one buffer, or as indices into the chunk's
/// dictionary while every page used it), so a chunk costs about what its decoded pages do. Read them typed with
/// ``subscript(_:)`` or as CSV text with ``appendText(_:to:formatter:)``. A class, so that passing a column around
/// (once per cell in a row loop) costs one reference count, not one per array it holds.
public final class ParquetColumnValues: Sendable {
    /// The column these values belong to.
    public let column: ParquetColumn
    /// Rows in the chunk.
    public let count: Int
    /// Per row: whether it holds a value. Empty when no row is null.
    let present: [Bool]
    let storage: ValueStorage

    init(column: ParquetColumn, count: Int, present: [Bool], storage: ValueStorage) {
        self.column = column
        self.count = count
        self.present = present
        self.storage = storage
    }

    /// Whether row `row` (0..<count) is null.
    public func isNull(_ row: Int) -> Bool {
        if case .none = storage { return true }
        return !present.isEmpty && !present[row]
    }

    /// The number of null rows.
    public var nullCount: Int {
        if case .none = storage { return count }
        return present.isEmpty ? 0 : present.reduce(0) { $0 + ($1 ? 0 : 1) }
    }

    /// The value of row `row` (0..<count), `nil` when it is null.
    public subscript(_ row: Int) -> ParquetValue? {
        guard !isNull(row) else { return nil }
        switch (storage, column.valueKind) {
        case (.none, _): return nil
        case (.booleans(let values), _): return .boolean(values[row])
        case (.int32s(let values), .decimal(let scale, _)):
            return .decimal(ParquetDecimal(unscaled: Int128(values[row]), scale: scale))
        case (.int32s(let values), .date): return .date(daysSinceEpoch: values[row])
        case (.int32s(let values), .time(let unit)): return .time(value: Int64(values[row]), unit: unit)
        case (.int32s(let values), .unsignedInteger): return .unsignedInteger(UInt64(UInt32(bitPattern: values[row])))
        case (.int32s(let values), _): return .int32(values[row])
        case (.int64s(let values), .decimal(let scale, _)):
            return .decimal(ParquetDecimal(unscaled: Int128(values[row]), scale: scale))
        case (.int64s(let values), .time(let unit)): return .time(value: values[row], unit: unit)
        case (.int64s(let values), .timestamp(let unit, let utc)):
            return .timestamp(ParquetTimestamp(value: values[row], unit: unit, isAdjustedToUTC: utc))
        case (.int64s(let values), .unsignedInteger): return .unsignedInteger(UInt64(bitPattern: values[row]))
        case (.int64s(let values), _): return .int64(values[row])
        case (.floats(let values), _): return .float(values[row])
        case (.doubles(let values), _): return .double(values[row])
        case (.bytes(let arrays), _): return value(of: Array(arrays[row]))
        case (.dictionary(let arrays, let indices), _): return value(of: Array(arrays[Int(indices[row])]))
        }
    }

    /// A byte-array value (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, INT96) as the column presents it.
    private func value(of bytes: [UInt8]) -> ParquetValue {
        switch column.valueKind {
        case .string: return .string(String(decoding: bytes, as: UTF8.self))
        case .json: return .json(String(decoding: bytes, as: UTF8.self))
        case .uuid: return .uuid(bytes)
        case .decimal(let scale, _): return .decimal(ParquetDecimal(unscaledBytes: bytes, scale: scale))
        case .timestamp where column.physicalType == .int96:
            let (days, nanos) = Self.int96(bytes[...])
            let (scaled, overflow) = (days - 2_440_588).multipliedReportingOverflow(by: 86_400 * 1_000_000_000)
            let (sum, overflow2) = scaled.addingReportingOverflow(nanos)
            if overflow || overflow2 {
                let micros = (days - 2_440_588) &* 86_400_000_000 &+ nanos / 1000
                return .timestamp(ParquetTimestamp(value: micros, unit: .micros))
            }
            return .timestamp(ParquetTimestamp(value: sum, unit: .nanos))
        default: return .bytes(bytes)
        }
    }

    /// INT96: nanoseconds of the day (8 bytes LE), then the Julian day (4 bytes LE).
    static func int96(_ bytes: ArraySlice<UInt8>) -> (julianDay: Int64, nanosecondsOfDay: Int64) {
        var nanos: UInt64 = 0
        var day: UInt32 = 0
        for (index, byte) in bytes.prefix(8).enumerated() { nanos |= UInt64(byte) << UInt64(8 * index) }
        for (index, byte) in bytes.dropFirst(8).prefix(4).enumerated() { day |= UInt32(byte) << UInt32(8 * index) }
        return (Int64(Int32(bitPattern: day)), Int64(bitPattern: nanos))
    }

    /// Appends row `row`'s value as text (see ``ParquetValueFormatter``) and returns `true`, or returns `false` and
    /// appends nothing when it is null. This is the fast path of a CSV conversion: no ``ParquetValue`` is built.
    @discardableResult
    public func appendText(_ row: Int, to output: inout [UInt8], formatter: ParquetValueFormatter = .init()) -> Bool {
        guard !isNull(row) else { return false }
        switch (storage, column.valueKind) {
        case (.int32s(let values), .decimal(let scale, _)):
            DecimalText.append(Int128(values[row]), scale: Int(scale), to: &output)
        case (.int64s(let values), .decimal(let scale, _)):
            DecimalText.append(Int128(values[row]), scale: Int(scale), to: &output)
        case (.int32s(let values), .int32):
            ParquetValueFormatter.appendInteger(Int64(values[row]), to: &output)
        case (.int64s(let values), .int64): ParquetValueFormatter.appendInteger(values[row], to: &output)
        case (.int64s(let values), .timestamp(let unit, _)):
            ParquetValueFormatter.appendTimestamp(values[row], unit: unit, to: &output)
        case (.bytes(let arrays), _): appendBytesText(arrays, row, to: &output)
        case (.dictionary(let arrays, let indices), _): appendBytesText(arrays, Int(indices[row]), to: &output)
        default:
            if let value = self[row] { formatter.append(value, to: &output) }
        }
        return true
    }

    /// Row `row`'s text, `nil` when it is null.
    public func text(_ row: Int, formatter: ParquetValueFormatter = .init()) -> [UInt8]? {
        var output: [UInt8] = []
        return appendText(row, to: &output, formatter: formatter) ? output : nil
    }

    /// Appends the text of byte array `index` of `arrays`.
    private func appendBytesText(_ arrays: ByteArrays, _ index: Int, to output: inout [UInt8]) {
        switch column.valueKind {
        case .decimal(let scale, _): DecimalText.append(bigEndian: arrays[index], scale: Int(scale), to: &output)
        case .uuid: ParquetValueFormatter.appendUUID(arrays[index], to: &output)
        case .timestamp where column.physicalType == .int96:
            let (days, nanos) = Self.int96(arrays[index])
            ParquetValueFormatter.appendInt96Timestamp(julianDay: days, nanosecondsOfDay: nanos, to: &output)
        default: arrays.appendBytes(of: index, to: &output)
        }
    }
}

/// Values in their physical form, one slot per row (null rows hold a placeholder: zero, an empty array, index 0).
enum ValueStorage: Sendable {
    /// No values at all (an UNKNOWN column, or all rows null).
    case none
    case booleans([Bool])
    case int32s([Int32])
    case int64s([Int64])
    case floats([Float])
    case doubles([Double])
    /// BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY and INT96 values, one per row.
    case bytes(ByteArrays)
    /// Byte arrays as per-row indices into the chunk's dictionary entries.
    case dictionary(ByteArrays, [UInt32])
}

/// Byte arrays laid end to end in one buffer: array `i` is `data[offsets[i]..<offsets[i + 1]]`.
struct ByteArrays: Sendable {
    private(set) var data: [UInt8] = []
    private(set) var offsets: [Int] = [0]

    var count: Int { offsets.count - 1 }

    subscript(_ index: Int) -> ArraySlice<UInt8> { data[offsets[index]..<offsets[index + 1]] }

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        data.append(contentsOf: bytes)
        offsets.append(data.count)
    }

    /// Appends the bytes of array `index` to `output`.
    func appendBytes(of index: Int, to output: inout [UInt8]) {
        let range = offsets[index]..<offsets[index + 1]
        data.withUnsafeBufferPointer { output.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// An empty array (a null row's placeholder).
    mutating func appendEmpty() { offsets.append(data.count) }

    mutating func reserveCapacity(arrays: Int, bytes: Int) {
        offsets.reserveCapacity(offsets.count + arrays)
        data.reserveCapacity(data.count + bytes)
    }
}
