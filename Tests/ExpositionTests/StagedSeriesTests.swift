import Testing

@testable import Exposition

/// Merging families (``DuplicatePolicy/sum`` and `last`) stage their series compactly (``StagedSeries``: label
/// values numbered per label, or kept as bytes once a label's values stop repeating) and render them when the
/// family ends. The result must equal rendering the merged series directly.
@Suite struct StagedSeriesTests {
    /// Series with a label of many distinct values (so its dictionary gives up), repeating labels, escaped and
    /// invalid-looking text, omitted empty values, duplicates and timestamps that appear only later.
    static func series(count: Int) -> [(labels: [String], value: Double, timestamp: Int64?)] {
        var random = SeededRandom(seed: 21)
        let regions = ["eu-west-1", "us-east-1", "ap-south-1", "westeurope", "x"]
        let odd = ["quote\"d", "back\\slash", "line\nfeed", "ünï©ødé", "", "a,b=\"c\"}"]
        var rows: [(labels: [String], value: Double, timestamp: Int64?)] = []
        for row in 0..<count {
            let duplicate = row > 10 && random.next() % 10 == 0
            let labels: [String]
            if duplicate {
                labels = rows[Int(random.next() % UInt64(rows.count))].labels
            } else {
                labels = [
                    regions[Int(random.next() % 5)],
                    "res-\(row)-" + String(random.next(), radix: 36),  // distinct per row
                    odd[Int(random.next() % UInt64(odd.count))],
                    row % 3 == 0 ? "" : "sku-\(random.next() % 300)",  // sometimes omitted
                    String(repeating: "long", count: Int(random.next() % 40)),
                ]
            }
            let timestamp: Int64? = row > count / 2 && random.next() % 2 == 0 ? Int64(random.next() % 1_000) : nil
            rows.append((labels, Double(random.next() % 10_000) / 4, timestamp))
        }
        return rows
    }

    /// What a merging family should render: first-seen order, values summed (or last), timestamps merged.
    static func merged(
        _ rows: [(labels: [String], value: Double, timestamp: Int64?)], policy: DuplicatePolicy
    ) -> [(labels: [String], value: Double, timestamp: Int64?)] {
        var order: [[String]] = []
        var state: [[String]: (value: Double, timestamp: Int64?)] = [:]
        for row in rows {
            // Empty values are left out, so label sets equal up to them are one series.
            let key = row.labels.enumerated().map { $0.element.isEmpty ? "\u{0}\($0.offset)" : $0.element }
            if let existing = state[key] {
                switch policy {
                case .sum:
                    let timestamp = [existing.timestamp, row.timestamp].compactMap { $0 }.max()
                    state[key] = (existing.value + row.value, timestamp)
                default:
                    state[key] = (row.value, row.timestamp)
                }
            } else {
                order.append(key)
                state[key] = (row.value, row.timestamp)
            }
        }
        let firstLabels = Dictionary(
            rows.map { row in
                (row.labels.enumerated().map { $0.element.isEmpty ? "\u{0}\($0.offset)" : $0.element }, row.labels)
            }, uniquingKeysWith: { first, _ in first })
        return order.map { key in (firstLabels[key]!, state[key]!.value, state[key]!.timestamp) }
    }

    @Test(arguments: [DuplicatePolicy.sum, .last])
    func mergingFamiliesRenderLikeTheMergedSeries(policy: DuplicatePolicy) throws {
        let labels = ["region", "resource", "odd", "sku", "long"]
        let rows = Self.series(count: 40_000)
        let expected = try render([
            TestFamily(try gauge("a", labels: labels, duplicates: .report), timed: Self.merged(rows, policy: policy))
        ])
        let family = TestFamily(try gauge("a", labels: labels, duplicates: policy), timed: rows)
        let identity = try build([family])
        #expect(String(decoding: identity.bytes(), as: UTF8.self) == expected)
        let gzip = try build([family], encoding: .gzip)
        for decoded in try GzipBodyTests.decodedByTools(gzip) { #expect(decoded == Array(expected.utf8)) }
    }

    @Test func dictionaryNumbersValuesAndGivesUpOnUniqueOnes() {
        var dictionary = LabelDictionary()
        defer { dictionary.deallocate() }
        func number(_ text: String) -> Int? {
            let bytes = Array(text.utf8) + [UInt8](repeating: 0, count: 8)  // callers' memory has slack
            return bytes.withUnsafeBytes {
                dictionary.number(of: UnsafeRawBufferPointer(rebasing: $0.prefix(text.utf8.count)))
            }
        }
        #expect(number("eu") == 0)
        #expect(number("us") == 1)
        #expect(number("eu") == 0)
        #expect(number("") == 2)
        #expect(String(decoding: dictionary.value(1), as: UTF8.self) == "us")
        var gaveUp = false
        for index in 0..<40_000 where number("unique-\(index)") == nil {
            gaveUp = true
            break
        }
        #expect(gaveUp)
        #expect(number("eu") == nil)  // staged as bytes from then on
        #expect(String(decoding: dictionary.value(0), as: UTF8.self) == "eu")  // numbered values stay
    }
}
