/// Bounds on what a file may declare before the reader allocates for it: hostile files must fail with
/// ``ParquetReadError/Code/limitExceeded`` rather than exhaust memory. The defaults are far above what pyarrow, DuckDB
/// or Spark write (1 MiB pages, row groups of at most about a million rows).
public struct ParquetReadLimits: Sendable, Hashable {
    /// The largest footer (FileMetaData) read.
    public var maxFooterSize = 64 << 20
    /// The largest page body, before or after decompression.
    public var maxPageSize = 256 << 20
    /// The most rows a row group may declare (each decoded column holds one slot per row).
    public var maxRowsPerRowGroup = 1 << 26

    public init() {}
}
