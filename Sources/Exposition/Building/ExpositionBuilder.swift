/// Builds one Prometheus text exposition (format 0.0.4) body: families with their HELP and TYPE, and series
/// given as label values and a sample value.
///
/// The exporter builds a body after each poll of a cost source and serves that body to every scrape until the
/// next poll, so series missing from a poll disappear. Typical use:
///
/// ```swift
/// let cost = try MetricFamily(name: "finops_billed_cost", help: "…", type: .gauge,
///                             labelNames: mapping.suffixedLabelNames, duplicatePolicy: .sum)
/// let builder = ExpositionBuilder(encoding: .gzip, limits: SeriesLimits(maxSeries: 2_000_000))
/// try builder.family(cost) { series in
///     for row in 0..<batch.rowCount {
///         try series.append(value: cost(row)) { labels in
///             for column in columns { batch.withBytes(row: row, column: column) { labels.append($0) } }
///         }
///     }
/// }
/// let body = builder.finish()   // body.report.droppedSeries → the `…_dropped_total` counter
/// ```
///
/// Guarantees:
/// - Any label value bytes render to a valid body: escaped, ill-formed UTF-8 replaced by U+FFFD. Names are
///   validated once, when the ``MetricFamily`` is declared.
/// - A family's series are contiguous and its label sets unique (``DuplicatePolicy``); a family given no series
///   renders nothing, not even its HELP and TYPE (as client_golang does).
/// - Series beyond ``SeriesLimits`` are counted in the ``ExpositionReport``, never rendered.
/// - With ``ExpositionEncoding/gzip`` the body is compressed while it is rendered; the plain text never exists in
///   full. Memory is then the compressed body plus 32–48 bytes per series for duplicate detection (about 200
///   bytes per series of 20 FOCUS labels), and for a merging family its staged values until it ends (about 80
///   bytes per series; the duplicate index is freed before they are rendered).
///
/// Caveats: not thread-safe (build on one task, then share the `Sendable` ``ExpositionBody``). Duplicate detection
/// compares 128-bit hashes of label sets (see ``DuplicatePolicy``).
public final class ExpositionBuilder {
    /// How the body is kept: gzip (the default) or plain text.
    public let encoding: ExpositionEncoding
    /// Series caps for this body.
    public let limits: SeriesLimits

    private let writer: any BodyWriter
    private let line = SeriesLine.allocate()
    private var familyNames: Set<String> = []
    private var reports = ExpositionReport()
    private var totalSeries = 0
    private var open: OpenFamily?
    /// Identifies the open family, so that a ``FamilyWriter`` kept past its family is refused.
    private var generation = 0
    private var finishedBody: ExpositionBody?

    /// A builder for one body.
    public init(encoding: ExpositionEncoding = .gzip, limits: SeriesLimits = .unlimited) {
        self.encoding = encoding
        self.limits = limits
        switch encoding {
        case .identity: writer = IdentityBodyWriter()
        case .gzip: writer = StructuredGzipWriter()
        }
    }

    deinit { SeriesLine.deallocate(line) }

    /// The report so far: lets the caller render its dropped-series counter into the same body.
    public var report: ExpositionReport { reports }

    /// Writes one family: `write` appends its series through the ``FamilyWriter``. Families cannot nest, and a
    /// name can be written once per body (`.duplicateFamily`). Series appended before `write` throws stay.
    public func family(_ family: MetricFamily, _ write: (inout FamilyWriter) throws -> Void) throws {
        guard finishedBody == nil, open == nil else {
            throw ExpositionError(.notWritable, "family \(family.name) started while another is open or after finish")
        }
        guard familyNames.insert(family.name).inserted else {
            throw ExpositionError(.duplicateFamily, "family \(family.name) is already in this body")
        }
        let prepared = PreparedFamily(family)
        line.pointee.prepare(for: prepared)
        writer.beginFamily(labelCount: prepared.labelCount)
        open = OpenFamily(prepared)
        generation += 1
        var familyWriter = FamilyWriter(builder: self, generation: generation)
        defer { closeFamily() }
        try write(&familyWriter)
    }

    /// Ends the body. Calling it again returns the same body.
    public func finish() -> ExpositionBody {
        if let finishedBody { return finishedBody }
        let body = ExpositionBody(encoding: encoding, finished: writer.finish(), report: reports)
        finishedBody = body
        return body
    }

    // MARK: - Series

    /// Renders one series whose label values `fill` writes; called by ``FamilyWriter``.
    func appendSeries(
        generation: Int, value: Double, timestamp: Int64?, _ fill: (inout LabelValuesWriter) throws -> Void
    ) throws {
        guard generation == self.generation, let open else {
            throw ExpositionError(.notWritable, "series appended after its family ended")
        }
        line.pointee.reset()
        var labels = LabelValuesWriter(line: line)
        try fill(&labels)
        guard line.pointee.labelsGiven == open.prepared.labelCount else {
            let given = line.pointee.labelsGiven
            line.pointee.reset()
            throw ExpositionError(
                .labelCountMismatch,
                "family \(open.prepared.family.name) has \(open.prepared.labelCount) labels, a series gave \(given)")
        }
        line.pointee.closeLabels()
        let key = ByteHash.hash128(line.pointee.text, count: line.pointee.labelPartCount)
        let policy = open.prepared.family.duplicatePolicy
        let slot: Int
        switch open.index.probe(key) {
        case .found(let number):
            open.report.duplicateSeries += 1
            if open.report.duplicateExamples.count < FamilyReport.exampleLimit {
                let labelPart = UnsafeBufferPointer(start: line.pointee.text, count: line.pointee.labelPartCount)
                open.report.duplicateExamples.append(
                    String(decoding: labelPart, as: UTF8.self) + (line.pointee.fragmentCount > 0 ? "}" : ""))
            }
            if policy.merges { open.staged.merge(into: number, value: value, timestamp: timestamp, policy: policy) }
            return
        case .absent(let free):
            slot = free
        }
        if let cap = limits.maxSeriesPerFamily, open.report.series >= cap {
            open.report.droppedSeries += 1
            return
        }
        if let cap = limits.maxSeries, totalSeries >= cap {
            open.report.droppedSeries += 1
            return
        }
        totalSeries += 1
        open.report.series += 1
        if policy.merges {
            let number = open.staged.stage(line, value: value, timestamp: timestamp)
            open.index.insert(key, at: slot, number: number)
            return
        }
        open.index.insert(key, at: slot, number: 0)
        writeHeaderOnce(open)
        line.pointee.appendSample(value: value, timestamp: timestamp)
        writer.write(line: line)
    }

    private func writeHeaderOnce(_ open: OpenFamily) {
        guard !open.headerWritten else { return }
        open.headerWritten = true
        open.prepared.family.header.withUnsafeBytes { writer.write(text: $0) }
    }

    private func closeFamily() {
        guard let open else { return }
        if open.prepared.family.duplicatePolicy.merges && open.staged.count > 0 {
            writeHeaderOnce(open)
            open.index.removeAll()  // no more lookups: its memory goes before the body grows
            open.staged.replay(into: line) { writer.write(line: line) }
        }
        reports.families.append(open.report)
        self.open = nil
        generation += 1
        line.pointee.detach()
    }
}

/// The state of the family being written.
private final class OpenFamily {
    let prepared: PreparedFamily
    let index: SeriesIndex
    let staged: StagedSeries
    var report: FamilyReport
    var headerWritten = false

    init(_ prepared: PreparedFamily) {
        self.prepared = prepared
        self.index = SeriesIndex(storesNumbers: prepared.family.duplicatePolicy.merges)
        self.staged = StagedSeries(labelCount: prepared.labelCount)
        self.report = FamilyReport(name: prepared.family.name)
    }
}
