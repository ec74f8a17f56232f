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
