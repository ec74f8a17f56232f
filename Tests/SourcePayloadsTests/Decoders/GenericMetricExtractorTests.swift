import Focus
import Testing

@testable import SourcePayloads

@Suite struct GenericMetricExtractorTests {
    static let batch = RowBatch(
        header: FocusHeader(["service", "cost", "region"]),
        rows: [["compute", "12.50", "eu"], ["storage", nil, "eu"], ["network", "n/a", nil], ["dns", "1e-3", nil]],
        lineNumbers: [2, 3, 4, 5])

    @Test func valueColumnIsChosenByIndexAndTheOthersAreLabels() throws {
        let result = try GenericMetricExtractor(metricName: "service_cost", valueColumnIndex: 1).samples(
            from: Self.batch)
        #expect(result.valueColumn == "cost")
        #expect(
            result.samples == [
                GenericMetricSample(
                    labels: [.init(name: "service", value: "compute"), .init(name: "region", value: "eu")],
                    value: "12.50",
                    row: 0),
                GenericMetricSample(
                    labels: [.init(name: "service", value: "dns"), .init(name: "region", value: "")], value: "1e-3",
                    row: 3),
            ])
        #expect(result.skipped.map(\.line) == [3, 4])
        #expect(result.skipped.map(\.reason) == ["the value is empty", #"the value "n/a" is not a number"#])
    }

    @Test func indexOutsideTheColumnsIsAnError() {
        #expect {
            try GenericMetricExtractor(metricName: "m", valueColumnIndex: 3).samples(from: Self.batch)
        } throws: {
            ($0 as? GenericMetricError)?.message
                == "generic.valueColumnIndex 3 is outside the 3 columns (service, cost, region)"
        }
    }

    @Test func sortedJSONColumnsGiveKrateosIndices() throws {
        let decoded = try JSONTableDecoder(columnOrder: .sorted).decode(
            Array(#"[{"test":"name","value":0.34},{"test":"name2","value":1.40}]"#.utf8))
        let result = try GenericMetricExtractor(metricName: "m", valueColumnIndex: 1).samples(from: decoded.rows)
        #expect(result.samples.map(\.value) == ["0.34", "1.40"])
    }

    @Test(arguments: ["1", "-2.5", "+3", ".5", "5.", "1e9", "2.5E-3", "NaN", "Inf", "-inf", "+Infinity"])
    func numbersAreAccepted(_ text: String) {
        #expect(GenericMetricExtractor.isNumeric(text))
    }

    @Test(arguments: ["", "-", ".", "e3", "1e", "1,5", "0x10", " 1", "1 ", "+NaN", "infinite", "12 EUR"])
    func nonNumbersAreRefused(_ text: String) {
        #expect(!GenericMetricExtractor.isNumeric(text))
    }
}
