/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) as the gzip trailer needs it, sixteen bytes per step
/// ("slicing by 16": sixteen 256-entry tables, one lookup per input byte but no dependency between them).
struct CRC32 {
    /// The CRC of the bytes seen so far.
    private(set) var value: UInt32 = 0

    /// Adds `count` bytes, with ``tables`` copied to raw memory (hot loops keep such a copy), and copies them to
    /// `destination` on the way (the gzip writer moves every byte into its window anyway; one pass instead of
    /// two). `destination` may be `nil`.
    @inline(__always)
    mutating func update(
        _ bytes: UnsafeRawPointer, count: Int, tables t: UnsafePointer<UInt32>,
        copyingTo destination: UnsafeMutableRawPointer? = nil
    ) {
        var crc = ~value
        var index = 0
        @inline(__always) func lookup(_ table: Int, _ byte: UInt32) -> UInt32 { t[table &<< 8 &+ Int(byte & 0xFF)] }
        while index &+ 16 <= count {
            let first = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let second = bytes.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
            if let destination {
                destination.storeBytes(of: first, toByteOffset: index, as: UInt64.self)
                destination.storeBytes(of: second, toByteOffset: index &+ 8, as: UInt64.self)
            }
            let low = UInt64(littleEndian: first)
            let high = UInt64(littleEndian: second)
            let a = UInt32(truncatingIfNeeded: low) ^ crc
            let b = UInt32(truncatingIfNeeded: low &>> 32)
            let c = UInt32(truncatingIfNeeded: high)
            let d = UInt32(truncatingIfNeeded: high &>> 32)
            crc =
                lookup(15, a) ^ lookup(14, a &>> 8) ^ lookup(13, a &>> 16) ^ lookup(12, a &>> 24)
                ^ lookup(11, b) ^ lookup(10, b &>> 8) ^ lookup(9, b &>> 16) ^ lookup(8, b &>> 24)
                ^ lookup(7, c) ^ lookup(6, c &>> 8) ^ lookup(5, c &>> 16) ^ lookup(4, c &>> 24)
                ^ lookup(3, d) ^ lookup(2, d &>> 8) ^ lookup(1, d &>> 16) ^ lookup(0, d &>> 24)
            index &+= 16
        }
        while index < count {
            let byte = bytes.load(fromByteOffset: index, as: UInt8.self)
            destination?.storeBytes(of: byte, toByteOffset: index, as: UInt8.self)
            crc = t[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            index &+= 1
        }
        value = ~crc
    }

    /// Adds `bytes`.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        Self.tables.withUnsafeBufferPointer {
            update(base, count: bytes.count, tables: $0.baseAddress.unsafelyUnwrapped)
        }
    }

    /// Table `k` (entries `k*256 ..< (k+1)*256`) advances a byte followed by `k` zero bytes.
    static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 16 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            tables[n] = c
        }
        for n in 0..<256 {
            var c = tables[n]
            for k in 1..<16 {
                c = tables[Int(c & 0xFF)] ^ (c >> 8)
                tables[k * 256 + n] = c
            }
        }
        return tables
    }()
}

extension CRC32 {
    /// The CRC of `A` followed by `B`, from `crcA`, `crcB` and the length of `B` (zlib's `crc32_combine`): `crcA`
    /// is multiplied by x^(8·lengthB) modulo the polynomial, in O(log lengthB) steps.
    static func combine(_ crcA: UInt32, _ crcB: UInt32, lengthB: Int) -> UInt32 {
        multiply(powerOfX(eightTimes: UInt64(lengthB)), crcA) ^ crcB
    }

    /// a·b modulo the CRC polynomial, both in the reflected bit order of the CRC (bit 31 is x⁰).
    private static func multiply(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var m: UInt32 = 1 << 31
        var b = b
        var product: UInt32 = 0
        while m != 0 {
            if a & m != 0 { product ^= b }
            b = b & 1 != 0 ? (b >> 1) ^ 0xEDB8_8320 : b >> 1
            m >>= 1
        }
        return product
    }

    /// x^(8n) modulo the polynomial, from the squares x^(2^k).
    private static func powerOfX(eightTimes n: UInt64) -> UInt32 {
        var result: UInt32 = 1 << 31  // x⁰
        var n = n
        var k = 3  // x^(2^3) = x^8: one byte
        while n != 0 {
            if n & 1 != 0 { result = multiply(squares[k & 63], result) }
            n >>= 1
            k += 1
        }
        return result
    }

    /// x^(2^k) modulo the polynomial, k = 0…63.
    private static let squares: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 64)
        table[0] = 1 << 30  // x¹
        for k in 1..<64 { table[k] = multiply(table[k - 1], table[k - 1]) }
        return table
    }()
}
