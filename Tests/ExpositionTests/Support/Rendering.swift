@testable import Exposition

/// A family and its series, for tests that render small bodies.
struct TestFamily {
    var family: MetricFamily
    var series: [(labels: [String], value: Double, timestamp: Int64?)]

    init(_ family: MetricFamily, timed series: [(labels: [String], value: Double, timestamp: Int64?)]) {
        self.family = family
        self.series = series
    }

    init(_ family: MetricFamily, _ series: [(labels: [String], value: Double)]) {
        self.init(family, timed: series.map { ($0.labels, $0.value, nil) })
    }
}

/// Builds a body from `families`.
func build(
    _ families: [TestFamily], encoding: ExpositionEncoding = .identity, limits: SeriesLimits = .unlimited
) throws -> ExpositionBody {
    let builder = ExpositionBuilder(encoding: encoding, limits: limits)
    for entry in families {
        try builder.family(entry.family) { writer in
            for series in entry.series {
                try writer.append(labelValues: series.labels, value: series.value, timestamp: series.timestamp)
            }
        }
    }
    return builder.finish()
}

/// The identity body of `families` as text.
func render(_ families: [TestFamily], limits: SeriesLimits = .unlimited) throws -> String {
    String(decoding: try build(families, limits: limits).bytes(), as: UTF8.self)
}

/// A gauge with `labels`, for tests.
func gauge(
    _ name: String = "finops_test_cost", labels: [String] = [], help: String = "A cost.",
    duplicates: DuplicatePolicy = .report, omitsEmpty: Bool = true
) throws -> MetricFamily {
    try MetricFamily(
        name: name, help: help, type: .gauge, labelNames: labels, duplicatePolicy: duplicates,
        omitsEmptyLabelValues: omitsEmpty)
}

/// Deterministic pseudo-random numbers (SplitMix64) for property tests.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
