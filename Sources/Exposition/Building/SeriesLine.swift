/// The series line being rendered: `name{a="x",b="y"} value timestamp\n`, with the end and label index of each
/// label fragment, so that the body writer can find repeats fragment by fragment.
///
/// A fragment is one label with its opening text: `name{a="x"` for the first label of a line, `,b="y"` after it.
/// The label part of a line (everything before `}`) identifies the series: ``labelPartCount``.
///
/// Plain memory, no references: the builder keeps one line in an allocated slot and every label value of every
/// series passes through it, so it avoids reference counting and exclusivity checks. The family's layout is
/// borrowed as raw pointers from a ``PreparedFamily`` that the builder keeps alive while the family is open.
struct SeriesLine {
    private(set) var text: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes of the line so far.
    private(set) var count = 0
    /// Per fragment: end offset in `text` (the start is the previous end, or 0).
    private(set) var fragmentEnds: UnsafeMutablePointer<Int>
    /// Per fragment: the index of its label in the family.
    private(set) var fragmentLabels: UnsafeMutablePointer<Int>
    /// Per fragment: where its escaped value starts in `text`.
    private var fragmentValueStarts: UnsafeMutablePointer<Int>
    private(set) var fragmentCount = 0
    private var fragmentCapacity = 0
    /// Label values given so far for this line (present or omitted).
    private(set) var labelsGiven = 0
    /// Bytes of the label part, set by ``closeLabels()``.
    private(set) var labelPartCount = 0

    private var labelCount = 0
    private var omitsEmptyLabelValues = true
    private var prefixes: UnsafePointer<UInt8>?
    private var firstStarts: UnsafePointer<Int>?
    private var nextStarts: UnsafePointer<Int>?
    private var name = UnsafeRawBufferPointer(start: nil, count: 0)

    /// Extra bytes past `capacity`, so that word-sized stores near the end stay inside the allocation.
    private static let slack = 16

    private init() {
        capacity = 4096
        text = .allocate(capacity: capacity + Self.slack)
        fragmentEnds = .allocate(capacity: 1)
        fragmentLabels = .allocate(capacity: 1)
        fragmentValueStarts = .allocate(capacity: 1)
    }

    /// A line in allocated memory; free it with ``deallocate(_:)``.
    static func allocate() -> UnsafeMutablePointer<SeriesLine> {
        let line = UnsafeMutablePointer<SeriesLine>.allocate(capacity: 1)
        line.initialize(to: SeriesLine())
        return line
    }

    static func deallocate(_ line: UnsafeMutablePointer<SeriesLine>) {
        line.pointee.text.deallocate()
        line.pointee.fragmentEnds.deallocate()
        line.pointee.fragmentLabels.deallocate()
        line.pointee.fragmentValueStarts.deallocate()
        line.deinitialize(count: 1)
        line.deallocate()
    }

    /// Lines from now on belong to `family`, which must outlive them (until ``detach()``).
    mutating func prepare(for family: PreparedFamily) {
        labelCount = family.labelCount
        omitsEmptyLabelValues = family.omitsEmptyLabelValues
        prefixes = UnsafePointer(family.storage)
        firstStarts = UnsafePointer(family.firstStarts)
        nextStarts = UnsafePointer(family.nextStarts)
        name = family.name
        if labelCount > fragmentCapacity {
            fragmentEnds.deallocate()
            fragmentLabels.deallocate()
            fragmentValueStarts.deallocate()
            fragmentCapacity = labelCount
            fragmentEnds = .allocate(capacity: fragmentCapacity)
            fragmentLabels = .allocate(capacity: fragmentCapacity)
            fragmentValueStarts = .allocate(capacity: fragmentCapacity)
        }
        reset()
    }

    /// Forgets the family; label values given afterwards are ignored.
    mutating func detach() {
        prefixes = nil
        firstStarts = nil
        nextStarts = nil
        name = UnsafeRawBufferPointer(start: nil, count: 0)
        labelCount = 0
        reset()
    }

    mutating func reset() {
        count = 0
        fragmentCount = 0
        labelsGiven = 0
        labelPartCount = 0
    }

    /// The line so far.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: text, count: count) }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        guard count &+ extra > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let newText = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + Self.slack)
        newText.update(from: text, count: count)
        text.deallocate()
        text = newText
        capacity = newCapacity
    }

    /// Appends the next label's value (escaped). Values past the family's label count are counted, not written;
    /// the builder rejects the line afterwards.
    @inline(__always)
    mutating func appendLabelValue(_ value: UnsafeRawBufferPointer) {
        let label = labelsGiven
        labelsGiven &+= 1
        guard label < labelCount else { return }
        if value.isEmpty && omitsEmptyLabelValues { return }
        appendFragment(label: label, value: value, escaping: true)
    }

    /// Appends the fragment of `label` with an already escaped value (merging families replay their series).
    mutating func appendEscapedFragment(label: Int, value: UnsafeRawBufferPointer) {
        guard label < labelCount else { return }
        labelsGiven = label &+ 1
        appendFragment(label: label, value: value, escaping: false)
    }

    /// Appends the fragment of `label` with an escaped value whose memory is readable for 8 bytes past its end
    /// (a staged series being replayed).
    mutating func appendStagedFragment(label: Int, value: UnsafeRawBufferPointer) {
        guard label < labelCount else { return }
        labelsGiven = label &+ 1
        appendFragment(label: label, value: value, escaping: false, wordCopies: true)
    }

    @inline(__always)
    private mutating func appendFragment(
        label: Int, value: UnsafeRawBufferPointer, escaping: Bool, wordCopies: Bool = false
    ) {
        guard let prefixes, let firstStarts, let nextStarts, fragmentCount < fragmentCapacity else { return }
        let starts = fragmentCount == 0 ? firstStarts : nextStarts
        let prefixStart = starts[label]
        let prefixCount = starts[label &+ 1] &- prefixStart
        reserve(prefixCount &+ LabelValueEscaping.worstCaseCount(value.count) &+ 1)
        let start = text + count
        // Word copies: prefixes have 8 bytes of slack behind them, the line 16 behind its capacity.
        var copied = 0
        while copied < prefixCount {
            UnsafeMutableRawPointer(start + copied).storeBytes(
                of: UnsafeRawPointer(prefixes + prefixStart + copied).loadUnaligned(as: UInt64.self), as: UInt64.self)
            copied &+= 8
        }
        let written: Int
        if escaping {
            written = LabelValueEscaping.escape(value, into: start + prefixCount)
        } else {
            if let source = value.baseAddress {
                if wordCopies {
                    copyWords(from: source, to: UnsafeMutableRawPointer(start + prefixCount), count: value.count)
                } else {
                    UnsafeMutableRawPointer(start + prefixCount).copyMemory(from: source, byteCount: value.count)
                }
            }
            written = value.count
        }
        start[prefixCount &+ written] = UInt8(ascii: "\"")
        count &+= prefixCount &+ written &+ 1
        fragmentEnds[fragmentCount] = count
        fragmentLabels[fragmentCount] = label
        fragmentValueStarts[fragmentCount] = count &- written &- 1
        fragmentCount &+= 1
    }

    /// The escaped value of fragment `index` (between its `="` and closing `"`).
    func fragmentValue(_ index: Int) -> UnsafeRawBufferPointer {
        let start = fragmentValueStarts[index]
        return UnsafeRawBufferPointer(start: text + start, count: fragmentEnds[index] &- 1 &- start)
    }

    /// Ends the label part; a line without labels is just the metric name.
    mutating func closeLabels() {
        if fragmentCount == 0, let source = name.baseAddress {
            reserve(name.count)
            UnsafeMutableRawPointer(text + count).copyMemory(from: source, byteCount: name.count)
            count &+= name.count
        }
        labelPartCount = count
    }

    /// Appends `} value timestamp\n` (or ` value timestamp\n` without labels).
    mutating func appendSample(value: Double, timestamp: Int64?) {
        reserve(2 &+ SampleValueFormat.maximumCount &+ 22 &+ 1)
        if fragmentCount > 0 {
            text[count] = UInt8(ascii: "}")
            count &+= 1
        }
        text[count] = UInt8(ascii: " ")
        count &+= 1
        count &+= SampleValueFormat.write(value, to: text + count)
        if let timestamp {
            text[count] = UInt8(ascii: " ")
            count &+= 1
            count &+= SampleValueFormat.writeInteger(timestamp, to: text + count)
        }
        text[count] = UInt8(ascii: "\n")
        count &+= 1
    }
}
