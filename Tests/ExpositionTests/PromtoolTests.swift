import Testing

@testable import Exposition

/// `promtool check metrics` (Prometheus' own parser and linter) accepts what we render, also from hostile input.
@Suite struct PromtoolTests {
    static func check(_ text: [UInt8]) throws -> ExternalTool.Result {
        let promtool = try #require(ExternalTool.find("promtool"))
        return try promtool.run(["check", "metrics"], input: text)
    }

    @Test func ordinaryBodyPassesPromtool() throws {
        let cost = try gauge("finops_billed_cost", labels: ["region", "service"], help: "Billed cost.")
        let polls = try MetricFamily(name: "finops_polls_total", help: "Polls.", type: .counter)
        let body = try build([
            TestFamily(cost, [(["eu", "vm"], 12.5), (["us", "db"], 1e21), (["ap", "fn"], -0.000001)]),
            TestFamily(polls, [([], 42)]),
        ])
        let result = try Self.check(body.bytes())
        #expect(result.status == 0, "\(result.errors)")
    }

    @Test func hostileValuesAndColumnNamesPassPromtool() throws {
        let columns = ["x_Custom-Tag", "Tags.env", "1stColumn", "__reserved", "Coût", "a b", "x_Custom_Tag"]
        let mapping = LabelNameMapping(columns: columns, style: .snakeCase)
        #expect(!mapping.collisions.isEmpty)  // x_Custom-Tag and x_Custom_Tag
        let family = try MetricFamily(
            name: MetricName.sanitize("finops cost-per.unit"), help: "Help with \\ and\nline \"quotes\".",
            type: .gauge, labelNames: mapping.suffixedLabelNames, duplicatePolicy: .sum)
        let hostile: [[UInt8]] = [
            [0xFF, 0xFE, 0x22, 0x5C, 0x0A], Array("a\"b\\c\nd".utf8), [0xE2, 0x82], [0xED, 0xA0, 0x80],
            Array("\u{0}\t\r".utf8),
            Array("}{=,\"".utf8), Array("東京 🚀".utf8),
        ]
        for encoding in [ExpositionEncoding.identity, .gzip] {
            let builder = ExpositionBuilder(encoding: encoding)
            try builder.family(family) { writer in
                for (index, value) in [1.5, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, 1e300, 0].enumerated()
                {
                    try writer.append(value: value) { labels in
                        for column in 0..<columns.count { labels.append(hostile[(index + column) % hostile.count]) }
                    }
                }
            }
            var text = builder.finish().bytes()
            if encoding == .gzip {
                let gzip = try #require(ExternalTool.find("gzip"))
                text = try gzip.run(["-dc"], input: text).output
            }
            let result = try Self.check(text)
            #expect(result.status == 0, "\(result.errors)\n\(String(decoding: text, as: UTF8.self))")
        }
    }
}
