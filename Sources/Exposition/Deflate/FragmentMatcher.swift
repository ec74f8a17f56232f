/// Finds LZ77 matches in exposition text from the structure of its lines instead of searching byte by byte.
///
/// An exposition body repeats itself label by label: every line has the same label names, and most label values
/// (accounts, regions, services, charge categories) come from small sets. A general compressor finds that by
/// hashing every byte position (zlib at level 1 manages about 70 MB/s on this text, 10 CPU-seconds for a
/// 1M-series body); this matcher hashes each label fragment once and looks for it, in order:
///
/// 1. at the distance of the match that ended right where the fragment starts, so that neighbouring labels copied
///    from one earlier line merge into one long match;
/// 2. where the same fragment last occurred, through a small direct-mapped table of fragment hashes;
/// 3. in the previous fragment of the same label, which shares at least the label name and often a prefix of the
///    value (`2026-01-`, `arn:aws:s3:::`).
///
/// Candidates are always verified byte for byte against the window, so a hash collision or a stale table entry
/// costs only a missed match. What is not matched becomes literals, which the block's Huffman code still
/// compresses (hex ids, digits).
///
/// Plain memory (``allocate()``): it runs once per label value, so no reference counting or exclusivity checks.
struct FragmentMatcher {
    static let historySize = 32768
    static let windowCapacity = 1 << 18
    private static let maximumMatch = 258
    private static let cacheBits = 12
    /// Cache entries keep the low `positionBits` bits of a stream position and a tag above them.
    private static let positionBits = 20
    private static let positionMask: UInt32 = 1 << 20 - 1

    /// The last bytes of the stream: at least `historySize` before the line being matched.
    private let window: UnsafeMutablePointer<UInt8>
    private var windowCount = 0
    /// Stream position of `window[0]`.
    private var windowStart = 0
    private(set) var crc = CRC32()
    private let crcTables: UnsafeMutablePointer<UInt32>

    /// Direct-mapped fragment table: hash tag in the high 12 bits, stream position (mod 2²⁰) in the low ones.
    private let cache: UnsafeMutablePointer<UInt32>
    /// Per fragment of the line being written: the distance of the candidate from ``cache`` and of the previous
    /// fragment of the same label, 0 where there is none.
    private var candidates: UnsafeMutablePointer<UInt32>
    /// Per label of the current family: stream position of its last fragment, or −1.
    private var labelPositions: UnsafeMutablePointer<Int>
    private var labelCapacity = 0
    private var labelCount = 0
    private var familySeed: UInt64 = 0

    /// A match not yet written as tokens, because the next fragment may extend it.
    private var pendingLength = 0
    private var pendingDistance = 0
    private var pendingEnd = -1

    /// The block being collected.
    var tokens = TokenBuffer.allocate()

    static func allocate() -> UnsafeMutablePointer<FragmentMatcher> {
        let matcher = UnsafeMutablePointer<FragmentMatcher>.allocate(capacity: 1)
        matcher.initialize(to: FragmentMatcher())
        return matcher
    }

    static func deallocate(_ matcher: UnsafeMutablePointer<FragmentMatcher>) {
        let m = matcher.pointee
        m.window.deallocate()
        m.crcTables.deallocate()
        m.cache.deallocate()
        m.labelPositions.deallocate()
        m.candidates.deallocate()
        m.tokens.deallocate()
        matcher.deinitialize(count: 1)
        matcher.deallocate()
    }

    private init() {
        window = .allocate(capacity: Self.windowCapacity + 16)
        window.initialize(repeating: 0, count: Self.windowCapacity + 16)
        crcTables = .allocate(capacity: CRC32.tables.count)
        crcTables.initialize(from: CRC32.tables, count: CRC32.tables.count)
        cache = .allocate(capacity: 1 << Self.cacheBits)
        cache.initialize(repeating: 0, count: 1 << Self.cacheBits)
        labelPositions = .allocate(capacity: 1)
        candidates = .allocate(capacity: 2)
    }

    /// Stream position of the next byte.
    var position: Int { windowStart &+ windowCount }

    /// Fragments of a new family follow, with label indexes `0..<labelCount`.
    mutating func beginFamily(labelCount count: Int) {
        if count > labelCapacity {
            labelPositions.deallocate()
            candidates.deallocate()
            labelCapacity = count
            labelPositions = .allocate(capacity: count)
            candidates = .allocate(capacity: 2 * count)
        }
        labelCount = count
        labelPositions.update(repeating: -1, count: count)
        familySeed &+= 0x9E37_79B9_7F4A_7C15
    }

    /// Tokens needed at most to write `count` more bytes (including the pending match).
    func tokensNeeded(for count: Int) -> Int { count &+ pendingLength / 3 &+ 2 }

    // MARK: - Writing

    /// Literal tokens for unstructured text of at most `windowCapacity - historySize` bytes.
    mutating func writeLiterals(_ bytes: UnsafeRawPointer, count: Int) {
        flushPending()
        let offset = append(bytes, count: count)
        tokens.literals(window + offset, count: count)
    }

    /// Tokens for a series line of at most `windowCapacity - historySize` bytes.
    ///
    /// Two passes: the first looks up every fragment's candidates (hash, table slot, previous fragment of its
    /// label) without data-dependent branches, so that the table loads of all fragments overlap; the second
    /// verifies them and writes the tokens.
    mutating func write(line: UnsafePointer<SeriesLine>) {
        let count = line.pointee.count
        let lineStart = position
        let text = window + append(line.pointee.text, count: count)
        let fragmentCount = line.pointee.fragmentCount
        let ends = line.pointee.fragmentEnds
        let labels = line.pointee.fragmentLabels
        guard fragmentCount <= labelCapacity else {
            flushPending()
            tokens.literals(text, count: count)
            return
        }
        var start = 0
        for index in 0..<fragmentCount {
            let end = ends[index]
            let label = labels[index]
            let at = lineStart &+ start
            let hash = Self.fragmentHash(
                text + start, count: end &- start, seed: familySeed &+ UInt64(truncatingIfNeeded: label))
            let slot = Int(truncatingIfNeeded: hash &>> UInt64(64 &- Self.cacheBits))
            let tag = UInt32(truncatingIfNeeded: hash &>> 12) & ~Self.positionMask
            let entry = cache[slot]
            cache[slot] = tag | (UInt32(truncatingIfNeeded: at) & Self.positionMask)
            let cached = (UInt32(truncatingIfNeeded: at) &- entry) & Self.positionMask
            let cachedValid =
                (entry ^ tag) & ~Self.positionMask == 0 && cached != 0 && cached <= Self.historySize
                && at &- Int(cached) >= windowStart
            candidates[2 &* index] = cachedValid ? cached : 0
            var previous = 0
            if label < labelCount {
                previous = labelPositions[label]
                labelPositions[label] = at
            }
            let distance = at &- previous
            let previousValid =
                label < labelCount && previous >= windowStart && distance > 0 && distance <= Self.historySize
            candidates[2 &* index &+ 1] = previousValid ? UInt32(truncatingIfNeeded: distance) : 0
            start = end
        }
        start = 0
        for index in 0..<fragmentCount {
            let end = ends[index]
            fragment(
                text + start, count: end &- start, at: lineStart &+ start, cached: Int(candidates[2 &* index]),
                previous: Int(candidates[2 &* index &+ 1]))
            start = end
        }
        if start < count {
            flushPending()
            tokens.literals(text + start, count: count &- start)
        }
    }

    /// Ends the stream: the pending match becomes tokens.
    mutating func finish() { flushPending() }

    // MARK: - Window

    /// Copies bytes into the window (sliding it when full) and returns their offset in it.
    private mutating func append(_ bytes: UnsafeRawPointer, count: Int) -> Int {
        if windowCount &+ count > Self.windowCapacity {
            let keep = min(windowCount, Self.historySize)
            UnsafeMutableRawPointer(window).copyMemory(from: window + (windowCount &- keep), byteCount: keep)
            windowStart &+= windowCount &- keep
            windowCount = keep
        }
        let offset = windowCount
        crc.update(bytes, count: count, tables: crcTables, copyingTo: UnsafeMutableRawPointer(window + offset))
        windowCount &+= count
        return offset
    }

    // MARK: - Matching

    /// Tokens for one label fragment at stream position `start` (already in the window at `bytes`), given the
    /// distances of its candidates (0 for none).
    @inline(__always)
    private mutating func fragment(
        _ bytes: UnsafeMutablePointer<UInt8>, count: Int, at start: Int, cached: Int, previous: Int
    ) {
        var best = 0
        var bestDistance = 0
        if pendingLength > 0 && pendingEnd == start {
            best = commonPrefix(bytes, bytes - pendingDistance, limit: count)
            bestDistance = pendingDistance
        }
        if best < count && cached != 0 && cached != bestDistance {
            let length = commonPrefix(bytes, bytes - cached, limit: count)
            if length > best {
                best = length
                bestDistance = cached
            }
        }
        if best < count && previous != 0 && previous != bestDistance {
            let length = commonPrefix(bytes, bytes - previous, limit: count)
            if length > best {
                best = length
                bestDistance = previous
            }
        }
        if best >= 3 {
            match(length: best, distance: bestDistance, at: start)
        } else {
            best = 0
        }
        if best < count {
            flushPending()
            tokens.literals(bytes + best, count: count &- best)
        }
    }

    /// A cheap hash of a fragment: its length and last 16 bytes (the value's end; the start is the label name,
    /// the same in every fragment of a label). Values that differ only further ahead share a table slot, which
    /// costs a missed match, never a wrong one. Reads up to 8 bytes past a fragment shorter than 8 (the window has
    /// slack).
    @inline(__always)
    private static func fragmentHash(_ bytes: UnsafeMutablePointer<UInt8>, count: Int, seed: UInt64) -> UInt64 {
        let raw = UnsafeRawPointer(bytes)
        let short = count < 8
        var last = raw.loadUnaligned(fromByteOffset: short ? 0 : count &- 8, as: UInt64.self)
        last = short ? last &<< UInt64(truncatingIfNeeded: (8 &- count) &* 8) : last
        let first = count >= 16 ? raw.loadUnaligned(fromByteOffset: count &- 16, as: UInt64.self) : 0
        let h = (last ^ seed &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        let g = (first ^ UInt64(truncatingIfNeeded: count)) &* 0x94D0_49BB_1331_11EB
        return h ^ g
    }

    /// How many of the first `limit` bytes at `a` equal those at `b` (`b` before `a`; the ranges may overlap,
    /// which DEFLATE's byte-by-byte copy allows).
    @inline(__always)
    private func commonPrefix(_ a: UnsafeMutablePointer<UInt8>, _ b: UnsafeMutablePointer<UInt8>, limit: Int) -> Int {
        @inline(__always) func difference(at offset: Int) -> UInt64 {
            UnsafeRawPointer(a + offset).loadUnaligned(as: UInt64.self)
                ^ UnsafeRawPointer(b + offset).loadUnaligned(as: UInt64.self)
        }
        guard limit >= 8 else {
            var index = 0
            while index < limit && a[index] == b[index] { index &+= 1 }
            return index
        }
        var index = 0
        while index &+ 8 <= limit {
            let different = difference(at: index)
            if different != 0 { return index &+ different.littleEndian.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        guard index < limit else { return limit }
        // The last word overlaps the previous one, whose bytes are known equal.
        let different = difference(at: limit &- 8)
        return different == 0 ? limit : limit &- 8 &+ different.littleEndian.trailingZeroBitCount &>> 3
    }

    // MARK: - Tokens

    @inline(__always)
    private mutating func match(length: Int, distance: Int, at start: Int) {
        if pendingLength > 0 && pendingDistance == distance && pendingEnd == start {
            pendingLength &+= length
        } else {
            flushPending()
            pendingLength = length
            pendingDistance = distance
        }
        pendingEnd = start &+ length
    }

    /// Writes the pending match as tokens of 3…258 bytes.
    @inline(__always)
    private mutating func flushPending() {
        var remaining = pendingLength
        while remaining > 0 {
            var length = min(remaining, Self.maximumMatch)
            if remaining &- length > 0 && remaining &- length < 3 { length = remaining &- 3 }
            tokens.match(length: length, distance: pendingDistance)
            remaining &-= length
        }
        pendingLength = 0
        pendingEnd = -1
    }
}
