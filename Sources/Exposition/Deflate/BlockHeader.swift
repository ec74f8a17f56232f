/// The header of a dynamic-Huffman DEFLATE block: the literal/length and distance code lengths, run-length
/// encoded (symbols 16, 17, 18) and themselves Huffman coded with the code-length alphabet (RFC 1951 §3.2.7).
struct BlockHeader {
    private let literalCount: Int
    private let distanceCount: Int
    private let codeLengthCount: Int
    /// Run-length symbols 0…18 with their extra-bit values.
    private let symbols: [(symbol: UInt8, extra: UInt8)]
    private let codeLengthCode: HuffmanCode

    init(literals: [UInt8], distances: [UInt8]) {
        literalCount = max(257, (literals.lastIndex { $0 != 0 } ?? 0) + 1)
        distanceCount = max(1, (distances.lastIndex { $0 != 0 } ?? 0) + 1)
        let lengths = Array(literals[0..<literalCount]) + Array(distances[0..<distanceCount])
        var symbols: [(symbol: UInt8, extra: UInt8)] = []
        var index = 0
        while index < lengths.count {
            let length = lengths[index]
            var run = 1
            while index + run < lengths.count && lengths[index + run] == length { run += 1 }
            index += run
            if length == 0 {
                while run >= 11 {
                    let step = min(run, 138)
                    symbols.append((18, UInt8(step - 11)))
                    run -= step
                }
                if run >= 3 {
                    symbols.append((17, UInt8(run - 3)))
                    run = 0
                }
            } else {
                symbols.append((length, 0))
                run -= 1
                while run >= 3 {
                    let step = min(run, 6)
                    symbols.append((16, UInt8(step - 3)))
                    run -= step
                }
            }
            for _ in 0..<run { symbols.append((length, 0)) }
        }
        var frequencies = [UInt32](repeating: 0, count: 19)
        for entry in symbols { frequencies[Int(entry.symbol)] += 1 }
        if frequencies.filter({ $0 > 0 }).count < 2 {
            // A complete code needs two symbols; give an unused one a count.
            frequencies[frequencies[0] == 0 ? 0 : 1] = 1
        }
        self.symbols = symbols
        let code = HuffmanCode(frequencies: frequencies, limit: 7)
        self.codeLengthCode = code
        codeLengthCount = max(4, (DeflateTables.codeLengthOrder.lastIndex { code.lengths[$0] != 0 } ?? 0) + 1)
    }

    func write(_ writer: inout BitWriter) {
        writer.put(UInt64(literalCount - 257), 5)
        writer.put(UInt64(distanceCount - 1), 5)
        writer.put(UInt64(codeLengthCount - 4), 4)
        for position in 0..<codeLengthCount {
            writer.put(UInt64(codeLengthCode.lengths[DeflateTables.codeLengthOrder[position]]), 3)
        }
        for entry in symbols {
            let symbol = Int(entry.symbol)
            writer.put(UInt64(codeLengthCode.codes[symbol]), Int(codeLengthCode.lengths[symbol]))
            switch symbol {
            case 16: writer.put(UInt64(entry.extra), 2)
            case 17: writer.put(UInt64(entry.extra), 3)
            case 18: writer.put(UInt64(entry.extra), 7)
            default: break
            }
        }
    }
}
