import Testing

@testable import Exposition

@Suite struct DuplicatePolicyTests {
    static let series: [(labels: [String], value: Double, timestamp: Int64?)] = [
        (["eu", "vm"], 1, 100), (["us", "vm"], 10, nil), (["eu", "vm"], 2, 300), (["eu", "vm"], 4, 200),
    ]

    @Test func reportKeepsTheFirstAndCountsTheOthers() throws {
        let body = try build([
            TestFamily(try gauge("a", labels: ["region", "kind"], duplicates: .report), timed: Self.series)
        ])
        #expect(
            String(decoding: body.bytes(), as: UTF8.self).hasSuffix(
                "a{region=\"eu\",kind=\"vm\"} 1 100\na{region=\"us\",kind=\"vm\"} 10\n"))
        let report = try #require(body.report[family: "a"])
        #expect(report.series == 2)
        #expect(report.duplicateSeries == 2)
        #expect(report.duplicateExamples == [#"a{region="eu",kind="vm"}"#, #"a{region="eu",kind="vm"}"#])
    }

    @Test func sumAddsValuesKeepsFirstSeenOrderAndTheLatestTimestamp() throws {
        let body = try build([
            TestFamily(try gauge("a", labels: ["region", "kind"], duplicates: .sum), timed: Self.series)
        ])
        #expect(
            String(decoding: body.bytes(), as: UTF8.self).hasSuffix(
                "a{region=\"eu\",kind=\"vm\"} 7 300\na{region=\"us\",kind=\"vm\"} 10\n"))
        #expect(body.report[family: "a"]?.duplicateSeries == 2)
    }

    @Test func lastKeepsTheLastValueAndTimestamp() throws {
        let body = try build([
            TestFamily(try gauge("a", labels: ["region", "kind"], duplicates: .last), timed: Self.series)
        ])
        #expect(
            String(decoding: body.bytes(), as: UTF8.self).hasSuffix(
                "a{region=\"eu\",kind=\"vm\"} 4 200\na{region=\"us\",kind=\"vm\"} 10\n"))
    }

    @Test func omittedEmptyValuesMakeEqualLabelSets() throws {
        let family = try gauge("a", labels: ["x", "y"], duplicates: .sum)
        let text = try render([TestFamily(family, [(["1", ""], 1), (["1", ""], 2)])])
        #expect(text.hasSuffix("a{x=\"1\"} 3\n"))
    }

    @Test func valuesThatDifferOnlyByEscapingAreDifferentSeries() throws {
        let family = try gauge("a", labels: ["x", "y"], duplicates: .report)
        let body = try build([TestFamily(family, [(["a\"", "b"], 1), (["a", "\"b"], 2), (["a,y=", "b"], 3)])])
        #expect(body.report.series == 3)
    }

    @Test func mergingWithoutDuplicatesRendersExactlyLikeStreaming() throws {
        let values = ["plain", "q\"uote", "back\\slash", "line\nfeed", "", "é", String(repeating: "z", count: 300)]
        var series: [(labels: [String], value: Double)] = []
        for index in 0..<200 {
            let labels: [String] = (0..<3).map { column in values[(index + column * 3) % values.count] + String(index) }
            series.append((labels, Double(index) / 8))
        }
        let streaming = try render([TestFamily(try gauge("a", labels: ["x", "y", "z"], duplicates: .report), series)])
        for policy in [DuplicatePolicy.sum, .last] {
            let merged = try render([TestFamily(try gauge("a", labels: ["x", "y", "z"], duplicates: policy), series)])
            #expect(merged == streaming)
        }
    }

    @Test func mergingFamiliesCompressLikeStreamingOnes() throws {
        let family = try gauge("a", labels: ["x", "y"], duplicates: .sum)
        let series: [(labels: [String], value: Double)] = (0..<3_000).map { (["r\($0 % 40)", "s\($0 % 70)"], 1) }
        let identity = try build([TestFamily(family, series)])
        let gzip = try build([TestFamily(family, series)], encoding: .gzip)
        #expect(identity.report.series == 280)
        #expect(gzip.uncompressedByteCount == identity.byteCount)
        let tool = try #require(ExternalTool.find("gzip"))
        #expect(try tool.run(["-dc"], input: gzip.bytes()).output == identity.bytes())
    }
}
