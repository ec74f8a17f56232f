/// A column chunk's dictionary: distinct values in first-seen order, stored as the dictionary page's PLAIN bytes
/// (length-prefixed for byte arrays, raw for fixed widths), found again without allocating: an open-addressing table
/// of entry indices over a 64-bit hash of the bytes, compared with `memcmp`-style equality on a hit.
struct ValueDictionary {
    /// The dictionary page body as it grows.
    private(set) var plain: [UInt8] = []
    /// Where each entry's value bytes start in ``plain``, and their length.
    private(set) var starts: [Int] = []
    private(set) var lengths: [Int] = []
    private var hashes: [UInt64] = []
    /// Entry index + 1 per slot; 0 is empty. The count is a power of two, at most half full.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)
    let fixedWidth: Int?

    init(fixedWidth: Int?) { self.fixedWidth = fixedWidth }

    var count: Int { starts.count }

    /// The index of `value`, added when new.
    mutating func index(of value: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let hash = Self.hash(value)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if hashes[entry - 1] == hash, equals(entry - 1, value) { return UInt32(entry - 1) }
            slot = (slot + 1) & mask
        }
        let index = starts.count
        if fixedWidth == nil {
            withUnsafeBytes(of: UInt32(value.count).littleEndian) { plain.append(contentsOf: $0) }
        }
        starts.append(plain.count)
        lengths.append(value.count)
        hashes.append(hash)
        plain.append(contentsOf: value)
        slots[slot] = Int32(index + 1)
        if starts.count * 2 > slots.count { grow() }
        return UInt32(index)
    }

    /// Calls `body` with the bytes of entry `index`.
    func withEntry<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        plain.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[starts[index]..<starts[index] + lengths[index]]))
        }
    }

    private func equals(_ index: Int, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lengths[index] == value.count else { return false }
        return withEntry(index) { entry in
            guard let a = entry.baseAddress, let b = value.baseAddress else { return true }
            return memcmpEqual(a, b, value.count)
        }
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
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
