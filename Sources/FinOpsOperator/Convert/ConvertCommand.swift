import ArgumentParser
import FinOpsPipelines
import Focus
import Foundation
import Gzip
import Parquet

/// `finops-operator convert IN OUT`: a FOCUS CSV file (plain or gzip) into FOCUS Parquet through the pipelines'
/// writer, or a Parquet file into FOCUS CSV (plain, or gzip for `.gz`); streaming, memory bounded by one row group.
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
            OUT's extension (.csv, .csv.gz: CSV), decides.
            """)

    @Argument(help: "The FOCUS CSV file (plain or gzip) or Parquet file.")
    var input: String

    @Argument(help: "The file to write.")
    var output: String

    @Option(help: "Output format: parquet or csv (default: from OUT's extension).")
    var format: String?

    @Option(help: "Page compression: zstd, snappy, gzip or none.")
    var compression = "zstd"

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
    }

    /// Whether OUT is CSV: `--format csv`, or a `.csv`/`.csv.gz` name without `--format`.
    var writesCSV: Bool {
        format.map { $0 == "csv" } ?? (output.hasSuffix(".csv") || output.hasSuffix(".csv.gz"))
    }

    func run() async throws {
        var options = ParquetWriterOptions()
        options.codec = Self.codecs[compression] ?? .zstd
        do {
            if ParquetFileReader.looksLikeParquet(path: input) {
                guard writesCSV else {
                    print("\(input) is Parquet already: write CSV (OUT.csv, OUT.csv.gz or --format csv)")
                    throw ExitCode.failure
                }
                let (rows, bytes) = try Self.convertToCSV(
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
        let partial = output + ".partial"
        _ = FileManager.default.createFile(atPath: partial, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: partial) else {
            throw FileChunks.ReadError(message: "cannot create \(partial)")
        }
        var written = 0
        let sink: ([UInt8]) throws -> Void = { bytes in
            try handle.write(contentsOf: bytes)
            written += bytes.count
        }
        do {
            var reader = CSVReader()
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
            try handle.close()
            if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
            try FileManager.default.moveItem(atPath: partial, toPath: output)
            return (reader.rowsRead, written)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Converts the Parquet file `input` into FOCUS CSV at `output` (written as `output.partial`, renamed when
    /// complete); returns the rows and the file's size.
    static func convertToCSV(input: String, output: String, gzip: Bool) throws -> (Int, Int) {
        let partial = output + ".partial"
        _ = FileManager.default.createFile(atPath: partial, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: partial) else {
            throw FileChunks.ReadError(message: "cannot create \(partial)")
        }
        do {
            let batches = try ParquetRowBatches(path: input)
            let writer = CSVWriter(header: batches.header)
            let compressor = gzip ? GzipCompressor() : nil
            var rows = 0
            var written = 0
            func emit(_ text: [UInt8], last: Bool = false) throws {
                var bytes = text
                if let compressor {
                    bytes = []
                    compressor.append(text, to: &bytes)
                    if last { compressor.finish(to: &bytes) }
                }
                try handle.write(contentsOf: bytes)
                written += bytes.count
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
            try handle.close()
            if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
            try FileManager.default.moveItem(atPath: partial, toPath: output)
            return (rows, written)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }
}
