import ArgumentParser
import FinOpsAPI
import FinOpsPipelines
import Focus
import Foundation
import Parquet

/// `finops-operator validate FILE`: FOCUS conformance report for a CSV file (plain or gzip) or a Parquet file.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract:
            "Check a FOCUS CSV file (plain or .gz) or Parquet file against the FOCUS specification; exit 1 on violations."
    )

    @Argument(help: "The file to check.")
    var file: String

    @Option(help: "Examples printed per rule.")
    var samples = 5

    @Flag(help: "Exit 0 when only warnings are found.")
    var allowWarnings = false

    func run() async throws {
        let path = file.hasPrefix("file://") ? String(file.dropFirst(7)) : file
        let found: ValidationReport?
        if ParquetFileReader.looksLikeParquet(path: path) {
            var receiver = ValidatingReceiver()
            do {
                try ParquetRowBatches(path: path).forEach { batch in try receiver.receive(batch) }
            } catch {
                print("\(path): \(error)")
                throw ExitCode(2)
            }
            found = receiver.report()
        } else {
            let fetcher = SourceFetcher()
            var decoder = RowBodyDecoder(receiver: ValidatingReceiver())
            do throws(SourceError) {
                try await fetcher.fetch(SourceRequest(endpoint: Endpoint(serverURL: "file://" + path)), into: &decoder)
            } catch {
                print("\(path): \(error.message)")
                throw ExitCode(2)
            }
            found = decoder.receiver.report()
        }
        guard let report = found else {
            print("\(path): no header")
            throw ExitCode(2)
        }
        print("\(path): FOCUS \(report.version.rawValue) \(report.dataset)")
        print(report.rendered(samplesPerRule: samples))
        if !report.isClean || (!allowWarnings && report.warningCount > 0) { throw ExitCode.failure }
    }
}

/// Feeds a file's rows to the FOCUS validator; rows the reader skipped are reported as malformed rows.
struct ValidatingReceiver: RowReceiver {
    var validator: FocusValidator?
    var pending: [ValidationIssue] = []

    mutating func receive(_ batch: RowBatch) throws(SourceError) {
        if validator == nil {
            var validator = FocusValidator(schema: FocusSchema.detect(batch.header).schema)
            validator.begin(header: batch.header)
            for issue in pending { validator.record(issue) }
            pending = []
            self.validator = validator
        }
        validator?.validate(batch)
    }

    mutating func reject(_ problem: RowProblem) {
        let line = Int(problem.location.dropFirst("line ".count))
        let issue = ValidationIssue(rule: .malformedRow, line: line, column: nil, message: problem.message)
        if validator == nil { pending.append(issue) } else { validator?.record(issue) }
    }

    mutating func rejectUndescribed(count: Int) {
        for _ in 0..<count {
            reject(
                RowProblem(kind: "row", location: "", message: "a row could not be read (beyond the described ones)"))
        }
    }

    func report() -> ValidationReport? { validator?.report() }
}
