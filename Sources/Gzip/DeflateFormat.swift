/// The container around DEFLATE data.
public enum DeflateFormat: String, Sendable, Hashable, CaseIterable {
    /// gzip (RFC 1952): `.gz` files, HTTP `Content-Encoding: gzip`, Parquet's GZIP codec. Header, CRC-32, size;
    /// several members may follow one another.
    case gzip
    /// zlib (RFC 1950): HTTP `Content-Encoding: deflate`. Two-byte header, Adler-32.
    case zlib
    /// Bare DEFLATE (RFC 1951), no header or checksum (ZIP entries).
    case raw

    /// zlib's `windowBits` for this container with a 32 KiB window.
    var windowBits: Int32 {
        switch self {
        case .gzip: 15 + 16
        case .zlib: 15
        case .raw: -15
        }
    }
}
