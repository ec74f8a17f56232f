import Parquet
import Testing

/// The footer and page headers of the golden file of `docs/design/parquet-writer.md` §6 (a 2-column, 3-row file
/// with one null that pyarrow and DuckDB read back with every codec), rebuilt from the format structs byte for byte.
@Suite struct GoldenFileTests {
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.filter(\.isHexDigit))
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    static let footerHex = """
        1502193c35001806736368656d61150400150c250218017325004c1c000000150e15201502180164250a1524154c2c5c1524154c000000\
        1606191c192c26001c150c19350006101918017315001606165c165c263026081c36022803617773180361777300192c150415001502\
        0015001510150200000026001c150e19350006101918016415001606168e01168e0126be0126641c360028100000000000000000\
        14d1120d7b1600001810fffffffffffffffffc87d2531627000000192c1504150015020015001510150200000016ea011606260816\
        ea0100281d66696e6f70732d6f70657261746f722076657273696f6e20302e302e30192c1c00001c000000
        """

    /// A decimal's unscaled value as the 16 big-endian bytes of a FIXED_LEN_BYTE_ARRAY(16).
    static func decimal16(_ unscaled: Int64) -> [UInt8] {
        let fill: UInt8 = unscaled < 0 ? 0xFF : 0
        return Array(repeating: fill, count: 8) + withUnsafeBytes(of: unscaled.bigEndian) { Array($0) }
    }

    @Test func pageHeadersMatch() {
        #expect(
            PageHeader(kind: .dictionary(numValues: 1), uncompressedSize: 7, compressedSize: 7).encoded
                == Self.hex("15 04 15 0e 15 0e 4c 15 02 15 00 00 00"))
        #expect(
            PageHeader(kind: .data(numValues: 3, encoding: .rleDictionary), uncompressedSize: 9, compressedSize: 9)
                .encoded == Self.hex("15 00 15 12 15 12 2c 15 06 15 10 15 06 15 06 00 00"))
        #expect(
            PageHeader(kind: .dictionary(numValues: 2), uncompressedSize: 32, compressedSize: 32).encoded
                == Self.hex("15 04 15 40 15 40 4c 15 04 15 00 00 00"))
    }

    @Test func footerMatches() {
        let pageStats = [
            PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1),
            PageEncodingStats(pageType: .dataPage, encoding: .rleDictionary, count: 1),
        ]
        let encodings: Set<Encoding> = [.plain, .rle, .rleDictionary]
        let metadata = FileMetaData(
            schema: [
                .root(children: 2),
                SchemaElement(type: .byteArray, name: "s", logicalType: .string),
                SchemaElement(
                    type: .fixedLenByteArray, typeLength: 16, name: "d",
                    logicalType: .decimal(scale: 18, precision: 38)),
            ],
            numRows: 3,
            rowGroups: [
                RowGroup(
                    columns: [
                        ColumnMetaData(
                            type: .byteArray, encodings: encodings, path: ["s"], codec: .uncompressed, numValues: 3,
                            totalUncompressedSize: 46, totalCompressedSize: 46, dataPageOffset: 24,
                            dictionaryPageOffset: 4,
                            statistics: Statistics(
                                nullCount: 1, maxValue: Array("aws".utf8), minValue: Array("aws".utf8)),
                            encodingStats: pageStats),
                        ColumnMetaData(
                            type: .fixedLenByteArray, encodings: encodings, path: ["d"], codec: .uncompressed,
                            numValues: 3, totalUncompressedSize: 71, totalCompressedSize: 71, dataPageOffset: 95,
                            dictionaryPageOffset: 50,
                            statistics: Statistics(
                                nullCount: 0, maxValue: Self.decimal16(1_500_000_000_000_000_000),
                                minValue: Self.decimal16(-250_000_000_000_000_000)),
                            encodingStats: pageStats),
                    ], numRows: 3, fileOffset: 4)
            ],
            createdBy: "finops-operator version 0.0.0")
        let footer = metadata.encoded
        #expect(footer.count == 257)
        #expect(footer == Self.hex(Self.footerHex))
    }

    @Test func timestampAndJSONColumnsAreDescribedAsPyarrowDoes() {
        /// The leaf's bytes in a footer: after version (2 bytes), the schema list header (2) and the root (13).
        func leaf(_ element: SchemaElement) -> [UInt8] {
            Array(
                FileMetaData(schema: [.root(children: 1), element], numRows: 0, rowGroups: [], createdBy: "").encoded
                    .dropFirst(17))
        }
        let timestamp = leaf(SchemaElement(type: .int64, name: "t", logicalType: .timestampMicrosUTC))
        #expect(timestamp.starts(with: Self.hex("15 04 25 02 18 01 74 25 14 4c 8c 11 1c 2c 00 00 00 00 00")))
        let json = leaf(SchemaElement(type: .byteArray, name: "j", logicalType: .json))
        #expect(json.starts(with: Self.hex("15 0c 25 02 18 01 6a 25 26 4c cc 00 00 00")))
    }
}
