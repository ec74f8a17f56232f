import Codecs
import Gzip

/// How a file is cut and compressed (defaults as pyarrow's, see `docs/design/parquet-writer.md` §3 and §8).
public struct ParquetWriterOptions: Sendable, Hashable {
    /// The page codec: zstd by default (level 3: the best size/speed point measured on FOCUS data).
    public var codec: CompressionCodec = .zstd
    /// The zstd level when ``codec`` is zstd.
    public var zstdLevel = Zstd.defaultLevel
    /// A data page is cut once its values reach this many bytes …
    public var pageSizeLimit = 1 << 20
    /// … or this many rows. pyarrow cuts at 20,000 rows (for its page indexes, which we do not write); pages of small
    /// values (dictionary indices, timestamps) then compress in small frames: cutting by size alone makes the
    /// benchmark's 1M-row zstd file 2.6% smaller.
    public var maxRowsPerPage = 1 << 20
    /// A column chunk's dictionary stops growing at this size; later values of the chunk are PLAIN.
    public var dictionarySizeLimit = 1 << 20
    /// After this many non-null values of a chunk, a dictionary holding more than half of them as distinct entries is
    /// given up (PLAIN from there on): a mostly unique column gains nothing from it but lookups.
    public var dictionaryProbeValues = 10_000
    /// A row group is closed once its buffered pages reach this many bytes: the writer's memory bound.
    public var rowGroupSizeLimit = 64 << 20
    /// Statistics are left out for a column chunk with a value longer than this (Tags, JSON).
    public var statisticsValueLimit = 4096

    public init() {}

    /// Whether dictionary indices are widened to byte-friendly bit widths (see
    /// ``RLEHybridEncoder/dictionaryIndices(_:dictionarySize:byteAligned:)``): for the entropy-coding codecs only, as
    /// the wider values cost raw bytes uncompressed or with snappy.
    var alignsIndexWidths: Bool { codec == .zstd || codec == .gzip }

    /// The page body as written.
    func compress(_ body: [UInt8]) -> [UInt8] {
        switch codec {
        case .uncompressed: body
        // One gzip member per page: DuckDB refuses zlib streams.
        case .gzip: Gzip.compress(body)
        case .snappy: Snappy.compress(body)
        case .zstd: Zstd.compress(body, level: zstdLevel)
        }
    }
}
