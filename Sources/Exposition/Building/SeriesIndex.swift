/// The label sets of one family seen so far, as 128-bit hashes (optionally each with the number of its series):
/// how a duplicate is recognised without keeping the text, which may already be compressed.
///
/// Open addressing with linear probing over a power-of-two table kept at most half full: 16 bytes per slot, so
/// 32–64 bytes per series (96 while the table doubles); merging families add 4 bytes per slot for series numbers.
/// A lookup and the insert that may follow it share one probe (one cache miss in a large table).
struct SeriesIndex {
    private var keys: [(UInt64, UInt64)]
    private var numbers: [UInt32]
    private let storesNumbers: Bool
    private(set) var count = 0

    /// `storesNumbers`: keep a series number per key (merging families look up the series to merge into).
    init(storesNumbers: Bool) {
        self.storesNumbers = storesNumbers
        keys = Array(repeating: (0, 0), count: 16)
        numbers = storesNumbers ? Array(repeating: 0, count: 16) : []
    }

    /// Where `key` is, or where it would go.
    enum Probe {
        case found(number: Int)
        case absent(slot: Int)
    }

    /// Looks `key` up; an `.absent` slot stays valid for ``insert(_:at:number:)`` until the next insert.
    mutating func probe(_ key: (UInt64, UInt64)) -> Probe {
        if (count + 1) * 2 > keys.count { grow() }
        let key = Self.stored(key)
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: key.0) & mask
        while true {
            let existing = keys[slot]
            if existing == (0, 0) { return .absent(slot: slot) }
            if existing == key { return .found(number: storesNumbers ? Int(numbers[slot]) : 0) }
            slot = (slot + 1) & mask
        }
    }

    /// Stores `key` in the slot ``probe(_:)`` returned for it.
    mutating func insert(_ key: (UInt64, UInt64), at slot: Int, number: Int) {
        keys[slot] = Self.stored(key)
        if storesNumbers { numbers[slot] = UInt32(truncatingIfNeeded: number) }
        count += 1
    }

    /// (0, 0) marks an empty slot, so that key is stored as (0, 1).
    private static func stored(_ key: (UInt64, UInt64)) -> (UInt64, UInt64) { key == (0, 0) ? (0, 1) : key }

    private mutating func grow() {
        let oldKeys = keys
        let oldNumbers = numbers
        keys = Array(repeating: (0, 0), count: oldKeys.count * 2)
        if storesNumbers { numbers = Array(repeating: 0, count: oldKeys.count * 2) }
        let mask = keys.count - 1
        for (index, key) in oldKeys.enumerated() where key != (0, 0) {
            var slot = Int(truncatingIfNeeded: key.0) & mask
            while keys[slot] != (0, 0) { slot = (slot + 1) & mask }
            keys[slot] = key
            if storesNumbers { numbers[slot] = oldNumbers[index] }
        }
    }
}
