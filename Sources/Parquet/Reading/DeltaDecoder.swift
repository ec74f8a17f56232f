/// The DELTA encodings (parquet-format `Encodings.md`), which DuckDB's `PARQUET_VERSION V2`, Spark's v2 writer and
/// pyarrow's `column_encoding` produce:
/// - DELTA_BINARY_PACKED (INT32, INT64): a header `<block size> <miniblocks per block> <value count> <first value>`,
///   then blocks of `<min delta> <one bit width per miniblock> <miniblocks bit-packed LSB-first>`;
/// - DELTA_LENGTH_BYTE_ARRAY: the lengths DELTA_BINARY_PACKED, then the bytes end to end;
/// - DELTA_BYTE_ARRAY: prefix lengths DELTA_BINARY_PACKED, then the suffixes DELTA_LENGTH_BYTE_ARRAY; each value is
///   the previous one's prefix plus its suffix.
///
/// Every read is bounds-checked; arithmetic wraps as the writers' does.
struct DeltaDecoder {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int

    private init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
    }

    /// `count` DELTA_BINARY_PACKED values of `column` (INT32 or INT64) from `bytes[range]`.
    static func decodeBinaryPacked(_ count: Int, of column: ParquetColumn, from bytes: [UInt8], range: Range<Int>)
        throws -> DenseValues
    {
        var decoder = DeltaDecoder(bytes: bytes, range: range)
        switch column.physicalType {
        case .int32:
            return .int32s(try decoder.integers(count, width: 32).map { Int32(truncatingIfNeeded: $0) })
        case .int64:
            return .int64s(try decoder.integers(count, width: 64))
        default:
            throw ParquetReadError(.unsupported, "DELTA_BINARY_PACKED on \(column.physicalType)")
        }
    }

    /// `count` DELTA_LENGTH_BYTE_ARRAY values from `bytes[range]`.
    static func decodeLengthByteArray(_ count: Int, from bytes: [UInt8], range: Range<Int>) throws -> DenseValues {
        var decoder = DeltaDecoder(bytes: bytes, range: range)
        var arrays = ByteArrays()
        for array in try decoder.lengthPrefixedArrays(count) { arrays.append(array) }
        return .bytes(arrays)
    }

    /// `count` DELTA_BYTE_ARRAY values of `column` (BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY) from `bytes[range]`.
    static func decodeByteArray(_ count: Int, of column: ParquetColumn, from bytes: [UInt8], range: Range<Int>)
        throws -> DenseValues
    {
        var decoder = DeltaDecoder(bytes: bytes, range: range)
        let prefixes = try decoder.integers(count, width: 32)
        let suffixes = try decoder.lengthPrefixedArrays(count)
        var arrays = ByteArrays()
        var previous: [UInt8] = []
        for index in 0..<count {
            let prefix = Int(prefixes[index])
            guard prefix >= 0, prefix <= previous.count else {
                throw ParquetReadError(
                    .corrupt, "DELTA_BYTE_ARRAY value \(index) reuses \(prefix) bytes of a \(previous.count)-byte one")
            }
            var value = Array(previous[..<prefix])
            value += suffixes[index]
            if column.physicalType == .fixedLenByteArray && value.count != column.typeLength {
                throw ParquetReadError(.corrupt, "DELTA_BYTE_ARRAY value \(index) is not \(column.typeLength) bytes")
            }
            arrays.append(value[...])
            previous = value
        }
        return .bytes(arrays)
    }

    // MARK: - DELTA_BINARY_PACKED

    /// The first `count` values of a DELTA_BINARY_PACKED stream; leaves ``position`` after the last miniblock used.
    /// `width` is the integer width the writer's arithmetic wrapped at (32 or 64).
    private mutating func integers(_ count: Int, width: Int) throws -> [Int64] {
        let blockSize = try varint()
        let miniblocks = try varint()
        let total = try varint()
        var value = try zigzag()
        guard blockSize > 0, blockSize % 128 == 0, miniblocks > 0, blockSize % miniblocks == 0,
            (blockSize / miniblocks) % 8 == 0, blockSize <= 1 << 20
        else {
            throw ParquetReadError(
                .corrupt, "a DELTA_BINARY_PACKED header with block size \(blockSize) and \(miniblocks) miniblocks")
        }
        guard total >= UInt64(count) else {
            throw ParquetReadError(.corrupt, "DELTA_BINARY_PACKED holds \(total) values, the page needs \(count)")
        }
        let perMiniblock = Int(blockSize / miniblocks)
        var values: [Int64] = []
        values.reserveCapacity(min(count, 1 << 20))
        if count > 0 { values.append(wrap(value, width)) }
        while values.count < count {
            let minDelta = try zigzag()
            guard end - position >= Int(miniblocks) else {
                throw ParquetReadError(.corrupt, "a DELTA_BINARY_PACKED block ends inside its bit widths")
            }
            let widths = bytes[position..<position + Int(miniblocks)]
            position += Int(miniblocks)
            for bitWidth in widths where values.count < count {
                guard bitWidth <= 64 else {
                    throw ParquetReadError(.corrupt, "a DELTA_BINARY_PACKED miniblock of bit width \(bitWidth)")
                }
                let size = perMiniblock * Int(bitWidth) / 8
                let take = min(perMiniblock, count - values.count)
                // The last miniblock may stop after its last value's bytes.
                let needed = (take * Int(bitWidth) + 7) / 8
                guard end - position >= needed else {
                    throw ParquetReadError(.corrupt, "a DELTA_BINARY_PACKED miniblock runs past the page")
                }
                for index in 0..<take {
                    let delta = Self.bits(bytes, at: position * 8 + index * Int(bitWidth), width: Int(bitWidth))
                    value = wrap(value &+ minDelta &+ Int64(bitPattern: delta), width)
                    values.append(value)
                }
                position += min(size, end - position)
            }
        }
        return values
    }

    /// `count` lengths (DELTA_BINARY_PACKED), then that many byte arrays end to end.
    private mutating func lengthPrefixedArrays(_ count: Int) throws -> [ArraySlice<UInt8>] {
        let lengths = try integers(count, width: 32)
        var arrays: [ArraySlice<UInt8>] = []
        arrays.reserveCapacity(count)
        for (index, length) in lengths.enumerated() {
            guard length >= 0, length <= Int64(end - position) else {
                throw ParquetReadError(.corrupt, "byte array \(index) of \(length) bytes runs past the page")
            }
            arrays.append(bytes[position..<position + Int(length)])
            position += Int(length)
        }
        return arrays
    }

    private func wrap(_ value: Int64, _ width: Int) -> Int64 {
        width == 32 ? Int64(Int32(truncatingIfNeeded: value)) : value
    }

    /// `width` bits (0…64) starting at bit `offset` of `bytes`, LSB-first.
    private static func bits(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        var result: UInt64 = 0
        var taken = 0
        var bit = offset
        while taken < width {
            let shift = bit & 7
            let count = min(8 - shift, width - taken)
            let chunk = (UInt64(bytes[bit >> 3]) >> UInt64(shift)) & ((1 << UInt64(count)) - 1)
            result |= chunk << UInt64(taken)
            taken += count
            bit += count
        }
        return result
    }

    private mutating func varint() throws -> UInt64 {
        if let value = ULEB128.read(bytes, at: &position, end: end) { return value }
        throw ParquetReadError(.corrupt, "a bad varint in DELTA-encoded data")
    }

    private mutating func zigzag() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }
}
