import ArgumentParser
import FinOpsPipelines
import Focus
import Foundation
import Gzip
import Parquet
import SourcePayloads

/// `finops-operator convert IN OUT`: a FOCUS CSV file (plain or gzip) into FOCUS Parquet through the pipelines'
/// writer, or a Parquet file into FOCUS CSV (plain, or gzip for `.gz`); streaming, memory bounded by one row group.
/// With `--from`, IN is a saved cost API response (Kubecost/OpenCost allocations or assets) mapped to FOCUS by the
/// sources' own decoders, written as CSV or Parquet.
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a FOCUS CSV file (plain or gzip) into Parquet, or a Parquet file into FOCUS CSV.",
        discussion: """
            Columns are typed by the FOCUS version of the header: Decimal as DECIMAL(38,18), Date/Time as \
            TIMESTAMP(MICROS, UTC), JSON as JSON, the rest as STRING; empty fields are nulls. A value that does \
            not fit its type, or a malformed row, fails the conversion with its line: nothing is written then \
            (the output appears only when complete). Page compression: zstd (default), snappy, gzip or none. The \
            direction follows the files: a Parquet input (by its magic bytes) becomes CSV; otherwise --format, or \
            OUT's extension (.csv, .csv.gz: CSV), decides. With --from, IN is a saved API response (JSON) \
            turned into FOCUS 1.3 rows by the same mapping the sources use (docs/sources.md); items it cannot \
            map are listed and skipped.
            """)

    @Argument(help: "The FOCUS CSV file (plain or gzip) or Parquet file.")
    var input: String

    @Argument(help: "The file to write.")
    var output: String

    @Option(help: "Output format: parquet or csv (default: from OUT's extension).")
    var format: String?

    @Option(help: "Page compression: zstd, snappy, gzip or none.")
    var compression = "zstd"

    @Option(
        help: ArgumentHelp(
            "Read IN as a saved API response of this kind.",
            discussion: "One of: \(Self.savedKinds.joined(separator: ", ")).",
            valueName: "kind"))
    var from: String?

    @Option(help: "With --from: the BillingCurrency of the rows (the APIs do not say).")
    var currency = "USD"

    @Option(help: "With --from: BillingAccountId/Name (default: the cluster or cloud account).")
    var billingAccount: String?

    @Option(help: "With --from: ServiceProviderName (default: the cloud provider, else Kubecost/OpenCost).")
    var providerName: String?

    @Option(help: "With --from: HostProviderName, the cloud the cluster runs on.")
    var hostProviderName: String?

    @Option(help: "With --from: comma-separated label keys kept in Tags (default: all).")
    var tags: String?

    static let codecs: [String: CompressionCodec] = [
        "zstd": .zstd, "snappy": .snappy, "gzip": .gzip, "none": .uncompressed,
    ]

    func validate() throws {
        guard Self.codecs[compression] != nil else {
            throw ValidationError("--compression must be zstd, snappy, gzip or none, not \(compression)")
        }
        guard format == nil || format == "csv" || format == "parquet" else {
            throw ValidationError("--format must be parquet or csv, not \(format ?? "")")
        }
        if let from, !Self.savedKinds.contains(from) {
            throw ValidationError("--from must be one of \(Self.savedKinds.joined(separator: ", ")), not \(from)")
        }
    }

    /// The kinds of saved answers `--from` reads.
    static let savedKinds = KubecostResponse.all.map(\.name) + ["castai-workload-costs"]

    @Option(help: "With --from castai-workload-costs: the report's stepSeconds.")
    var stepSeconds = 3600

    /// The decoder of `--from`'s kind.
    func savedDecoder(_ kind: String) -> @Sendable ([UInt8]) throws -> DecodedPayload {
        if let response = KubecostResponse(name: kind) {
            let mapping = mappingOptions
            return { try response.decode($0, options: mapping) }
        }
        var options = CastAIMappingOptions(clusterId: "unknown")
        options.organizationId = billingAccount
        options.stepSeconds = stepSeconds
        options.tagAllowlist = mappingOptions.tagAllowlist
        options.providerType = hostProviderName
        let castai = options
        return { try CastAIWorkloadCostsDecoder(options: castai).decode($0) }
    }

    /// The mapping options of `--from`.
    var mappingOptions: KubecostMappingOptions {
        var options = KubecostMappingOptions(flavor: .kubecost)
        options.currency = currency
        options.billingAccountId = billingAccount
        options.serviceProviderName = providerName
        options.hostProviderName = hostProviderName
        options.tagAllowlist = tags.map {
            Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        return options
    }

    /// Whether OUT is CSV: `--format csv`, or a `.csv`/`.csv.gz` name without `--format`.
    var writesCSV: Bool {
        format.map { $0 == "csv" } ?? (output.hasSuffix(".csv") || output.hasSuffix(".csv.gz"))
    }

    func run() async throws {
        var options = ParquetWriterOptions()
        options.codec = Self.codecs[compression] ?? .zstd
        do {
            if let from {
                let (rows, bytes, problems) = try await Self.convert(
                    response: input, decode: savedDecoder(from), output: output, parquet: writesCSV ? nil : options)
                for problem in problems.problems { FileHandle.standardError.write(Data("skipped: \(problem)\n".utf8)) }
                let skipped = problems.problemCount > 0 ? ", \(problems.problemCount) problems (listed above)" : ""
                print("\(input) → \(output): \(rows) FOCUS rows, \(bytes) bytes\(skipped)")
                return
            }
            if ParquetFileReader.looksLikeParquet(path: input) {
                guard writesCSV else {
                    print("\(input) is Parquet already: write CSV (OUT.csv, OUT.csv.gz or --format csv)")
                    throw ExitCode.failure
                }
                let (rows, bytes) = try await Self.convertToCSV(
                    input: input, output: output, gzip: output.hasSuffix(".gz"))
                print("\(input) → \(output): \(rows) rows, \(bytes) bytes (CSV)")
                return
            }
            guard !writesCSV else {
                print("\(input) is CSV already: write Parquet (OUT.parquet or --format parquet)")
                throw ExitCode.failure
            }
            let (rows, bytes) = try await Self.convert(input: input, output: output, options: options)
            print("\(input) → \(output): \(rows) rows, \(bytes) bytes (\(compression))")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            print("\(input): \(error)")
            throw ExitCode.failure
        }
    }

    /// Converts `input` into `output` (written as `output.partial`, renamed when complete); returns the rows and the
    /// file's size.
    static func convert(input: String, output: String, options: ParquetWriterOptions) async throws -> (Int, Int) {
        var reader = CSVReader()
        let written = try await AtomicFile.write(output) { sink in
            var writer: FocusParquetWriter?
            func take(_ batches: [RowBatch]) throws {
                for batch in batches {
                    if writer == nil {
                        writer = FocusParquetWriter(header: batch.header, options: options, output: sink)
                    }
                    try writer?.write(batch)
                }
            }
            for try await chunk in Gunzipping(FileChunks(path: input)) {
                try take(try reader.feed(Array(chunk.readableBytesView)))
            }
            try take(try reader.finish())
            if let first = reader.issues.samples.first {
                throw FileChunks.ReadError(
                    message: "\(reader.issues.total) malformed rows, the first: \(first)")
            }
            if writer == nil, let header = reader.header {
                writer = FocusParquetWriter(header: header, options: options, output: sink)
            }
            try writer?.finish()
        }
        return (reader.rowsRead, written)
    }

    /// Converts the Parquet file `input` into FOCUS CSV at `output` (written as `output.partial`, renamed when
    /// complete); returns the rows and the file's size.
    static func convertToCSV(input: String, output: String, gzip: Bool) async throws -> (Int, Int) {
        var rows = 0
        let written = try await AtomicFile.write(output) { sink in
            let batches = try ParquetRowBatches(path: input)
            let writer = CSVWriter(header: batches.header)
            let compressor = gzip ? GzipCompressor() : nil
            func emit(_ text: [UInt8], last: Bool = false) throws {
                guard let compressor else { return try sink(text) }
                var bytes: [UInt8] = []
                compressor.append(text, to: &bytes)
                if last { compressor.finish(to: &bytes) }
                try sink(bytes)
            }
            var text: [UInt8] = []
            writer.appendHeader(to: &text)
            try batches.forEach { batch in
                writer.append(batch, to: &text)
                rows += batch.rowCount
                if text.count >= 1 << 20 {
                    try emit(text)
                    text.removeAll(keepingCapacity: true)
                }
            }
            try emit(text, last: true)
        }
        return (rows, written)
    }

    /// Converts the saved API response `response` into FOCUS rows and writes them as Parquet (with `parquet`'s
    /// options) or CSV; returns the rows, the file's size and the decoder's problems.
    static func convert(
        response: String, decode: ([UInt8]) throws -> DecodedPayload, output: String, parquet: ParquetWriterOptions?
    ) async throws -> (Int, Int, DecodedPayload) {
        var body: [UInt8] = []
        for try await chunk in Gunzipping(FileChunks(path: response)) { body += chunk.readableBytesView }
        let decoded = try decode(body)
        let rows = decoded.rows
        let written = try await AtomicFile.write(output) { sink in
            if let parquet {
                var writer = FocusParquetWriter(header: rows.header, options: parquet, output: sink)
                try writer.write(rows)
                try writer.finish()
            } else {
                let writer = CSVWriter(header: rows.header)
                var text: [UInt8] = []
                writer.appendHeader(to: &text)
                writer.append(rows, to: &text)
                try sink(output.hasSuffix(".gz") ? Gzip.compress(text) : text)
            }
        }
        return (rows.rowCount, written, decoded)
    }
}
