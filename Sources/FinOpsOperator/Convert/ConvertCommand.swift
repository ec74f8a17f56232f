import ArgumentParser
import FinOpsPipelines
import Focus
import Foundation
import Parquet

/// `finops-operator convert IN.csv[.gz] OUT.parquet`: a FOCUS CSV file into FOCUS Parquet through the pipelines'
/// writer, streaming (memory bounded by one row group).
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a FOCUS CSV file (plain or gzip) into a Parquet file.",
        discussion: """
            Columns are typed by the FOCUS version of the header: Decimal as DECIMAL(38,18), Date/Time as \
            TIMESTAMP(MICROS, UTC), JSON as JSON, the rest as STRING; empty fields are nulls. A value that does \
            not fit its type, or a malformed row, fails the conversion with its line: nothing is written then \
            (the output appears only when complete). Page compression: zstd (default), snappy, gzip or none.
            """)

    @Argument(help: "The FOCUS CSV file, plain or gzip.")
    var input: String

    @Argument(help: "The Parquet file to write.")
    var output: String

    @Option(help: "Page compression: zstd, snappy, gzip or none.")
    var compression = "zstd"

    static let codecs: [String: CompressionCodec] = [
        "zstd": .zstd, "snappy": .snappy, "gzip": .gzip, "none": .uncompressed,
    ]

    func validate() throws {
        guard Self.codecs[compression] != nil else {
            throw ValidationError("--compression must be zstd, snappy, gzip or none, not \(compression)")
        }
    }

    func run() async throws {
        var options = ParquetWriterOptions()
        options.codec = Self.codecs[compression] ?? .zstd
        do {
            let (rows, bytes) = try await Self.convert(input: input, output: output, options: options)
            print("\(input) → \(output): \(rows) rows, \(bytes) bytes (\(compression))")
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
}
