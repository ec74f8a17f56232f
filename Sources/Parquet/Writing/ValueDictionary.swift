/// A column chunk's dictionary: distinct values in first-seen order, stored as the dictionary page's PLAIN bytes
/// (length-prefixed for byte arrays, raw for fixed widths), found again without allocating: an open-addressing table
/// of entry indices over a 64-bit hash of the bytes, compared with `memcmp`-style equality on a hit.
struct ValueDictionary {
    /// The dictionary page body as it grows.
    private(set) var plain: [UInt8] = []
    /// Per entry: where its value bytes start in ``plain`` (high 32 bits) and their length (low 32 bits).
    private var entries: [UInt64] = []
    /// Per slot: the high 32 bits of the entry's hash, then entry index + 1 (0: empty). One load answers most probes.
    /// The count is a power of two, at most half full.
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)
    let fixedWidth: Int?

    init(fixedWidth: Int?) { self.fixedWidth = fixedWidth }

    var count: Int { entries.count }

    /// The index of `value`, added when new.
    mutating func index(of value: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let hash = Self.hash(value)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let found = slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                plain.withUnsafeBufferPointer { plain -> (found: Int?, slot: Int) in
                    let mask = slots.count - 1
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let word = slots[slot]
                        if word == 0 { return (nil, slot) }
                        if word & 0xFFFF_FFFF_0000_0000 == tag {
                            let entry = Int(word & 0xFFFF_FFFF) - 1
                            let start = Int(entries[entry] >> 32)
                            let length = Int(entries[entry] & 0xFFFF_FFFF)
                            if length == value.count,
                                length == 0 || memcmpEqual(plain.baseAddress! + start, value.baseAddress!, length)
                            {
                                return (entry, slot)
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        if let entry = found.found { return UInt32(entry) }
        let index = entries.count
        if fixedWidth == nil {
            withUnsafeBytes(of: UInt32(value.count).littleEndian) { plain.append(contentsOf: $0) }
        }
        entries.append(UInt64(plain.count) << 32 | UInt64(value.count))
        plain.append(contentsOf: value)
        slots[found.slot] = tag | UInt64(index + 1)
        if entries.count * 2 > slots.count { grow() }
        return UInt32(index)
    }

    /// Calls `body` with the bytes of entry `index`.
    func withEntry<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = Int(entries[index] >> 32)
        let length = Int(entries[index] & 0xFFFF_FFFF)
        return plain.withUnsafeBufferPointer { all in body(UnsafeBufferPointer(rebasing: all[start..<start + length])) }
    }

    private mutating func grow() {
        var larger = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = larger.count - 1
        for index in entries.indices {
            let hash = withEntry(index) { Self.hash($0) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while larger[slot] != 0 { slot = (slot + 1) & mask }
            larger[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(index + 1)
        }
        slots = larger
    }

    /// A fast 64-bit hash of the bytes, eight at a time (multiply–xorshift; not for adversarial keys: a collision
    /// costs only a comparison).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for index in offset..<bytes.count { tail = tail << 8 | UInt64(base[index]) }
            hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
            hash ^= hash >> 29
        }
        hash = (hash ^ (hash >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return hash ^ (hash >> 32)
    }
}

/// Whether `count` bytes at `a` and `b` are equal.
@inline(__always)
func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var index = 0
    let rawA = UnsafeRawPointer(a)
    let rawB = UnsafeRawPointer(b)
    while index + 8 <= count {
        if rawA.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            != rawB.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        {
            return false
        }
        index += 8
    }
    while index < count {
        if a[index] != b[index] { return false }
        index += 1
    }
    return true
}
