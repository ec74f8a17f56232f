import Testing

@testable import Exposition

@Suite struct SeriesLimitsTests {
    static func series(_ count: Int) -> [(labels: [String], value: Double)] {
        (0..<count).map { (["s\($0)"], Double($0)) }
    }

    @Test func familyCapDropsAndCountsTheRest() throws {
        let body = try build(
            [TestFamily(try gauge("a", labels: ["id"]), Self.series(10))], limits: SeriesLimits(maxSeriesPerFamily: 4))
        let text = String(decoding: body.bytes(), as: UTF8.self)
        #expect(text.components(separatedBy: "\n").filter { $0.hasPrefix("a{") }.count == 4)
        #expect(text.contains("a{id=\"s3\"} 3") && !text.contains("s4"))
        #expect(body.report[family: "a"]?.droppedSeries == 6)
        #expect(body.report.droppedSeries == 6)
    }

    @Test func bodyCapSpansFamilies() throws {
        let body = try build(
            [
                TestFamily(try gauge("a", labels: ["id"]), Self.series(3)),
                TestFamily(try gauge("b", labels: ["id"]), Self.series(3)),
                TestFamily(try gauge("c", labels: ["id"]), Self.series(3)),
            ], limits: SeriesLimits(maxSeries: 5))
        #expect(body.report.families.map(\.series) == [3, 2, 0])
        #expect(body.report.families.map(\.droppedSeries) == [0, 1, 3])
        #expect(body.report.series == 5)
        #expect(!String(decoding: body.bytes(), as: UTF8.self).contains("# TYPE c"))
    }

    @Test func duplicatesDoNotCountAgainstACap() throws {
        let family = try gauge("a", labels: ["id"], duplicates: .sum)
        let series: [(labels: [String], value: Double)] = [(["x"], 1), (["x"], 2), (["y"], 3), (["x"], 4), (["z"], 5)]
        let body = try build([TestFamily(family, series)], limits: SeriesLimits(maxSeriesPerFamily: 2))
        let text = String(decoding: body.bytes(), as: UTF8.self)
        #expect(text.hasSuffix("a{id=\"x\"} 7\na{id=\"y\"} 3\n"))
        #expect(body.report[family: "a"]?.droppedSeries == 1)
        #expect(body.report[family: "a"]?.duplicateSeries == 2)
    }

    @Test func reportIsAvailableBeforeFinishForTheDroppedCounter() throws {
        let builder = ExpositionBuilder(encoding: .identity, limits: SeriesLimits(maxSeriesPerFamily: 1))
        try builder.family(try gauge("a", labels: ["id"])) { writer in
            for entry in Self.series(3) { try writer.append(labelValues: entry.labels, value: entry.value) }
        }
        let dropped = builder.report.droppedSeries
        let counter = try MetricFamily(name: "exporter_series_dropped_total", help: "Dropped.", type: .counter)
        try builder.family(counter) { writer in try writer.append(labelValues: [], value: Double(dropped)) }
        #expect(
            String(decoding: builder.finish().bytes(), as: UTF8.self).hasSuffix("exporter_series_dropped_total 2\n"))
    }
}
