/// A growable byte buffer written through a raw pointer: the block encoder reserves room for a block's worst case
/// once and then stores bytes without per-byte bounds checks, uniqueness checks or reference counting.
///
/// Non-copyable, so the memory has exactly one owner and is freed once. Every write is preceded by
/// ``reserve(_:)`` for its worst case, so the stores never pass `capacity`.
struct ByteBuffer: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes written so far.
    var count = 0

    /// Extra bytes allocated past `capacity`, so word-sized loads and stores near the end stay inside the block.
    static let slack = 16

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        self.base = .allocate(capacity: self.capacity + Self.slack)
        self.base.initialize(repeating: 0, count: self.capacity + Self.slack)
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes after `count`.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count &+ extra > capacity { grow(to: count &+ extra) }
    }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + Self.slack)
        newBase.initialize(from: base, count: count)
        (newBase + count).initialize(repeating: 0, count: newCapacity + Self.slack - count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// The bytes written so far.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    mutating func removeAll() { count = 0 }
}
