import Focus
import Foundation
import Testing

/// Inputs `make fuzz` (target `csv`) found, replayed the way its entry reads them: the first byte picks the split
/// point and the options, and reading in two chunks must give exactly what one chunk gives.
@Suite struct CSVFuzzRegressionTests {
    struct Outcome: Equatable {
        var header: [String]?
        var rows: [[String?]] = []
        var lines: [Int] = []
        var issues: CSVIssueLog
        var error: CSVReadError?

        init(reading chunks: [[UInt8]], options: CSVReadOptions) {
            var reader = CSVReader(options: options)
            var batches: [RowBatch] = []
            do {
                for chunk in chunks { batches += try reader.feed(chunk) }
                batches += try reader.finish()
            } catch {
                self.error = error
            }
            header = reader.header?.names
            issues = reader.issues
            for batch in batches {
                for row in 0..<batch.rowCount { rows.append(batch.row(row)) }
                lines += batch.lineNumbers
            }
        }
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test(arguments: ["fuzz-csv-b14760cb.bin", "fuzz-csv-f66df66f.bin"])
    func chunkingDoesNotChangeTheResult(_ name: String) throws {
        let data = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
        let control = data[0]
        let body = Array(data.dropFirst())
        let split = Int(control) * body.count / 255
        let options = CSVReadOptions(
            lazyQuotes: control & 1 == 0, batchByteBudget: 64, maxFieldBytes: 256, maxRowBytes: 1024,
            maxHeaderBytes: 512, invalidUTF8: control & 2 == 0 ? .replace : .skipRow, maxIssueSamples: 8)
        let chunked = Outcome(reading: [Array(body[..<split]), Array(body[split...])], options: options)
        let whole = Outcome(reading: [body], options: options)
        #expect(chunked == whole, "split at \(split) of \(body.count)")
    }
}
