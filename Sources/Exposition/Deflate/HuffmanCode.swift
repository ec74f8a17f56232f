/// A length-limited canonical Huffman code for one DEFLATE alphabet, built from symbol frequencies.
///
/// Lengths come from Moffat and Katajainen's in-place minimum-redundancy algorithm; when the longest code
/// exceeds the format's limit (15 bits, 7 for the code-length alphabet) the length counts are rebalanced as miniz
/// does (overflowing codes move to the limit, then shorter codes are lengthened until the Kraft sum is exact), and
/// the most frequent symbols keep the shortest codes. Codes are stored bit-reversed, ready for DEFLATE's
/// least-significant-bit-first packing.
struct HuffmanCode {
    /// Code length per symbol; 0 for symbols that do not occur.
    var lengths: [UInt8]
    /// Bit-reversed canonical code per symbol.
    var codes: [UInt16]

    /// Builds the code. At least two symbols must have a non-zero frequency, so that the code is complete (which
    /// zlib's inflate requires); callers guarantee it.
    init(frequencies: [UInt32], limit: Int) {
        let used = frequencies.indices.filter { frequencies[$0] > 0 }.sorted {
            (frequencies[$0], $0) < (frequencies[$1], $1)
        }
        var lengths = [UInt8](repeating: 0, count: frequencies.count)
        if used.count == 1 { lengths[used[0]] = 1 }
        if used.count > 1 {
            var work = used.map { Int(frequencies[$0]) }
            Self.minimumRedundancyLengths(&work)
            var countPerLength = [Int](repeating: 0, count: max(limit, 64) + 1)
            for length in work { countPerLength[min(length, countPerLength.count - 1)] += 1 }
            Self.enforceLimit(&countPerLength, limit: limit)
            var next = used.count
            for length in 1...limit {
                for _ in 0..<countPerLength[length] {
                    next -= 1
                    lengths[used[next]] = UInt8(length)
                }
            }
        }
        self.lengths = lengths
        self.codes = Self.canonicalCodes(lengths)
    }

    /// Moffat–Katajainen: `weights` sorted ascending in, code lengths out (longest first).
    private static func minimumRedundancyLengths(_ a: inout [Int]) {
        let n = a.count
        a[0] += a[1]
        var root = 0
        var leaf = 2
        for next in 1..<(n - 1) {
            if leaf >= n || a[root] < a[leaf] {
                a[next] = a[root]
                a[root] = next
                root += 1
            } else {
                a[next] = a[leaf]
                leaf += 1
            }
            if leaf >= n || (root < next && a[root] < a[leaf]) {
                a[next] += a[root]
                a[root] = next
                root += 1
            } else {
                a[next] += a[leaf]
                leaf += 1
            }
        }
        a[n - 2] = 0
        if n >= 3 {
            for next in stride(from: n - 3, through: 0, by: -1) { a[next] = a[a[next]] + 1 }
        }
        var available = 1
        var used = 0
        var depth = 0
        var rootIndex = n - 2
        var nextIndex = n - 1
        while available > 0 {
            while rootIndex >= 0 && a[rootIndex] == depth {
                used += 1
                rootIndex -= 1
            }
            while available > used {
                a[nextIndex] = depth
                nextIndex -= 1
                available -= 1
            }
            available = 2 * used
            depth += 1
            used = 0
        }
    }

    /// Moves codes longer than `limit` to `limit` and restores the Kraft equality (miniz's method).
    private static func enforceLimit(_ counts: inout [Int], limit: Int) {
        for length in (limit + 1)..<counts.count {
            counts[limit] += counts[length]
            counts[length] = 0
        }
        var total = 0
        for length in 1...limit { total += counts[length] << (limit - length) }
        while total > 1 << limit {
            counts[limit] -= 1
            for length in stride(from: limit - 1, through: 1, by: -1) where counts[length] > 0 {
                counts[length] -= 1
                counts[length + 1] += 2
                break
            }
            total -= 1
        }
    }

    /// RFC 1951 §3.2.2 canonical codes, bit-reversed.
    private static func canonicalCodes(_ lengths: [UInt8]) -> [UInt16] {
        var countPerLength = [Int](repeating: 0, count: 16)
        for length in lengths where length > 0 { countPerLength[Int(length)] += 1 }
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1..<16 {
            nextCode[length] = code
            code = (code + countPerLength[length]) << 1
        }
        var codes = [UInt16](repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            let value = nextCode[Int(length)]
            nextCode[Int(length)] += 1
            var reversed = 0
            for bit in 0..<Int(length) where value & (1 << bit) != 0 { reversed |= 1 << (Int(length) - 1 - bit) }
            codes[symbol] = UInt16(reversed)
        }
        return codes
    }
}
