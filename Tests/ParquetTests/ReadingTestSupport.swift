import Foundation
import Parquet
import Testing

/// Helpers of the reading tests: files written by pyarrow and DuckDB through `FINOPS_TEST_PYTHON` (the tests that
/// need it are skipped when it is not set), and the text of whole columns.
enum ReadingTestSupport {
    struct PythonFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Files a Python script wrote, read into memory, with the expected text of every column (the script's
    /// `expected.json`: column name → text or null per row) per expectation set.
    struct Fixture: Sendable {
        var files: [String: [UInt8]]
        var expected: [String: [String: [String?]]]
    }

    /// Runs `script` with a fresh directory as its argument, then reads back every `.parquet` file and every
    /// `expected*.json` it wrote there; the directory is removed afterwards.
    static func generate(_ script: String) throws -> Fixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "parquet-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let python = ReaderAgreementTests.python else { throw PythonFailure(description: "no Python") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, directory.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PythonFailure(description: text) }
        var fixture = Fixture(files: [:], expected: [:])
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            if name.hasSuffix(".parquet") {
                fixture.files[name] = Array(data)
            } else if name.hasSuffix(".json") {
                let object = try JSONSerialization.jsonObject(with: data) as? [String: [Any]] ?? [:]
                fixture.expected[String(name.dropLast(5))] = object.mapValues { $0.map { $0 as? String } }
            }
        }
        return fixture
    }

    /// Every column of `reader` as text, row groups concatenated.
    static func columnTexts(_ reader: ParquetFileReader) throws -> [String: [String?]] {
        var result: [String: [String?]] = [:]
        for group in 0..<reader.rowGroupCount {
            let values = try reader.readRowGroup(group)
            for column in values.columns {
                result[column.column.name, default: []] += (0..<column.count).map {
                    column.text($0).map { String(decoding: $0, as: UTF8.self) }
                }
            }
        }
        return result
    }

    /// Records the first difference between `actual` and `expected` in each column `expected` has.
    static func expectEqual(
        _ actual: [String: [String?]], _ expected: [String: [String?]], file: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (name, want) in expected.sorted(by: { $0.key < $1.key }) {
            guard let got = actual[name] else {
                Issue.record("\(file): no column \(name)", sourceLocation: sourceLocation)
                continue
            }
            guard got.count == want.count else {
                Issue.record(
                    "\(file) \(name): \(got.count) rows, expected \(want.count)", sourceLocation: sourceLocation)
                continue
            }
            if let row = got.indices.first(where: { got[$0] != want[$0] }) {
                Issue.record(
                    "\(file) \(name) row \(row): \(got[row] ?? "null") != \(want[row] ?? "null")",
                    sourceLocation: sourceLocation)
            }
        }
    }
}
