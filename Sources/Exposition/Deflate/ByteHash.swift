/// A fast non-cryptographic 128-bit hash of the label part of a line: how duplicate series are recognised.
///
/// Not for security: a crafted pair of label sets with equal hashes would make the second look like a duplicate
/// of the first (it is then dropped or merged and reported, never rendered wrongly). For ordinary data the chance
/// that two of a million label sets collide is about 2^-88.
enum ByteHash {
    private static let multiplier1: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let multiplier2: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    /// A 128-bit hash of `count` bytes: two lanes, each a sum over 16-byte blocks of the full 128-bit product of
    /// the block's two words, each xored with a position-dependent key (the NH construction). Blocks are
    /// independent, so the multiplications overlap instead of forming one chain.
    @inline(__always)
    static func hash128(_ bytes: UnsafeRawPointer, count: Int) -> (UInt64, UInt64) {
        var a = UInt64(truncatingIfNeeded: count) &* multiplier1
        var b = UInt64(truncatingIfNeeded: count) &* multiplier2
        var key: UInt64 = 0x243F_6A88_85A3_08D3
        @inline(__always) func block(_ first: UInt64, _ second: UInt64) {
            let x = first.multipliedFullWidth(by: second ^ key)
            let y = (first ^ key).multipliedFullWidth(by: second ^ 0x1319_8A2E_0370_7344)
            a &+= x.high ^ x.low
            b &+= y.high ^ y.low
            key &+= multiplier1
        }
        var index = 0
        while index &+ 16 <= count {
            block(
                bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ 0xA409_3822_299F_31D0,
                bytes.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self))
            index &+= 16
        }
        if index < count {
            let rest = count &- index
            let first =
                rest >= 8
                ? bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) : tail(bytes + index, count: rest)
            let second = rest > 8 ? tail(bytes + (index &+ 8), count: rest &- 8) : 0
            block(first ^ 0xA409_3822_299F_31D0, second)
        }
        let low = finalize(a)
        return (low, finalize(b ^ low))
    }

    /// The last 1–8 bytes as a word, without reading past them.
    @inline(__always)
    private static func tail(_ bytes: UnsafeRawPointer, count: Int) -> UInt64 {
        var word: UInt64 = 0
        for index in 0..<count {
            word |= UInt64(bytes.load(fromByteOffset: index, as: UInt8.self)) &<< (UInt64(index) &* 8)
        }
        return count < 8 ? word | 0x80 &<< (UInt64(count) &* 8) : word
    }

    @inline(__always)
    private static func finalize(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }
}
