/// XXH64 (xxHash, 64 bits, seed 0) over a stream of bytes: a fast content fingerprint, for naming a poll after its
/// file (`finops-operator load`). Not cryptographic: it tells files apart, it does not authenticate them.
public struct ContentHash: Sendable {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    private var v1: UInt64 = 0 &+ prime1 &+ prime2
    private var v2: UInt64 = prime2
    private var v3: UInt64 = 0
    private var v4: UInt64 = 0 &- prime1
    private var buffer: [UInt8] = []
    /// Bytes hashed so far.
    public private(set) var count = 0

    public init() {
        buffer.reserveCapacity(32)
    }

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        var accumulator = accumulator &+ input &* prime2
        accumulator = (accumulator << 31) | (accumulator >> 33)
        return accumulator &* prime1
    }

    @inline(__always)
    private static func merge(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        (hash ^ round(0, value)) &* prime1 &+ prime4
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        count += bytes.count
        var offset = 0
        if !buffer.isEmpty {
            let take = min(32 - buffer.count, bytes.count)
            buffer.append(contentsOf: bytes[0..<take])
            offset = take
            guard buffer.count == 32 else { return }
            buffer.withUnsafeBytes { stripe($0.baseAddress!) }
            buffer.removeAll(keepingCapacity: true)
        }
        guard let base = bytes.baseAddress else { return }
        var a = v1
        var b = v2
        var c = v3
        var d = v4
        while offset + 32 <= bytes.count {
            let p = base + offset
            a = Self.round(a, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
            b = Self.round(b, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            c = Self.round(c, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
            d = Self.round(d, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
            offset += 32
        }
        v1 = a
        v2 = b
        v3 = c
        v4 = d
        buffer.append(contentsOf: bytes[offset...])
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    private mutating func stripe(_ p: UnsafeRawPointer) {
        v1 = Self.round(v1, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
        v2 = Self.round(v2, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        v3 = Self.round(v3, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
        v4 = Self.round(v4, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
    }

    /// The hash of everything given so far.
    public var value: UInt64 {
        var hash: UInt64
        if count >= 32 {
            hash =
                ((v1 << 1) | (v1 >> 63)) &+ ((v2 << 7) | (v2 >> 57)) &+ ((v3 << 12) | (v3 >> 52))
                &+ ((v4 << 18) | (v4 >> 46))
            hash = Self.merge(hash, v1)
            hash = Self.merge(hash, v2)
            hash = Self.merge(hash, v3)
            hash = Self.merge(hash, v4)
        } else {
            hash = Self.prime5
        }
        hash &+= UInt64(count)
        buffer.withUnsafeBytes { rest in
            var offset = 0
            while offset + 8 <= rest.count {
                let lane = UInt64(littleEndian: rest.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                hash ^= Self.round(0, lane)
                hash = ((hash << 27) | (hash >> 37)) &* Self.prime1 &+ Self.prime4
                offset += 8
            }
            if offset + 4 <= rest.count {
                let lane = UInt64(UInt32(littleEndian: rest.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                hash ^= lane &* Self.prime1
                hash = ((hash << 23) | (hash >> 41)) &* Self.prime2 &+ Self.prime3
                offset += 4
            }
            while offset < rest.count {
                hash ^= UInt64(rest[offset]) &* Self.prime5
                hash = ((hash << 11) | (hash >> 53)) &* Self.prime1
                offset += 1
            }
        }
        hash ^= hash >> 33
        hash &*= Self.prime2
        hash ^= hash >> 29
        hash &*= Self.prime3
        hash ^= hash >> 32
        return hash
    }

    /// `<16 hex digits>-<byte count>`, e.g. `ef46db3751d8e999-0`.
    public var identifier: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + "-\(count)"
    }
}
