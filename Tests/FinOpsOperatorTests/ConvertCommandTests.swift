import FinOpsPipelines
import Focus
import Foundation
import Gzip
import Parquet
import SourcePayloads
import Testing

@testable import FinOpsOperator

/// `finops-operator convert`: the demo sample (2,000 FOCUS 1.3 rows) into Parquet, every value read back by pyarrow
/// (`FINOPS_TEST_PYTHON`, set by `make test`) and compared with the CSV; bad values fail with their line.
@Suite struct ConvertCommandTests {
    static let python = ProcessInfo.processInfo.environment["FINOPS_TEST_PYTHON"]
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/demo/focus-1.3-cost-and-usage-aws.csv.gz").path
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("convert-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }

    static let compare = """
        import sys, csv, gzip, decimal, datetime as dt, pyarrow.parquet as pq
        t = pq.read_table(sys.argv[2]); rows = list(csv.DictReader(gzip.open(sys.argv[1], "rt", newline="")))
        assert t.num_rows == len(rows), (t.num_rows, len(rows))
        cols = {name: t.column(name).to_pylist() for name in t.column_names}
        for i, row in enumerate(rows):
            for name, text in row.items():
                value, kind = cols[name][i], str(t.schema.field(name).type)
                if text == "": assert value is None, (i, name, value); continue
                if kind.startswith("decimal"): assert value == decimal.Decimal(text), (i, name, text, value)
                elif kind.startswith("timestamp"):
                    assert value == dt.datetime.fromisoformat(text.replace("Z", "+00:00")), (i, name, text, value)
                else: assert value == text, (i, name, text, value)
        print("ok", len(rows), len(t.column_names))
        """

    @Test(.enabled(if: python != nil), arguments: ["zstd", "snappy", "gzip", "none"])
    func everyValueOfTheSampleSurvives(_ compression: String) async throws {
        let output = directory.appendingPathComponent("sample.parquet").path
        var options = ParquetWriterOptions()
        options.codec = try #require(ConvertCommand.codecs[compression])
        options.maxRowsPerPage = 300  // several pages per column
        let (rows, bytes) = try await ConvertCommand.convert(input: Self.sample, output: output, options: options)
        #expect(rows == 2000 && bytes > 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python))
        process.arguments = ["-c", Self.compare, Self.sample, output]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.hasPrefix("ok 2000 "), "\(text)")
    }

    @Test func aValueThatDoesNotFitFailsWithItsLineAndLeavesNoFile() async throws {
        let input = directory.appendingPathComponent("bad.csv")
        try Data(
            "BilledCost,ChargePeriodStart,ServiceName\n1.5,2026-01-01T00:00:00Z,a\nabc,2026-01-01T00:00:00Z,b\n".utf8
        )
        .write(to: input)
        let output = directory.appendingPathComponent("bad.parquet").path
        await #expect(throws: (any Error).self) {
            _ = try await ConvertCommand.convert(input: input.path, output: output, options: .init())
        }
        do {
            _ = try await ConvertCommand.convert(input: input.path, output: output, options: .init())
        } catch {
            #expect("\(error)" == "line 3, column BilledCost: \"abc\" is not a decimal number")
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(!FileManager.default.fileExists(atPath: output + ".partial"))
    }

    /// CSV → Parquet → CSV: every value of the sample comes back (decimals and date/times as numbers and instants:
    /// `1.50` may come back as `1.5`), and `validate` says the same of the Parquet file as of the CSV.
    @Test func parquetConvertsBackIntoTheSameFOCUSCSV() async throws {
        let parquet = directory.appendingPathComponent("sample.parquet").path
        _ = try await ConvertCommand.convert(input: Self.sample, output: parquet, options: ParquetWriterOptions())
        let csv = directory.appendingPathComponent("back.csv.gz").path
        let (rows, _) = try await ConvertCommand.convertToCSV(input: parquet, output: csv, gzip: true)
        #expect(rows == 2000)

        func read(_ path: String) throws -> CSVReadResult {
            try CSVReader.read(try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
        }
        let original = try read(Self.sample)
        let back = try read(csv)
        #expect(back.header == original.header && back.rowCount == 2000 && back.issues.total == 0)
        let schema = FocusSchema.detect(original.header).schema
        var differences: [String] = []
        for (a, b) in zip(
            original.batches.flatMap { batch in (0..<batch.rowCount).map { batch.row($0) } },
            back.batches.flatMap { batch in (0..<batch.rowCount).map { batch.row($0) } })
        {
            for (index, name) in original.header.names.enumerated() {
                let (x, y) = (a[index].flatMap { $0.isEmpty ? nil : $0 }, b[index].flatMap { $0.isEmpty ? nil : $0 })
                let same: Bool
                switch (schema.column(named: name)?.dataType, x, y) {
                case (.decimal, let x?, let y?):
                    same =
                        Array(x.utf8).withUnsafeBufferPointer { FocusDecimal.parse($0) }
                        == Array(y.utf8).withUnsafeBufferPointer { FocusDecimal.parse($0) }
                case (.dateTime, let x?, let y?):
                    same =
                        Array(x.utf8).withUnsafeBufferPointer { FocusTimestamp.parse($0)?.timestamp }
                        == Array(y.utf8).withUnsafeBufferPointer { FocusTimestamp.parse($0)?.timestamp }
                default: same = x == y
                }
                if !same && differences.count < 5 { differences.append("\(name): \(x ?? "null") → \(y ?? "null")") }
            }
        }
        #expect(differences.isEmpty, "\(differences)")
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SourcePayloadsTests/Fixtures")

    /// `--from`: a saved Kubecost response becomes FOCUS Parquet and CSV with the sources' mapping; the rows read
    /// back sum to the response's costs, and items that cannot be mapped are returned as problems.
    @Test func savedAPIResponsesBecomeFOCUSFiles() async throws {
        let response = Self.fixtures.appendingPathComponent("kubecost-allocation-namespace.json").path
        let kind = try #require(KubecostResponse(name: "kubecost-allocation"))
        let parquet = directory.appendingPathComponent("allocation.parquet").path
        let (rows, bytes, decoded) = try await ConvertCommand.convert(
            response: response, decode: { try kind.decode($0, options: KubecostMappingOptions(flavor: .opencost)) },
            output: parquet, parquet: ParquetWriterOptions())
        #expect(rows == 21 && bytes > 0 && decoded.problemCount == 0)
        var total = FocusDecimal.zero
        var methods = Set<String>()
        let batches = try ParquetRowBatches(path: parquet)
        let cost = try #require(batches.header.index(of: "BilledCost"))
        let method = try #require(batches.header.index(of: "AllocatedMethodId"))
        try batches.forEach { batch in
            for row in 0..<batch.rowCount {
                let value = batch.string(row: row, column: cost).flatMap { FocusDecimal($0) } ?? .zero
                total = try #require(total.adding(value))
                methods.insert(batch.string(row: row, column: method) ?? "")
            }
        }
        #expect(total == FocusDecimal("28.168232"), "5.649994 + 3.148229 + 12.873240 + 5.485302 + 1.011467")
        #expect(methods == ["kubecost-allocation"], "the kind's flavor wins over the options'")

        let bad = directory.appendingPathComponent("bad.json")
        let payload =
            #"{"code":200,"data":[{"Node/a":1,"Disk/b":{"type":"Disk","totalCost":2,"#
            + #""window":{"start":"2024-03-10T00:00:00Z","end":"2024-03-11T00:00:00Z"}}}]}"#
        try Data(payload.utf8).write(to: bad)
        let csv = directory.appendingPathComponent("assets.csv").path
        let assetsKind = try #require(KubecostResponse(name: "kubecost-assets"))
        let assets = try await ConvertCommand.convert(
            response: bad.path,
            decode: { try assetsKind.decode($0, options: KubecostMappingOptions(flavor: .kubecost)) },
            output: csv, parquet: nil)
        #expect(assets.0 == 1)
        #expect(
            assets.2.problems.map(\.description) == [
                #"$.data[0]["Node/a"]: asset skipped: expected an object, found number"#
            ])
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 2)
    }

    @Test func savedCastAIReportsBecomeFOCUSFiles() async throws {
        var command = try ConvertCommand.parse([
            "--from", "castai-workload-costs", "--billing-account", "org-1", "--step-seconds", "3600",
            Self.fixtures.appendingPathComponent("castai-workload-costs.json").path,
            directory.appendingPathComponent("castai.csv").path,
        ])
        try command.validate()
        command.output = directory.appendingPathComponent("castai.csv").path
        let (rows, _, decoded) = try await ConvertCommand.convert(
            response: command.input, decode: command.savedDecoder("castai-workload-costs"), output: command.output,
            parquet: nil)
        #expect(rows == 6 && decoded.problemCount == 2)
        let text = try String(contentsOfFile: command.output, encoding: .utf8)
        #expect(text.contains("CASTAI-org-1-2025-06"))
    }
}
