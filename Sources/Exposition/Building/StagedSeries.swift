/// The series of a merging family (``DuplicatePolicy/sum`` or `last`), held until the family ends because a
/// later duplicate may still change an earlier value.
///
/// Keeps only what a series adds to its family, as one record per series in chunks of about 1 MiB: the number of
/// fragments, then per fragment its label index, value length and escaped value bytes (lengths and indexes as
/// LEB128, usually one byte each). The `name{label="` text is the family's and is not repeated. For 20 FOCUS
/// labels that is about 360 bytes per series, plus 16 for value and timestamp. Chunks never move once written
/// (no copy when the family grows), and replaying frees each chunk as soon as it has been read, so the staged
/// text and the compressed body are not both held in full.
struct StagedSeries {
    private static let chunkSize = 1 << 20
    private static let noTimestamp = Int64.min

    private var chunks: [[UInt8]] = []
    private var current: [UInt8] = []
    private(set) var values: [Double] = []
    private var timestamps: [Int64] = []

    var count: Int { values.count }

    /// Stages the line's label values with its value; returns the series number.
    mutating func stage(_ line: SeriesLine, value: Double, timestamp: Int64?) -> Int {
        var needed = 10
        for index in 0..<line.fragmentCount { needed += line.fragmentValue(index).count + 20 }
        if current.count + needed > current.capacity && !current.isEmpty {
            chunks.append(current)
            current = []
        }
        if current.isEmpty { current.reserveCapacity(max(Self.chunkSize, needed)) }
        Self.appendNumber(line.fragmentCount, to: &current)
        for index in 0..<line.fragmentCount {
            let bytes = line.fragmentValue(index)
            Self.appendNumber(line.fragmentLabels[index], to: &current)
            Self.appendNumber(bytes.count, to: &current)
            current.append(contentsOf: bytes)
        }
        values.append(value)
        timestamps.append(timestamp ?? Self.noTimestamp)
        return values.count - 1
    }

    /// Merges a duplicate into series `number`.
    mutating func merge(into number: Int, value: Double, timestamp: Int64?, policy: DuplicatePolicy) {
        switch policy {
        case .sum:
            values[number] += value
            if let timestamp { timestamps[number] = max(timestamps[number], timestamp) }
        case .last, .report:
            values[number] = value
            timestamps[number] = timestamp ?? Self.noTimestamp
        }
    }

    /// Replays every series, in first-seen order, into `line` and hands it to `body`; empties the stage.
    mutating func replay(into line: UnsafeMutablePointer<SeriesLine>, _ body: () -> Void) {
        if !current.isEmpty { chunks.append(current) }
        current = []
        var number = 0
        for chunkIndex in chunks.indices {
            let chunk = chunks[chunkIndex]
            chunks[chunkIndex] = []  // the copy in `chunk` is the last reference: freed after this iteration
            chunk.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count && number < values.count {
                    line.pointee.reset()
                    let fragments = Self.readNumber(bytes, &offset)
                    for _ in 0..<fragments {
                        let label = Self.readNumber(bytes, &offset)
                        let length = min(Self.readNumber(bytes, &offset), bytes.count - offset)
                        line.pointee.appendEscapedFragment(
                            label: label, value: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]))
                        offset += length
                    }
                    line.pointee.closeLabels()
                    let timestamp = timestamps[number]
                    line.pointee.appendSample(
                        value: values[number], timestamp: timestamp == Self.noTimestamp ? nil : timestamp)
                    body()
                    number += 1
                }
            }
        }
        chunks = []
        values = []
        timestamps = []
    }

    /// LEB128: seven bits per byte, low groups first, high bit set on all but the last byte.
    private static func appendNumber(_ value: Int, to bytes: inout [UInt8]) {
        var rest = UInt(bitPattern: value)
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private static func readNumber(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> Int {
        var value: UInt = 0
        var shift: UInt = 0
        while offset < bytes.count && shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return Int(truncatingIfNeeded: value)
    }
}
