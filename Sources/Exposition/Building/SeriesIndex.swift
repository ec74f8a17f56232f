/// The label sets of one family seen so far, as 128-bit hashes (optionally each with the number of its series):
/// how a duplicate is recognised without keeping the text, which may already be compressed.
///
/// Open addressing with linear probing over a power-of-two table kept at most half full: 16 bytes per slot, so
/// 32–64 bytes per series (96 while the table doubles); merging families add 4 bytes per slot for series numbers.
/// A lookup and the insert that may follow it share one probe (one cache miss in a large table). Large tables
/// live in ``PageAllocation`` memory (huge pages), since every lookup lands on a random slot.
final class SeriesIndex {
    /// Two words per slot; (0, 0) marks an empty one.
    private var keys: UnsafeMutablePointer<UInt64>
    /// A series number per slot, when numbers are kept.
    private var numbers: UnsafeMutablePointer<UInt32>?
    private var slots = 16
    private(set) var count = 0

    /// `storesNumbers`: keep a series number per key (merging families look up the series to merge into).
    init(storesNumbers: Bool) {
        keys = Self.allocateKeys(slots)
        numbers = storesNumbers ? Self.allocateNumbers(slots) : nil
    }

    deinit {
        PageAllocation.deallocate(UnsafeMutableRawPointer(keys), byteCount: slots * 16)
        if let numbers { PageAllocation.deallocate(UnsafeMutableRawPointer(numbers), byteCount: slots * 4) }
    }

    /// Forgets every key and frees the table (a small empty one remains).
    func removeAll() {
        PageAllocation.deallocate(UnsafeMutableRawPointer(keys), byteCount: slots * 16)
        if let numbers { PageAllocation.deallocate(UnsafeMutableRawPointer(numbers), byteCount: slots * 4) }
        slots = 16
        count = 0
        keys = Self.allocateKeys(slots)
        numbers = numbers == nil ? nil : Self.allocateNumbers(slots)
    }

    /// Where `key` is, or where it would go.
    enum Probe {
        case found(number: Int)
        case absent(slot: Int)
    }

    /// Looks `key` up; an `.absent` slot stays valid for ``insert(_:at:number:)`` until the next insert.
    func probe(_ key: (UInt64, UInt64)) -> Probe {
        if (count &+ 1) &* 2 > slots { grow() }
        let key = Self.stored(key)
        let mask = slots &- 1
        var slot = Int(truncatingIfNeeded: key.0) & mask
        while true {
            let first = keys[2 &* slot]
            let second = keys[2 &* slot &+ 1]
            if first == key.0 && second == key.1 { return .found(number: numbers.map { Int($0[slot]) } ?? 0) }
            if first == 0 && second == 0 { return .absent(slot: slot) }
            slot = (slot &+ 1) & mask
        }
    }

    /// Stores `key` in the slot ``probe(_:)`` returned for it.
    func insert(_ key: (UInt64, UInt64), at slot: Int, number: Int) {
        let key = Self.stored(key)
        keys[2 &* slot] = key.0
        keys[2 &* slot &+ 1] = key.1
        numbers?[slot] = UInt32(truncatingIfNeeded: number)
        count &+= 1
    }

    /// (0, 0) marks an empty slot, so that key is stored as (0, 1).
    @inline(__always)
    private static func stored(_ key: (UInt64, UInt64)) -> (UInt64, UInt64) { key == (0, 0) ? (0, 1) : key }

    private static func allocateKeys(_ slots: Int) -> UnsafeMutablePointer<UInt64> {
        PageAllocation.allocate(byteCount: slots * 16).bindMemory(to: UInt64.self, capacity: slots * 2)
    }

    private static func allocateNumbers(_ slots: Int) -> UnsafeMutablePointer<UInt32> {
        PageAllocation.allocate(byteCount: slots * 4).bindMemory(to: UInt32.self, capacity: slots)
    }

    /// Doubles the table. Old slots are read in order and each key lands at its home slot or the one `slots`
    /// further, so both tables are walked nearly sequentially.
    private func grow() {
        let oldKeys = keys
        let oldNumbers = numbers
        let oldSlots = slots
        slots = oldSlots * 2
        keys = Self.allocateKeys(slots)
        numbers = oldNumbers == nil ? nil : Self.allocateNumbers(slots)
        let mask = slots - 1
        for index in 0..<oldSlots {
            let first = oldKeys[2 &* index]
            let second = oldKeys[2 &* index &+ 1]
            guard first != 0 || second != 0 else { continue }
            var slot = Int(truncatingIfNeeded: first) & mask
            while keys[2 &* slot] != 0 || keys[2 &* slot &+ 1] != 0 { slot = (slot &+ 1) & mask }
            keys[2 &* slot] = first
            keys[2 &* slot &+ 1] = second
            if let numbers, let oldNumbers { numbers[slot] = oldNumbers[index] }
        }
        PageAllocation.deallocate(UnsafeMutableRawPointer(oldKeys), byteCount: oldSlots * 16)
        if let oldNumbers { PageAllocation.deallocate(UnsafeMutableRawPointer(oldNumbers), byteCount: oldSlots * 4) }
    }
}
