import Focus
import Foundation

/// Recorded payloads in `Fixtures/` (excluded from the target; read from the source tree).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The bytes of `Fixtures/<name>`.
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

extension RowBatch {
    /// Row `row` as column name → value, without nulls (for compact expectations).
    func fields(_ row: Int) -> [String: String] {
        var fields: [String: String] = [:]
        for (column, name) in header.names.enumerated() {
            if let value = string(row: row, column: column) { fields[name] = value }
        }
        return fields
    }

    /// The values of column `name` over all rows.
    func column(_ name: String) -> [String?] {
        guard let column = header.index(of: name) else { return [] }
        return (0..<rowCount).map { string(row: $0, column: column) }
    }
}
