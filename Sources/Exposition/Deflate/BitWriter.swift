/// Packs bits least-significant first into a buffer that has room for everything that will be written plus 8
/// bytes.
///
/// Branch-free: ``add(_:_:)`` only collects bits; ``flush()`` stores all eight bytes of the accumulator and
/// advances past the whole ones, keeping fewer than 8 bits. Callers add at most 56 bits between flushes.
struct BitWriter {
    let output: UnsafeMutablePointer<UInt8>
    var bits: UInt64
    var count: Int
    var written = 0

    init(output: UnsafeMutablePointer<UInt8>, bits: UInt64, count: Int) {
        self.output = output
        self.bits = bits
        self.count = count
    }

    /// Collects the low `length` bits of `value` (whose higher bits are zero).
    @inline(__always)
    mutating func add(_ value: UInt64, _ length: Int) {
        bits |= value &<< UInt64(truncatingIfNeeded: count)
        count &+= length
    }

    /// Writes the whole bytes collected so far.
    @inline(__always)
    mutating func flush() {
        UnsafeMutableRawPointer(output + written).storeBytes(of: bits.littleEndian, as: UInt64.self)
        let bytes = count &>> 3
        written &+= bytes
        bits = bits &>> UInt64(truncatingIfNeeded: bytes &<< 3)
        count &= 7
    }

    /// ``add(_:_:)`` and ``flush()``.
    @inline(__always)
    mutating func put(_ value: UInt64, _ length: Int) {
        add(value, length)
        flush()
    }

    /// Writes the last partial byte, padded with zeros.
    mutating func alignToByte() {
        flush()
        if count > 0 {
            output[written] = UInt8(truncatingIfNeeded: bits)
            written += 1
        }
        bits = 0
        count = 0
    }
}
