/// The series of a merging family (``DuplicatePolicy/sum`` or `last`), held until the family ends because a
/// later duplicate may still change an earlier value.
///
/// Keeps only what a series adds to its family, as one record per series in chunks of about 1 MiB. A record is
/// the number of fragments (and whether their labels are simply `0, 1, 2, …`), then per fragment its escaped value:
/// either the number of that value in its label's ``LabelDictionary`` or, for labels whose values rarely repeat
/// (resource ids, prices), the value's bytes. Numbers and lengths are LEB128, usually one byte each, and the
/// `name{label="` text is the family's and is not repeated. For 20 FOCUS labels that is about 70 bytes per series
/// plus 8 for the value (timestamps take 8 more, only once some series has one). Chunks never move once written
/// (no copy when the family grows), and replaying frees each chunk as soon as it has been read, so the staged
/// series and the compressed body are not both held in full.
final class StagedSeries {
    private static let chunkSize = 1 << 20
    private static let noTimestamp = Int64.min

    /// Finished chunks and their byte counts.
    private var chunks: [(bytes: UnsafeMutablePointer<UInt8>, count: Int)] = []
    private var current: UnsafeMutablePointer<UInt8>?
    private var currentCount = 0
    private var currentCapacity = 0
    private(set) var values: [Double] = []
    /// Empty until a series has a timestamp; then one per series.
    private var timestamps: [Int64] = []
    /// One per label of the family.
    private let dictionaries: UnsafeMutablePointer<LabelDictionary>
    private let labelCount: Int

    var count: Int { values.count }

    init(labelCount: Int) {
        self.labelCount = labelCount
        dictionaries = .allocate(capacity: max(labelCount, 1))
        dictionaries.initialize(repeating: LabelDictionary(), count: labelCount)
    }

    deinit { release() }

    /// Stages the line's label values with its value; returns the series number.
    func stage(_ line: UnsafePointer<SeriesLine>, value: Double, timestamp: Int64?) -> Int {
        let line = line.pointee
        let fragmentCount = line.fragmentCount
        var needed = 10
        var contiguous = true
        for index in 0..<fragmentCount {
            needed &+= line.fragmentValue(index).count &+ 20
            if line.fragmentLabels[index] != index { contiguous = false }
        }
        var out = reserve(needed)
        let start = out
        Self.writeNumber(fragmentCount << 1 | (contiguous ? 0 : 1), to: &out)
        for index in 0..<fragmentCount {
            let label = line.fragmentLabels[index]
            if !contiguous { Self.writeNumber(label, to: &out) }
            let bytes = line.fragmentValue(index)
            if label < labelCount, let number = dictionaries[label].number(of: bytes) {
                Self.writeNumber(number << 1, to: &out)
            } else {
                Self.writeNumber(bytes.count << 1 | 1, to: &out)
                if let source = bytes.baseAddress {
                    copyWords(from: source, to: UnsafeMutableRawPointer(out), count: bytes.count)
                }
                out += bytes.count
            }
        }
        currentCount &+= out - start
        values.append(value)
        if let timestamp {
            if timestamps.isEmpty { timestamps = Array(repeating: Self.noTimestamp, count: values.count - 1) }
            timestamps.append(timestamp)
        } else if !timestamps.isEmpty {
            timestamps.append(Self.noTimestamp)
        }
        return values.count - 1
    }

    /// Merges a duplicate into series `number`.
    func merge(into number: Int, value: Double, timestamp: Int64?, policy: DuplicatePolicy) {
        switch policy {
        case .sum:
            values[number] += value
            if let timestamp {
                if timestamps.isEmpty { timestamps = Array(repeating: Self.noTimestamp, count: values.count) }
                timestamps[number] = max(timestamps[number], timestamp)
            }
        case .last, .report:
            values[number] = value
            if timestamp != nil || !timestamps.isEmpty {
                if timestamps.isEmpty { timestamps = Array(repeating: Self.noTimestamp, count: values.count) }
                timestamps[number] = timestamp ?? Self.noTimestamp
            }
        }
    }

    /// Replays every series, in first-seen order, into `line` and hands it to `body`; empties the stage.
    func replay(into line: UnsafeMutablePointer<SeriesLine>, _ body: () -> Void) {
        finishChunk()
        var number = 0
        for chunkIndex in chunks.indices {
            let chunk = chunks[chunkIndex]
            var read = UnsafePointer(chunk.bytes)
            let end = read + chunk.count
            while read < end && number < values.count {
                line.pointee.reset()
                let header = Self.readNumber(&read)
                let contiguous = header & 1 == 0
                for index in 0..<(header >> 1) {
                    let label = contiguous ? index : Self.readNumber(&read)
                    let tagged = Self.readNumber(&read)
                    let value: UnsafeRawBufferPointer
                    if tagged & 1 == 0 {
                        value = dictionaries[label].value(tagged >> 1)
                    } else {
                        value = UnsafeRawBufferPointer(start: read, count: tagged >> 1)
                        read += tagged >> 1
                    }
                    line.pointee.appendStagedFragment(label: label, value: value)
                }
                line.pointee.closeLabels()
                let timestamp = timestamps.isEmpty ? Self.noTimestamp : timestamps[number]
                line.pointee.appendSample(
                    value: values[number], timestamp: timestamp == Self.noTimestamp ? nil : timestamp)
                body()
                number += 1
            }
            chunk.bytes.deallocate()
            chunks[chunkIndex].count = 0
        }
        chunks = []
        values = []
        timestamps = []
        release()
    }

    /// Frees the chunks and dictionaries (the stage is empty afterwards).
    private func release() {
        finishChunk()
        for chunk in chunks where chunk.count > 0 { chunk.bytes.deallocate() }
        chunks = []
        for label in 0..<labelCount { dictionaries[label].deallocate() }
        dictionaries.update(repeating: LabelDictionary(), count: labelCount)
    }

    /// Room for `needed` bytes at the end of the current chunk (a new chunk when it lacks it).
    private func reserve(_ needed: Int) -> UnsafeMutablePointer<UInt8> {
        if let current, currentCount &+ needed <= currentCapacity { return current + currentCount }
        finishChunk()
        currentCapacity = max(Self.chunkSize, needed)
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: currentCapacity + 16)  // slack: word reads
        current = chunk
        currentCount = 0
        return chunk
    }

    private func finishChunk() {
        if let current {
            if currentCount > 0 { chunks.append((current, currentCount)) } else { current.deallocate() }
        }
        current = nil
        currentCount = 0
        currentCapacity = 0
    }

    /// LEB128: seven bits per byte, low groups first, high bit set on all but the last byte.
    @inline(__always)
    private static func writeNumber(_ value: Int, to out: inout UnsafeMutablePointer<UInt8>) {
        if value < 0x80 && value >= 0 {
            out.pointee = UInt8(truncatingIfNeeded: value)
            out += 1
            return
        }
        var rest = UInt(bitPattern: value)
        while rest >= 0x80 {
            out.pointee = UInt8(truncatingIfNeeded: rest) | 0x80
            out += 1
            rest >>= 7
        }
        out.pointee = UInt8(truncatingIfNeeded: rest)
        out += 1
    }

    @inline(__always)
    private static func readNumber(_ read: inout UnsafePointer<UInt8>) -> Int {
        var value: UInt = 0
        var shift: UInt = 0
        while true {
            let byte = read.pointee
            read += 1
            value |= UInt(byte & 0x7F) &<< shift
            if byte < 0x80 { return Int(truncatingIfNeeded: value) }
            shift &+= 7
        }
    }
}

/// The distinct values of one label of a merging family, numbered in order of first appearance, so that a staged
/// series stores a small number instead of a value that repeats (accounts, regions, services, SKUs, periods).
///
/// Interning pays only when values repeat: from 16,384 values on, after every 4096 the dictionary checks how many
/// of those were new, and when that is more than half it stops taking values (the label's values are staged as bytes from then on; those
/// already numbered stay, as earlier series refer to them).
///
/// Plain memory, freed with ``deallocate()``: it is consulted once per label value.
struct LabelDictionary {
    /// Open addressing, at most half full, two words per slot: the hash with the value's number + 1 in its low 32
    /// bits (0 when the slot is free), then the value's offset in ``bytes`` (high 40 bits) and length (low 24).
    private var slots: UnsafeMutablePointer<UInt64>?
    private var slotCount = 0
    /// Per number: offset (high 40 bits) and length (low 24) of the value in ``bytes``.
    private var values: UnsafeMutablePointer<UInt64>?
    private var bytes: UnsafeMutablePointer<UInt8>?
    private var byteCount = 0
    private var byteCapacity = 0
    private var valueCount = 0
    private var valueCapacity = 0
    private var seen = 0
    private var added = 0
    private var interning = true

    /// Values checked between two decisions whether interning pays.
    private static let period = 4096
    /// Longer values are always staged as bytes.
    private static let maximumLength = 1 << 24 - 1

    /// The number of `value`, adding it when new; `nil` once the label's values are staged as bytes.
    @inline(__always)
    mutating func number(of value: UnsafeRawBufferPointer) -> Int? {
        guard interning, value.count <= Self.maximumLength else { return nil }
        seen &+= 1
        if seen & (Self.period - 1) == 0 {
            // Judged on the last period, once the first few have filled the dictionary with the common values.
            if seen >= 4 * Self.period && added &* 2 > Self.period {
                interning = false
                slots?.deallocate()
                slots = nil
                slotCount = 0
                return nil
            }
            added = 0
        }
        if (valueCount &+ 1) &* 2 > slotCount { grow() }
        guard let slots else { return nil }
        let hash = Self.hash(value)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let mask = slotCount &- 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[2 &* slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag && equals(slots[2 &* slot &+ 1], value) {
                return Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) &- 1
            }
            slot = (slot &+ 1) & mask
        }
        let (number, location) = append(value)
        slots[2 &* slot] = tag | UInt64(truncatingIfNeeded: number &+ 1)
        slots[2 &* slot &+ 1] = location
        added &+= 1
        return number
    }

    /// The bytes of value `number`.
    @inline(__always)
    func value(_ number: Int) -> UnsafeRawBufferPointer {
        guard let values else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return bytes(at: values[number])
    }

    mutating func deallocate() {
        slots?.deallocate()
        values?.deallocate()
        bytes?.deallocate()
        self = LabelDictionary()
    }

    @inline(__always)
    private func bytes(at location: UInt64) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(
            start: bytes.map { $0 + Int(truncatingIfNeeded: location &>> 24) },
            count: Int(truncatingIfNeeded: location & 0xFF_FFFF))
    }

    @inline(__always)
    private func equals(_ location: UInt64, _ value: UnsafeRawBufferPointer) -> Bool {
        guard Int(truncatingIfNeeded: location & 0xFF_FFFF) == value.count else { return false }
        guard let a = bytes(at: location).baseAddress, let b = value.baseAddress else { return true }
        return memoryEquals(a, b, count: value.count)
    }

    /// Appends `value` as a new number; returns it and the value's location.
    private mutating func append(_ value: UnsafeRawBufferPointer) -> (Int, UInt64) {
        if valueCount == valueCapacity {
            let capacity = max(64, valueCapacity * 2)
            let grown = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
            if let values {
                grown.update(from: values, count: valueCount)
                values.deallocate()
            }
            values = grown
            valueCapacity = capacity
        }
        if byteCount &+ value.count > byteCapacity {
            var capacity = max(1024, byteCapacity * 2)
            while capacity < byteCount &+ value.count { capacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + 16)
            if let bytes {
                grown.update(from: bytes, count: byteCount)
                bytes.deallocate()
            }
            bytes = grown
            byteCapacity = capacity
        }
        if let source = value.baseAddress, let bytes {
            (bytes + byteCount).update(from: source.assumingMemoryBound(to: UInt8.self), count: value.count)
        }
        let location = UInt64(truncatingIfNeeded: byteCount) &<< 24 | UInt64(truncatingIfNeeded: value.count)
        byteCount &+= value.count
        let number = valueCount
        values.unsafelyUnwrapped[number] = location
        valueCount &+= 1
        return (number, location)
    }

    private mutating func grow() {
        let oldSlots = slots
        let oldCount = slotCount
        slotCount = max(64, slotCount * 2)
        let grown = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * slotCount)
        grown.initialize(repeating: 0, count: 2 * slotCount)
        let mask = slotCount &- 1
        if let oldSlots {
            for index in 0..<oldCount where oldSlots[2 * index] != 0 {
                var slot = Int(truncatingIfNeeded: Self.hash(bytes(at: oldSlots[2 * index + 1]))) & mask
                while grown[2 * slot] != 0 { slot = (slot &+ 1) & mask }
                grown[2 * slot] = oldSlots[2 * index]
                grown[2 * slot + 1] = oldSlots[2 * index + 1]
            }
            oldSlots.deallocate()
        }
        slots = grown
    }

    /// A fast hash of a value from its length and first and last 16 bytes, with independent multiplications
    /// (values that differ only in the middle share a hash, which costs a comparison, never a wrong number).
    /// Reads up to 8 bytes past the end of a value shorter than 8 (callers' memory has that slack).
    @inline(__always)
    static func hash(_ value: UnsafeRawBufferPointer) -> UInt64 {
        let count = value.count
        guard let base = value.baseAddress else { return 0 }
        let head: UInt64
        let tail: UInt64
        var middle: UInt64 = 0
        if count >= 8 {
            head = base.loadUnaligned(as: UInt64.self)
            tail = base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            if count > 16 {
                middle =
                    base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    ^ base.loadUnaligned(fromByteOffset: count &- 16, as: UInt64.self) &<< 1
            }
        } else {
            head = base.loadUnaligned(as: UInt64.self) & lowBytes(count)
            tail = 0
        }
        let a = (head ^ 0x243F_6A88_85A3_08D3) &* 0x9E37_79B9_7F4A_7C15
        let b = (tail ^ UInt64(truncatingIfNeeded: count)) &* 0xBF58_476D_1CE4_E5B9
        let c = (middle ^ 0x1319_8A2E_0370_7344) &* 0x94D0_49BB_1331_11EB
        let h = a ^ (b &>> 7) ^ (c &>> 13) ^ b ^ c
        return h ^ (h &>> 29)
    }
}

/// A mask of the low `count` (0…8) bytes of a word.
@inline(__always)
func lowBytes(_ count: Int) -> UInt64 {
    count >= 8 ? ~0 : (1 &<< UInt64(truncatingIfNeeded: count &* 8)) &- 1
}

/// Whether `count` bytes at `a` and `b` are equal. Reads up to 8 bytes past the end of both when `count` < 8
/// (callers' memory has that slack).
@inline(__always)
func memoryEquals(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
    @inline(__always) func word(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        p.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }
    if count <= 8 { return (word(a, 0) ^ word(b, 0)) & lowBytes(count) == 0 }
    if count <= 16 { return (word(a, 0) ^ word(b, 0)) | (word(a, count &- 8) ^ word(b, count &- 8)) == 0 }
    var index = 0
    var difference: UInt64 = 0
    while index &+ 16 < count {
        difference |= (word(a, index) ^ word(b, index)) | (word(a, index &+ 8) ^ word(b, index &+ 8))
        index &+= 16
    }
    difference |= (word(a, count &- 16) ^ word(b, count &- 16)) | (word(a, count &- 8) ^ word(b, count &- 8))
    return difference == 0
}

/// Copies `count` bytes a word at a time: both sides have room for up to 7 bytes more (the slack of line and stage
/// buffers), which may be read and overwritten.
@inline(__always)
func copyWords(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, count: Int) {
    var copied = 0
    while copied < count {
        destination.storeBytes(
            of: source.loadUnaligned(fromByteOffset: copied, as: UInt64.self), toByteOffset: copied, as: UInt64.self)
        copied &+= 8
    }
}
