import Foundation
import KubeCore
import Testing

/// Compares generated text with the committed files in `Tests/FinOpsControllersTests/Golden/`.
///
/// To accept a deliberate change, regenerate the files and review the diff before committing:
///
/// ```sh
/// UPDATE_GOLDEN=1 swift test --filter FinOpsControllersTests.ExporterChildrenGoldenTests
/// git diff Tests/FinOpsControllersTests/Golden/
/// ```
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    /// Whether this run rewrites the golden files instead of comparing with them.
    static var isUpdating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// `value` as the API would receive it (KubeJSON), pretty-printed with sorted keys for readable diffs.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(KubeJSON.value(of: value)), as: UTF8.self) + "\n"
    }

    /// Records an issue unless `actual` equals the golden file `name` (or rewrites it when updating).
    static func check(_ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        let url = directory.appendingPathComponent(name)
        if isUpdating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(
                "Golden file \(name) is missing; create it with UPDATE_GOLDEN=1 (see Golden/README.md).",
                sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let index =
            zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        let line = { (lines: [Substring]) in index < lines.count ? String(lines[index]) : "<end of file>" }
        Issue.record(
            """
            \(name) differs from the generated text at line \(index + 1):
              golden:    \(line(expectedLines))
              generated: \(line(actualLines))
            If the change is intended, regenerate with UPDATE_GOLDEN=1 (see Golden/README.md).
            """, sourceLocation: sourceLocation)
    }
}
