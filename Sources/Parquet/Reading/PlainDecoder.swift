/// Non-null values of one page (or a dictionary's entries) in their physical form, densely packed.
enum DenseValues: Sendable {
    case booleans([Bool])
    case int32s([Int32])
    case int64s([Int64])
    case floats([Float])
    case doubles([Double])
    /// BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY and INT96 values.
    case bytes(ByteArrays)

    var count: Int {
        switch self {
        case .booleans(let values): values.count
        case .int32s(let values): values.count
        case .int64s(let values): values.count
        case .floats(let values): values.count
        case .doubles(let values): values.count
        case .bytes(let values): values.count
        }
    }
}

/// The PLAIN and BYTE_STREAM_SPLIT encodings of values, and RLE booleans (`docs/design/parquet-writer.md` §3):
/// every read is checked against the bytes the page has.
enum PlainDecoder {
    /// `count` PLAIN values of `column`'s physical type from `bytes[range]` (bytes after them are ignored).
    static func decode(_ count: Int, of column: ParquetColumn, from bytes: [UInt8], range: Range<Int>) throws
        -> DenseValues
    {
        let available = range.count
        func need(_ width: Int) throws {
            guard count <= available / width else {
                throw ParquetReadError(
                    .corrupt, "\(count) PLAIN values of \(width) bytes do not fit in the page's \(available) bytes")
            }
        }
        switch column.physicalType {
        case .boolean:
            guard count <= available * 8 else {
                throw ParquetReadError(.corrupt, "\(count) PLAIN booleans do not fit in \(available) bytes")
            }
            var values: [Bool] = []
            values.reserveCapacity(count)
            for index in 0..<count { values.append(bytes[range.lowerBound + index / 8] >> UInt8(index % 8) & 1 == 1) }
            return .booleans(values)
        case .int32:
            try need(4)
            return .int32s(load(count, from: bytes, at: range.lowerBound) { (raw: UInt32) in Int32(bitPattern: raw) })
        case .int64:
            try need(8)
            return .int64s(load(count, from: bytes, at: range.lowerBound) { (raw: UInt64) in Int64(bitPattern: raw) })
        case .float:
            try need(4)
            return .floats(load(count, from: bytes, at: range.lowerBound) { (raw: UInt32) in Float(bitPattern: raw) })
        case .double:
            try need(8)
            return .doubles(
                load(count, from: bytes, at: range.lowerBound) { (raw: UInt64) in Double(bitPattern: raw) })
        case .int96, .fixedLenByteArray:
            let width = column.typeLength
            try need(width)
            var arrays = ByteArrays()
            arrays.reserveCapacity(arrays: count, bytes: count * width)
            for index in 0..<count {
                let start = range.lowerBound + index * width
                arrays.append(bytes[start..<start + width])
            }
            return .bytes(arrays)
        case .byteArray:
            var arrays = ByteArrays()
            arrays.reserveCapacity(arrays: min(count, available / 4), bytes: available)
            var position = range.lowerBound
            for index in 0..<count {
                guard range.upperBound - position >= 4 else {
                    throw ParquetReadError(.corrupt, "the page ends at BYTE_ARRAY value \(index) of \(count)")
                }
                let length = Int(littleEndianUInt32(bytes, at: position))
                position += 4
                guard length <= range.upperBound - position else {
                    throw ParquetReadError(
                        .corrupt, "BYTE_ARRAY value \(index) of \(length) bytes runs past the end of the page")
                }
                arrays.append(bytes[position..<position + length])
                position += length
            }
            return .bytes(arrays)
        }
    }

    /// `count` BYTE_STREAM_SPLIT values (byte `j` of value `i` at `j × count + i`) of a fixed-width type.
    static func decodeByteStreamSplit(
        _ count: Int, of column: ParquetColumn, from bytes: [UInt8], range: Range<Int>
    ) throws -> DenseValues {
        let width: Int
        switch column.physicalType {
        case .int32, .float: width = 4
        case .int64, .double: width = 8
        case .fixedLenByteArray: width = column.typeLength
        default:
            throw ParquetReadError(.unsupported, "BYTE_STREAM_SPLIT on \(column.physicalType)")
        }
        guard count <= range.count / width else {
            throw ParquetReadError(.corrupt, "\(count) BYTE_STREAM_SPLIT values do not fit in \(range.count) bytes")
        }
        var joined = [UInt8](repeating: 0, count: count * width)
        for stream in 0..<width {
            let start = range.lowerBound + stream * count
            for index in 0..<count { joined[index * width + stream] = bytes[start + index] }
        }
        return try decode(count, of: column, from: joined, range: 0..<joined.count)
    }

    /// `count` RLE-encoded booleans: a 4-byte length, then the hybrid encoding with bit width 1.
    static func decodeRLEBooleans(_ count: Int, from bytes: [UInt8], range: Range<Int>) throws -> DenseValues {
        guard range.count >= 4 else { throw ParquetReadError(.corrupt, "RLE booleans without their length") }
        let length = Int(littleEndianUInt32(bytes, at: range.lowerBound))
        guard length <= range.count - 4 else {
            throw ParquetReadError(.corrupt, "RLE booleans of \(length) bytes run past the page")
        }
        let start = range.lowerBound + 4
        let values = try RLEHybridDecoder.decode(count, bitWidth: 1, from: bytes, range: start..<start + length)
        return .booleans(values.map { $0 != 0 })
    }

    static func littleEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    /// `count` little-endian `Raw` integers from `offset` (the caller checked the bounds), converted.
    private static func load<Raw: FixedWidthInteger, Value>(
        _ count: Int, from bytes: [UInt8], at offset: Int, _ convert: (Raw) -> Value
    ) -> [Value] {
        bytes.withUnsafeBytes { raw in
            (0..<count).map { index in
                convert(
                    Raw(
                        littleEndian: raw.loadUnaligned(fromByteOffset: offset + index * Raw.bitWidth / 8, as: Raw.self)
                    ))
            }
        }
    }
}
