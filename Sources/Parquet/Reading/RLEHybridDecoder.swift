/// Decodes the RLE / bit-packed hybrid encoding (definition levels, dictionary indices, RLE booleans), the inverse of
/// ``RLEHybridEncoder``: `varint(count << 1)` then the value in `ceil(bitWidth / 8)` bytes for an RLE run,
/// `varint(groups << 1 | 1)` then `groups × bitWidth` bytes packed LSB-first for a bit-packed run.
///
/// Bounds-checked: a run that claims more than the bytes left is cut at the end of the data (the last bit-packed run
/// may be truncated by writers), and asking for more values than the data holds throws ``ParquetReadError``.
struct RLEHybridDecoder {
    let bytes: [UInt8]
    let bitWidth: Int
    private var position: Int
    private let end: Int
    /// The file offset of `bytes[0]`, for errors (nil when unknown).
    private let baseOffset: Int?

    /// A decoder of `bytes[range]` with values of `bitWidth` bits (0…32).
    private init(bytes: [UInt8], range: Range<Int>, bitWidth: Int, baseOffset: Int?) throws {
        guard (0...32).contains(bitWidth) else {
            throw ParquetReadError(.corrupt, "bit width \(bitWidth) out of 0…32", offset: baseOffset)
        }
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else {
            throw ParquetReadError(.corrupt, "hybrid-encoded data beyond its page", offset: baseOffset)
        }
        self.bytes = bytes
        self.bitWidth = bitWidth
        self.position = range.lowerBound
        self.end = range.upperBound
        self.baseOffset = baseOffset
    }

    /// The first `count` values of `bytes[range]` (what follows them in their last run is ignored).
    static func decode(
        _ count: Int, bitWidth: Int, from bytes: [UInt8], range: Range<Int>, baseOffset: Int? = nil
    ) throws -> [UInt32] {
        var decoder = try RLEHybridDecoder(bytes: bytes, range: range, bitWidth: bitWidth, baseOffset: baseOffset)
        var output: [UInt32] = []
        output.reserveCapacity(min(count, 1 << 20))
        try decoder.decode(count, into: &output)
        return output
    }

    /// Appends the next `count` values to `output`; the rest of the last run read is dropped, so call it once.
    private mutating func decode(_ count: Int, into output: inout [UInt32]) throws {
        var left = count
        while left > 0 {
            guard position < end else {
                throw ParquetReadError(
                    .corrupt, "hybrid-encoded data ends \(left) values short of \(count)", offset: baseOffset)
            }
            let header = try varint()
            if header & 1 == 0 {
                try decodeRepeated(header >> 1, upTo: &left, into: &output)
            } else {
                try decodePacked(groups: header >> 1, upTo: &left, into: &output)
            }
        }
    }

    private mutating func decodeRepeated(_ runLength: UInt64, upTo left: inout Int, into output: inout [UInt32]) throws
    {
        let width = (bitWidth + 7) / 8
        guard end - position >= width else {
            throw ParquetReadError(.corrupt, "an RLE run's value runs past the data", offset: baseOffset)
        }
        var value: UInt32 = 0
        for index in 0..<width { value |= UInt32(bytes[position + index]) << UInt32(8 * index) }
        position += width
        let take = Int(min(runLength, UInt64(left)))
        output.append(contentsOf: repeatElement(value, count: take))
        left -= take
    }

    private mutating func decodePacked(groups: UInt64, upTo left: inout Int, into output: inout [UInt32]) throws {
        let available = end - position
        let (needed, overflow) = groups.multipliedReportingOverflow(by: UInt64(bitWidth))
        // A run longer than the data is cut at its end: writers may truncate the last one.
        let truncated = overflow || needed > UInt64(available)
        let runBytes = truncated ? available : Int(needed)
        let runValues: UInt64 =
            bitWidth == 0 ? (groups > UInt64.max / 8 ? .max : groups * 8) : UInt64(runBytes) * 8 / UInt64(bitWidth)
        let take = Int(min(runValues, UInt64(left)))
        if truncated && take < left {
            throw ParquetReadError(.corrupt, "a bit-packed run is cut short by the end of the data", offset: baseOffset)
        }
        let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
        var accumulator: UInt64 = 0
        var bits = 0
        var index = position
        for _ in 0..<take {
            while bits < bitWidth {
                accumulator |= UInt64(bytes[index]) << UInt64(bits)
                index += 1
                bits += 8
            }
            output.append(UInt32(truncatingIfNeeded: accumulator & mask))
            accumulator >>= UInt64(bitWidth)
            bits -= bitWidth
        }
        position += runBytes
        left -= take
    }

    private mutating func varint() throws -> UInt64 {
        if let value = ULEB128.read(bytes, at: &position, end: end) { return value }
        throw ParquetReadError(.corrupt, "a bad run header in hybrid-encoded data", offset: baseOffset)
    }
}
