import Crypto
import Focus

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which fields of a row make its key, and how each is read.
struct RowKeyPlan: Sendable {
    struct Part: Sendable, Hashable {
        /// The header position of the column; `nil` when the header lacks it (the part is then null).
        let field: Int?
        /// Read as a timestamp, so `2026-05-01T00:00:00Z` and `2026-05-01T02:00:00+02:00` are one key.
        let isTimestamp: Bool
    }

    /// Separates the key spaces of the kinds (and of generic layouts).
    let domain: String
    let parts: [Part]
    /// For each header field, the part it feeds, or -1.
    let partOfField: [Int]

    init(domain: String, parts: [Part], fieldCount: Int) {
        self.domain = domain
        self.parts = parts
        var partOfField = [Int](repeating: -1, count: fieldCount)
        for (index, part) in parts.enumerated() {
            if let field = part.field, field < fieldCount { partOfField[field] = index }
        }
        self.partOfField = partOfField
    }
}

/// A row's key: 128 bits, written as 32 hex digits (a PostgreSQL `uuid`).
struct RowKey: Sendable, Hashable {
    var high: UInt64
    var low: UInt64

    /// The bits are a digest already: one word is as good a hash as both.
    func hash(into hasher: inout Hasher) { hasher.combine(low) }

    /// The 32 lower-case hex digits.
    func appendHex(to bytes: UnsafeMutableRawBufferPointer) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { digits in
            for index in 0..<16 {
                let value = index < 8 ? high >> (56 - 8 * UInt64(index)) : low >> (56 - 8 * UInt64(index - 8))
                let byte = UInt8(truncatingIfNeeded: value)
                bytes[2 * index] = digits[Int(byte >> 4)]
                bytes[2 * index + 1] = digits[Int(byte & 15)]
            }
        }
    }

    var hex: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            appendHex(to: UnsafeMutableRawBufferPointer(buffer))
            return 32
        }
    }
}

/// Computes row keys: SHA-256 over the key fields, and an occurrence ordinal.
///
/// The key of a row is the first 128 bits of SHA-256 over a domain tag and the key fields, each encoded without
/// ambiguity (null, a length-prefixed UTF-8 string, or a timestamp as microseconds since the epoch). Rows of one poll
/// with equal key fields are told apart by their order: the first keeps that value, the n-th (n ≥ 2) gets
/// SHA-256(first key ‖ n). So two identical rows stay two rows, and loading the same poll again maps them to the
/// same two rows. A cryptographic hash, so nobody can make a row (say, through a resource name they choose) collide
/// with somebody else's row and overwrite it.
///
/// Feed a row with ``beginRow()``, one ``append…`` per part of the plan in order, then ``finishRow()``. Use from one
/// task at a time.
struct RowKeyer {
    let plan: RowKeyPlan
    private let storage: KeyerStorage

    init(plan: RowKeyPlan) {
        self.plan = plan
        storage = KeyerStorage(prefix: Array("finops-row-key/v1/\(plan.domain)\u{0}".utf8))
    }

    mutating func beginRow() {
        storage.length = storage.prefixLength
    }

    mutating func appendNull() {
        storage.append(byte: 0)
    }

    /// A non-null field's unescaped bytes, for part `part` (read as a timestamp when the plan says so).
    mutating func append(_ bytes: UnsafeRawBufferPointer, part: Int) {
        if plan.parts[part].isTimestamp, let microseconds = storage.timestamp(bytes, part: part) {
            storage.append(byte: 2)
            storage.append(word: UInt64(bitPattern: microseconds))
            return
        }
        if Self.isASCII(bytes) {
            appendString(bytes)
        } else {
            // Invalid UTF-8 is keyed as the reader would store it (U+FFFD), so both paths agree.
            var text = String(decoding: bytes, as: UTF8.self)
            text.withUTF8 { appendString(UnsafeRawBufferPointer($0)) }
        }
    }

    private mutating func appendString(_ bytes: UnsafeRawBufferPointer) {
        storage.append(byte: 1)
        storage.append(word32: UInt32(truncatingIfNeeded: bytes.count))
        storage.append(bytes)
    }

    /// Whether every byte is below 0x80, eight at a time.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        var high: UInt64 = 0
        while index &+ 8 <= bytes.count {
            high |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index &+= 8
        }
        while index < bytes.count {
            high |= UInt64(bytes[index])
            index &+= 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// The key of the row, with its occurrence ordinal applied.
    mutating func finishRow() -> RowKey {
        let input = UnsafeRawBufferPointer(start: storage.buffer, count: storage.length)
        let base = Self.digest(input)
        let seen = storage.occurrences.increment(base)
        if seen == 1 { return base }
        // A repeated key (rare): SHA-256 of the full first digest and the ordinal.
        var hasher = SHA256()
        hasher.update(bufferPointer: input)
        var scratch: [UInt8] = []
        hasher.finalize().withUnsafeBytes { scratch.append(contentsOf: $0) }
        scratch.append(UInt8(ascii: "#"))
        withUnsafeBytes(of: seen.littleEndian) { scratch.append(contentsOf: $0) }
        return scratch.withUnsafeBytes { Self.digest($0) }
    }

    /// Distinct keys so far.
    var distinctKeys: Int { storage.occurrences.count }

    private static func digest(_ bytes: UnsafeRawBufferPointer) -> RowKey {
        var hasher = SHA256()
        hasher.update(bufferPointer: bytes)
        return hasher.finalize().withUnsafeBytes { raw in
            RowKey(
                high: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                low: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }
}

/// The keyer's hash input buffer, timestamp cache and occurrence counts, in one place so a ``RowKeyer`` stays cheap
/// to pass around.
private final class KeyerStorage {
    var buffer: UnsafeMutableRawPointer
    var capacity: Int
    var length: Int
    let prefixLength: Int
    let occurrences = OccurrenceTable()
    /// The last timestamp text read for each part and its value: consecutive rows mostly repeat them.
    private var lastTimestampTexts: [[UInt8]] = []
    private var lastTimestampValues: [Int64?] = []

    init(prefix: [UInt8]) {
        let capacity = max(1024, prefix.count * 2)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        prefix.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: prefix.count) }
        self.capacity = capacity
        self.buffer = buffer
        prefixLength = prefix.count
        length = prefix.count
    }

    deinit { buffer.deallocate() }

    /// The microseconds of a timestamp text, or `nil` when it is not one.
    func timestamp(_ bytes: UnsafeRawBufferPointer, part: Int) -> Int64? {
        if part >= lastTimestampTexts.count {
            lastTimestampTexts += Array(repeating: [], count: part + 1 - lastTimestampTexts.count)
            lastTimestampValues += Array(repeating: nil, count: part + 1 - lastTimestampValues.count)
        }
        let same = lastTimestampTexts[part].withUnsafeBytes { last in
            !bytes.isEmpty && last.count == bytes.count
                && memcmp(last.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        }
        if same { return lastTimestampValues[part] }
        let value = FocusTimestamp.parse(bytes.assumingMemoryBound(to: UInt8.self))?.timestamp.microsecondsSinceEpoch
        lastTimestampTexts[part] = Array(bytes)
        lastTimestampValues[part] = value
        return value
    }

    @inline(__always)
    func reserve(_ extra: Int) {
        guard length &+ extra > capacity else { return }
        let newCapacity = max(capacity * 2, length + extra)
        let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        grown.copyMemory(from: buffer, byteCount: length)
        buffer.deallocate()
        buffer = grown
        capacity = newCapacity
    }

    @inline(__always)
    func append(byte: UInt8) {
        reserve(1)
        buffer.storeBytes(of: byte, toByteOffset: length, as: UInt8.self)
        length &+= 1
    }

    @inline(__always)
    func append(word: UInt64) {
        reserve(8)
        buffer.storeBytes(of: word.littleEndian, toByteOffset: length, as: UInt64.self)
        length &+= 8
    }

    @inline(__always)
    func append(word32: UInt32) {
        reserve(4)
        buffer.storeBytes(of: word32.littleEndian, toByteOffset: length, as: UInt32.self)
        length &+= 4
    }

    @inline(__always)
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (buffer + length).copyMemory(from: source, byteCount: bytes.count)
        length &+= bytes.count
    }
}

/// Counts of row keys: open addressing on the key's low word (already uniformly distributed, so no hashing), linear
/// probing, at most half full; about 48 bytes a distinct key.
final class OccurrenceTable {
    private struct Slot {
        var high: UInt64
        var low: UInt64
        var count: UInt32
    }

    private var slots: UnsafeMutablePointer<Slot>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        self.capacity = capacity
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(high: 0, low: 0, count: 0), count: capacity)
    }

    deinit { slots.deallocate() }

    /// Adds one occurrence of `key`; returns how many there are now.
    func increment(_ key: RowKey) -> UInt32 {
        if (count &+ 1) &* 2 > capacity { grow() }
        let mask = capacity &- 1
        var index = Int(truncatingIfNeeded: key.low) & mask
        while true {
            let seen = slots[index].count
            if seen == 0 {
                slots[index] = Slot(high: key.high, low: key.low, count: 1)
                count &+= 1
                return 1
            }
            if slots[index].high == key.high && slots[index].low == key.low {
                slots[index].count = seen &+ 1
                return seen &+ 1
            }
            index = (index &+ 1) & mask
        }
    }

    private func grow() {
        let old = slots
        let oldCapacity = capacity
        capacity *= 2
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(high: 0, low: 0, count: 0), count: capacity)
        let mask = capacity - 1
        for slot in 0..<oldCapacity where old[slot].count != 0 {
            var index = Int(truncatingIfNeeded: old[slot].low) & mask
            while slots[index].count != 0 { index = (index + 1) & mask }
            slots[index] = old[slot]
        }
        old.deallocate()
    }
}
