/// The fixed tables of DEFLATE (RFC 1951 §3.2.5): how match lengths and distances map to symbols and extra bits.
enum DeflateTables {
    /// For `length - 3` (0…255): the length code 0…28 (symbol 257 + code).
    static let lengthCode: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for code in 0..<28 {
            let start = Int(lengthBase[code])
            for offset in 0..<(1 << Int(lengthExtraBits[code])) where start + offset < 256 {
                table[start + offset] = UInt8(code)
            }
        }
        table[255] = 28  // length 258 has its own code, without extra bits
        return table
    }()
    /// Per length code: the smallest `length - 3` it stands for.
    static let lengthBase: [UInt16] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 255,
    ]
    static let lengthExtraBits: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]

    /// Per distance code 0…29: the smallest `distance - 1` it stands for, and its extra bits.
    static let distanceBase: [UInt16] = [
        0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096,
        6144, 8192, 12288, 16384, 24576,
    ]
    static let distanceExtraBits: [UInt8] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    /// zlib's trick: entry `d` for `d = distance - 1 < 256`, else entry `256 + d >> 7`.
    static let distanceCodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 512)
        for code in 0..<30 {
            let start = Int(distanceBase[code])
            for offset in 0..<(1 << Int(distanceExtraBits[code])) {
                let d = start + offset
                if d < 256 { table[d] = UInt8(code) } else { table[256 + (d >> 7)] = UInt8(code) }
            }
        }
        return table
    }()

    /// The order in which code-length code lengths are sent.
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
}
