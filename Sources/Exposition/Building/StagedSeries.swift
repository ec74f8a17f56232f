/// The series of a merging family (``DuplicatePolicy/sum`` or `last`), held until the family ends because a
/// later duplicate may still change an earlier value.
///
/// Keeps each series' label part as rendered and its fragment layout, so that replaying it costs a copy.
struct StagedSeries {
    private var labelText: [UInt8] = []
    /// Per series: end of its label part in `labelText` (the start is the previous end).
    private var labelEnds: [Int] = []
    private var fragmentEnds: [UInt32] = []
    private var fragmentLabels: [UInt32] = []
    /// Per series: end of its fragments in the two arrays above.
    private var fragmentCounts: [Int] = []
    private(set) var values: [Double] = []
    private var timestamps: [Int64] = []

    private static let noTimestamp = Int64.min

    var count: Int { values.count }

    /// Stages the line's label part with its value; returns the series number.
    mutating func stage(_ line: SeriesLine, value: Double, timestamp: Int64?) -> Int {
        labelText.append(contentsOf: UnsafeBufferPointer(start: line.text, count: line.labelPartCount))
        labelEnds.append(labelText.count)
        for index in 0..<line.fragmentCount {
            fragmentEnds.append(UInt32(truncatingIfNeeded: line.fragmentEnds[index]))
            fragmentLabels.append(UInt32(truncatingIfNeeded: line.fragmentLabels[index]))
        }
        fragmentCounts.append(fragmentEnds.count)
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

    /// Replays every series, in first-seen order, into `line` and hands it to `body`.
    func replay(into line: UnsafeMutablePointer<SeriesLine>, _ body: () -> Void) {
        labelText.withUnsafeBytes { text in
            var labelStart = 0
            var fragmentStart = 0
            for number in 0..<values.count {
                let labelEnd = labelEnds[number]
                let fragmentEnd = fragmentCounts[number]
                line.pointee.load(
                    labelPart: UnsafeRawBufferPointer(rebasing: text[labelStart..<labelEnd]),
                    fragmentEnds: fragmentEnds[fragmentStart..<fragmentEnd].lazy.map { Int($0) },
                    labels: fragmentLabels[fragmentStart..<fragmentEnd].lazy.map { Int($0) })
                let timestamp = timestamps[number]
                line.pointee.appendSample(
                    value: values[number], timestamp: timestamp == Self.noTimestamp ? nil : timestamp)
                body()
                labelStart = labelEnd
                fragmentStart = fragmentEnd
            }
        }
    }
}
