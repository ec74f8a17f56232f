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
        /// Where batches were cut: the line numbers of each batch, and its byte count. The fuzz entry does not
        /// compare these, but a cut that moves with the chunking changes which rows a failing read returned.
        var batchLines: [[Int]] = []
        var batchBytes: [Int] = []

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
                batchLines.append(batch.lineNumbers)
                batchBytes.append(batch.byteCount)
            }
        }
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let inputs = ["fuzz-csv-b14760cb.bin", "fuzz-csv-f66df66f.bin", "fuzz-csv-9e11d248.bin"]

    /// The fixture's control byte and body, and the options that byte selects (as in Fuzz/Targets/csv).
    static func load(_ name: String) throws -> (control: UInt8, body: [UInt8], options: CSVReadOptions) {
        let data = Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
        let control = data[0]
        let options = CSVReadOptions(
            lazyQuotes: control & 1 == 0, batchByteBudget: 64, maxFieldBytes: 256, maxRowBytes: 1024,
            maxHeaderBytes: 512, invalidUTF8: control & 2 == 0 ? .replace : .skipRow, maxIssueSamples: 8)
        return (control, Array(data.dropFirst()), options)
    }

    static func read(_ body: [UInt8], splitAt split: Int, options: CSVReadOptions) -> Outcome {
        Outcome(reading: [Array(body[..<split]), Array(body[split...])], options: options)
    }

    @Test(arguments: inputs)
    func chunkingDoesNotChangeTheResult(_ name: String) throws {
        let (control, body, options) = try Self.load(name)
        let split = Int(control) * body.count / 255
        let chunked = Self.read(body, splitAt: split, options: options)
        let whole = Outcome(reading: [body], options: options)
        #expect(chunked.header == whole.header)
        #expect(chunked.rows == whole.rows, "split at \(split) of \(body.count)")
        #expect(chunked.lines == whole.lines)
        #expect(chunked.issues == whole.issues, "\(chunked.issues.samples) vs \(whole.issues.samples)")
        #expect(chunked.error == whole.error)
    }

    /// Not only the split the fuzzer chose: every split point of every fixture, batch cuts included.
    @Test(arguments: inputs)
    func everySplitPointGivesTheSameResult(_ name: String) throws {
        let (_, body, options) = try Self.load(name)
        let whole = Outcome(reading: [body], options: options)
        for split in 0...body.count {
            let chunked = Self.read(body, splitAt: split, options: options)
            #expect(chunked == whole, "split at \(split) of \(body.count)")
            if chunked != whole { break }
        }
    }

    /// fuzz-csv-9e11d248 as it should read: the input ends inside a quoted field, so the read fails, after
    /// returning the one batch that reached the 64-byte budget (the rest of the rows were waiting in the next). With
    /// the split between the CR and LF of line 10, the CR used to count towards the batch, which was then cut a
    /// row early, and the next batch filled up and came out too: 12 rows instead of 7.
    @Test func crlfSplitFixtureReturnsOneBatchBeforeTheError() throws {
        let (control, body, options) = try Self.load("fuzz-csv-9e11d248.bin")
        let split = Int(control) * body.count / 255
        #expect(split == 95)
        #expect(body[94] == UInt8(ascii: "\r") && body[95] == UInt8(ascii: "\n"))
        for outcome in [Outcome(reading: [body], options: options), Self.read(body, splitAt: split, options: options)] {
            #expect(outcome.batchLines == [[2, 5, 8, 10, 11, 16, 21]])
            #expect(outcome.error?.code == .unterminatedQuotedField)
            #expect(outcome.error?.line == 32)
        }
    }
}
