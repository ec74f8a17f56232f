/// What happened to the series given to one family: how many were rendered, dropped by a cap, or duplicates.
public struct FamilyReport: Sendable, Hashable {
    /// At most this many duplicate label sets are kept as examples.
    public static let exampleLimit = 3

    /// The family's metric name.
    public let name: String
    /// Series rendered.
    public internal(set) var series = 0
    /// Series not rendered because a cap (``SeriesLimits``) was reached.
    public internal(set) var droppedSeries = 0
    /// Series whose label set was already present: dropped under ``DuplicatePolicy/report``, merged under `sum`
    /// and `last`.
    public internal(set) var duplicateSeries = 0
    /// The label part (`name{a="x",b="y"}`, escaped as rendered) of the first few duplicates, for a log line.
    public internal(set) var duplicateExamples: [String] = []

    init(name: String) { self.name = name }
}

/// The families of one body, in the order they were written.
public struct ExpositionReport: Sendable, Hashable {
    /// One report per family written.
    public internal(set) var families: [FamilyReport] = []

    /// Series rendered in all families.
    public var series: Int { families.reduce(0) { $0 + $1.series } }
    /// Series dropped by caps in all families: what the caller adds to its `…_dropped_total` counter.
    public var droppedSeries: Int { families.reduce(0) { $0 + $1.droppedSeries } }
    /// Duplicate series in all families.
    public var duplicateSeries: Int { families.reduce(0) { $0 + $1.duplicateSeries } }

    /// The report of the family called `name`, if it was written.
    public subscript(family name: String) -> FamilyReport? { families.first { $0.name == name } }
}
