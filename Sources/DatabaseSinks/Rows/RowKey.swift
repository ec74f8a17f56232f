import Crypto
import Focus

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
/// Feed a row with ``beginRow()``, one ``append…`` per part of the plan in order, then ``finishRow()``.
struct RowKeyer: Sendable {
    let plan: RowKeyPlan
    private var occurrences: [RowKey: UInt32] = [:]
    private var input: [UInt8] = []
    private let prefix: [UInt8]
    private var scratch: [UInt8] = []

    init(plan: RowKeyPlan) {
        self.plan = plan
        prefix = Array("finops-row-key/v1/\(plan.domain)\u{0}".utf8)
        input.reserveCapacity(1024)
    }

    mutating func beginRow() {
        input.removeAll(keepingCapacity: true)
        input.append(contentsOf: prefix)
    }

    mutating func appendNull() {
        input.append(0)
    }

    /// A non-null field's unescaped bytes, for part `part` (read as a timestamp when the plan says so).
    mutating func append(_ bytes: UnsafeRawBufferPointer, part: Int) {
        if plan.parts[part].isTimestamp,
            let parsed = FocusTimestamp.parse(bytes.assumingMemoryBound(to: UInt8.self))
        {
            input.append(2)
            withUnsafeBytes(of: parsed.timestamp.microsecondsSinceEpoch.littleEndian) { input.append(contentsOf: $0) }
            return
        }
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            appendString(bytes)
        } else {
            // Invalid UTF-8 is keyed as the reader would store it (U+FFFD), so both paths agree.
            var text = String(decoding: bytes, as: UTF8.self)
            text.withUTF8 { appendString(UnsafeRawBufferPointer($0)) }
        }
    }

    private mutating func appendString(_ bytes: UnsafeRawBufferPointer) {
        input.append(1)
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: bytes.count).littleEndian) { input.append(contentsOf: $0) }
        input.append(contentsOf: bytes)
    }

    /// The key of the row, with its occurrence ordinal applied.
    mutating func finishRow() -> RowKey {
        let base = input.withUnsafeBytes { Self.digest($0) }
        let seen = occurrences[base, default: 0] &+ 1
        occurrences[base] = seen
        if seen == 1 { return base }
        // A repeated key (rare): SHA-256 of the full first digest and the ordinal.
        scratch.removeAll(keepingCapacity: true)
        input.withUnsafeBytes { bytes in
            var hasher = SHA256()
            hasher.update(bufferPointer: bytes)
            hasher.finalize().withUnsafeBytes { scratch.append(contentsOf: $0) }
        }
        scratch.append(UInt8(ascii: "#"))
        withUnsafeBytes(of: seen.littleEndian) { scratch.append(contentsOf: $0) }
        return scratch.withUnsafeBytes { Self.digest($0) }
    }

    /// Rows keyed so far.
    var distinctKeys: Int { occurrences.count }

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
