/// A ``MetricFamily``'s fragments copied into raw memory for the rendering loop, which reads them once per label
/// without reference counting or bounds checks.
final class PreparedFamily {
    let family: MetricFamily
    let labelCount: Int
    let omitsEmptyLabelValues: Bool
    /// First-label prefixes, then next-label prefixes, then the metric name.
    let storage: UnsafeMutablePointer<UInt8>
    /// `labelCount + 1` offsets into `storage`: label `k`'s `name{label="` is `firstStarts[k]..<firstStarts[k+1]`.
    let firstStarts: UnsafeMutablePointer<Int>
    /// The same for `,label="`.
    let nextStarts: UnsafeMutablePointer<Int>
    /// The metric name, for lines without labels.
    let name: UnsafeRawBufferPointer

    init(_ family: MetricFamily) {
        self.family = family
        labelCount = family.labelNames.count
        omitsEmptyLabelValues = family.omitsEmptyLabelValues
        let all = family.firstPrefixes + family.nextPrefixes + Array(family.name.utf8)
        // 8 bytes of slack: prefixes are copied a word at a time.
        storage = .allocate(capacity: all.count + 8)
        storage.initialize(from: all, count: all.count)
        (storage + all.count).initialize(repeating: 0, count: 8)
        firstStarts = .allocate(capacity: labelCount + 1)
        firstStarts.initialize(from: family.firstOffsets, count: labelCount + 1)
        nextStarts = .allocate(capacity: labelCount + 1)
        nextStarts.initialize(from: family.nextOffsets.map { $0 + family.firstPrefixes.count }, count: labelCount + 1)
        let nameStart = family.firstPrefixes.count + family.nextPrefixes.count
        name = UnsafeRawBufferPointer(start: storage + nameStart, count: all.count - nameStart)
    }

    deinit {
        storage.deallocate()
        firstStarts.deallocate()
        nextStarts.deallocate()
    }
}
