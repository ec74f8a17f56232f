import Focus
import Testing

@testable import SourcePayloads

/// Checks shared by the Kubecost/OpenCost mapping tests.
enum KubecostChecks {
    /// The exact sum of column `name` over `rows` (every value must be a decimal).
    static func sum(_ batch: RowBatch, _ name: String, rows: some Sequence<Int>) throws -> FocusDecimal {
        let column = try #require(batch.header.index(of: name))
        var total = FocusDecimal.zero
        for row in rows {
            let value = try decimal(batch.string(row: row, column: column))
            total = try #require(total.adding(value))
        }
        return total
    }

    /// `text` as a decimal; fails the test when it is null or not one.
    static func decimal(_ text: String?) throws -> FocusDecimal {
        try #require(text.flatMap { FocusDecimal($0) }, "\(text ?? "null") is not a decimal")
    }

    /// Rows grouped by the values of `columns`, in first-seen order.
    static func groups(_ batch: RowBatch, by columns: [String]) -> [[String?]: [Int]] {
        var groups: [[String?]: [Int]] = [:]
        for row in 0..<batch.rowCount {
            let key = columns.map { name in batch.header.index(of: name).flatMap { batch.string(row: row, column: $0) }
            }
            groups[key, default: []].append(row)
        }
        return groups
    }

    /// Our FOCUS 1.3 validator's report of `batch`.
    static func report(_ batch: RowBatch) throws -> ValidationReport {
        let detection = FocusSchema.detect(batch.header)
        #expect(detection.version == .v1_3, "the header reads as FOCUS 1.3")
        var validator = FocusValidator(schema: try #require(FocusSchema.schema(.v1_3)))
        validator.begin(header: batch.header)
        validator.validate(batch)
        return validator.report()
    }

    /// A payload's `totalCost` per item key (`set index/item name`) and in total, read from the fixture with our
    /// JSON parser (numbers as text, exact).
    static func payloadTotals(_ bytes: [UInt8]) throws -> (perItem: [String: FocusDecimal], total: FocusDecimal) {
        let root = try JSONParser.parse(bytes)
        var perItem: [String: FocusDecimal] = [:]
        var total = FocusDecimal.zero
        for (index, set) in (try #require(root["data"]?.arrayValue)).enumerated() {
            for member in try #require(set.objectValue).members {
                let cost = try decimal(member.value["totalCost"]?.numberText)
                perItem["\(index)/\(member.key)"] = cost
                total = try #require(total.adding(cost))
            }
        }
        return (perItem, total)
    }
}
