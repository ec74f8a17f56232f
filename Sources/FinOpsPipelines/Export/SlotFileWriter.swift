import Codecs
import FinOpsAPI
import Focus
import Gzip
import NIOCore
import ObjectStorage
import Parquet

/// One slot's file from its spool (a CSV file with a header, see ``SlotSpool``) into uploads, in the export's
/// format: Parquet through ``FocusParquetWriter`` (memory bounded by a row group), or CSV, plain or compressed.
/// Bytes go to the uploads in parts of ``partSize`` as they are produced.
struct SlotFileWriter {
    static let partSize = 8 << 20

    let export: NormalizedFocusExport

    /// Writes the rows of `spool` (nil: a slot without rows, written with `header` only) to every upload; returns
    /// the file's size.
    func write(spool: String?, header: FocusHeader, to uploads: [any ObjectUpload]) async throws -> Int {
        let output = OutputBuffer()
        switch export.format {
        case .parquet:
            var options = ParquetWriterOptions()
            options.codec =
                switch export.compression {
                case .zstd: .zstd
                case .snappy: .snappy
                case .gzip: .gzip
                case .none: .uncompressed
                }
            var writer = FocusParquetWriter(
                header: header, options: options, createdBy: "finops-operator", output: { output.bytes += $0 })
            if let spool {
                var reader = CSVReader()
                for try await chunk in FileChunks(path: spool) {
                    for batch in try reader.feed(Array(chunk.readableBytesView)) {
                        try write(batch, to: &writer)
                        try await output.send(to: uploads, atLeast: Self.partSize)
                    }
                }
                for batch in try reader.finish() { try write(batch, to: &writer) }
                if let first = reader.issues.samples.first {
                    throw ExportFailure.local("the spool file \(spool) is damaged: \(first)")
                }
            }
            try writer.finish()
        case .csv:
            let compress: ([UInt8], Bool) -> [UInt8]
            switch export.compression {
            case .gzip:
                let compressor = GzipCompressor()
                compress = { bytes, last in
                    var out: [UInt8] = []
                    compressor.append(bytes, to: &out)
                    if last { compressor.finish(to: &out) }
                    return out
                }
            case .zstd:
                let compressor = ZstdCompressor()
                compress = { bytes, last in
                    var out: [UInt8] = []
                    compressor.append(bytes, to: &out)
                    if last { compressor.finish(to: &out) }
                    return out
                }
            case .none, .snappy:
                compress = { bytes, _ in bytes }
            }
            if let spool {
                for try await chunk in FileChunks(path: spool) {
                    output.bytes += compress(Array(chunk.readableBytesView), false)
                    try await output.send(to: uploads, atLeast: Self.partSize)
                }
                output.bytes += compress([], true)
            } else {
                var headerLine: [UInt8] = []
                CSVWriter(header: header).appendHeader(to: &headerLine)
                output.bytes += compress(headerLine, true)
            }
        }
        try await output.send(to: uploads, atLeast: 1)
        return output.total
    }

    private func write(_ batch: RowBatch, to writer: inout FocusParquetWriter) throws {
        do {
            try writer.write(batch)
        } catch let error as FocusParquetWriter.ValueError {
            throw ExportFailure.value("\(error)")
        }
    }
}

/// Bytes produced but not yet sent; a class so that the writers' output closures can append to it.
private final class OutputBuffer {
    var bytes: [UInt8] = []
    var total = 0

    func send(to uploads: [any ObjectUpload], atLeast size: Int) async throws {
        guard bytes.count >= size else { return }
        let part = bytes
        bytes = []
        total += part.count
        for upload in uploads { try await upload.write(part) }
    }
}
