import Exposition
import Testing

/// Inputs `make fuzz` (target `exposition`) found.
@Suite struct LabelNameFuzzRegressionTests {
    /// crash-8ce790cc (bytes `93 2C`): an invalid-UTF-8 column and an empty one both sanitize to `_`; the second
    /// one's suffixed name must not take Prometheus's reserved `__` prefix.
    @Test func suffixedNamesNeverStartWithTwoUnderscores() throws {
        let names = LabelNameMapping(columns: ["\u{FFFD}", ""]).suffixedLabelNames
        #expect(names == ["_", "_2"])
        for name in names { #expect(LabelName.isValid(name)) }
        _ = try MetricFamily(name: "m", help: "", type: .gauge, labelNames: names)
    }
}
