/// struct PageHeader with the v1 data page or the dictionary page header (see `docs/design/parquet-writer.md` §1).
public struct PageHeader: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// DataPageHeader: values including nulls, and the values' encoding (levels are always RLE).
        case data(numValues: Int32, encoding: Encoding)
        /// DictionaryPageHeader: the entries, PLAIN-encoded.
        case dictionary(numValues: Int32)
    }

    public var kind: Kind
    /// The body before compression.
    public var uncompressedSize: Int32
    /// The bytes that follow the header.
    public var compressedSize: Int32

    public init(kind: Kind, uncompressedSize: Int32, compressedSize: Int32) {
        self.kind = kind
        self.uncompressedSize = uncompressedSize
        self.compressedSize = compressedSize
    }

    public var encoded: [UInt8] {
        var writer = ThriftCompactWriter()
        writer.beginStruct()
        switch kind {
        case .data(let numValues, let encoding):
            writer.field(1, i32: PageType.dataPage.rawValue)
            writer.field(2, i32: uncompressedSize)
            writer.field(3, i32: compressedSize)
            writer.beginStructField(5)
            writer.field(1, i32: numValues)
            writer.field(2, i32: encoding.rawValue)
            writer.field(3, i32: Encoding.rle.rawValue)  // definition levels
            writer.field(4, i32: Encoding.rle.rawValue)  // repetition levels (none, but required)
            writer.endStruct()
        case .dictionary(let numValues):
            writer.field(1, i32: PageType.dictionaryPage.rawValue)
            writer.field(2, i32: uncompressedSize)
            writer.field(3, i32: compressedSize)
            writer.beginStructField(7)
            writer.field(1, i32: numValues)
            writer.field(2, i32: Encoding.plain.rawValue)
            writer.endStruct()
        }
        writer.endStruct()
        return writer.bytes
    }
}
