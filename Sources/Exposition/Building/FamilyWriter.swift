/// Appends series to the family that ``ExpositionBuilder/family(_:_:)`` is writing; valid only inside that call.
public struct FamilyWriter {
    private let builder: ExpositionBuilder
    private let generation: Int

    init(builder: ExpositionBuilder, generation: Int) {
        self.builder = builder
        self.generation = generation
    }

    /// The fast path: `labelValues` writes the family's label values, in declaration order, straight from the
    /// caller's buffers (row batch bytes) into the line being rendered; nothing is allocated per series.
    ///
    /// Throws `.labelCountMismatch` (nothing rendered) when `labelValues` writes more or fewer values than the
    /// family has labels, and rethrows what `labelValues` throws.
    ///
    /// - Parameters:
    ///   - value: the sample value.
    ///   - timestamp: milliseconds since the Unix epoch, or `nil` for "scrape time" (the usual choice).
    public mutating func append(
        value: Double, timestamp: Int64? = nil, labelValues: (inout LabelValuesWriter) throws -> Void
    ) throws {
        try builder.appendSeries(generation: generation, value: value, timestamp: timestamp, labelValues)
    }

    /// Appends a series from strings, one per label in declaration order; for small families.
    public mutating func append(labelValues: [String], value: Double, timestamp: Int64? = nil) throws {
        try append(value: value, timestamp: timestamp) { writer in
            for labelValue in labelValues { writer.append(labelValue) }
        }
    }
}

/// Writes the label values of one series, in the family's label order. Values are arbitrary bytes: they are
/// escaped, and ill-formed UTF-8 becomes U+FFFD. An empty value (or ``appendEmpty()``, for a null field) leaves the
/// label out when the family ``MetricFamily/omitsEmptyLabelValues``.
///
/// Non-copyable: it exists only during ``FamilyWriter/append(value:timestamp:labelValues:)`` and cannot be kept
/// past it, which is what lets it write through a raw pointer (one call per label value must stay cheap).
public struct LabelValuesWriter: ~Copyable {
    private let line: UnsafeMutablePointer<SeriesLine>

    init(line: UnsafeMutablePointer<SeriesLine>) { self.line = line }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        line.pointee.appendLabelValue(bytes)
    }

    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        line.pointee.appendLabelValue(UnsafeRawBufferPointer(bytes))
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { line.pointee.appendLabelValue($0) }
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { line.pointee.appendLabelValue(UnsafeRawBufferPointer($0)) }
    }

    /// An empty value, for a null field.
    public mutating func appendEmpty() {
        line.pointee.appendLabelValue(UnsafeRawBufferPointer(start: nil, count: 0))
    }
}
