/// Unsigned LEB128 varints, as Parquet's RLE run headers and DELTA block headers write them.
enum ULEB128 {
    /// The varint at `position` (advanced past it), or nil when it runs past `end` or beyond 64 bits.
    static func read(_ bytes: [UInt8], at position: inout Int, end: Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < end {
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }
}
