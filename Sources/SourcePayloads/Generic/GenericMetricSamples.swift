/// One sample of a ``GenericMetricExtractor``.
public struct GenericMetricSample: Sendable, Hashable {
    /// A label: column name and field text (`""` for a null field, as Krateo's CSV had it).
    public struct Label: Sendable, Hashable {
        /// The column name.
        public var name: String
        /// The field text.
        public var value: String

        /// A label `name=value`.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The labels, in column order, without the value column.
    public var labels: [Label]
    /// The value's text, exactly as in the row.
    public var value: String
    /// The row of the batch it came from.
    public var row: Int
}

/// The samples of a batch and the rows that gave none.
public struct GenericMetricSamples: Sendable, Hashable {
    /// A row without a usable value.
    public struct SkippedRow: Sendable, Hashable {
        /// The row of the batch.
        public var row: Int
        /// The source line (0 for JSON).
        public var line: Int
        /// Why the row gave no sample.
        public var reason: String
    }

    /// The metric the samples belong to.
    public var metricName: String
    /// The name of the value column.
    public var valueColumn: String
    /// One sample per row with a numeric value, in row order.
    public var samples: [GenericMetricSample] = []
    /// The rows without a usable value.
    public var skipped: [SkippedRow] = []
}
