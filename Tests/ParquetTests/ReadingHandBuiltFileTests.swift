import Parquet
import Testing

/// Files assembled page by page and field by field, for what pyarrow and DuckDB do not write: legacy converted types
/// without logical types, BYTE_ARRAY decimals (wider than 128 bits too), index pages and CRCs, uncompressed v2 pages in
/// a compressed chunk, unknown footer fields of every type, and nested or repeated schemas (refused).
@Suite struct ReadingHandBuiltFileTests {
    /// A leaf: its SchemaElement fields (converted type only, no logical type) and its one chunk's pages.
    struct Leaf {
        var name: String
        var type: PhysicalType
        var typeLength: Int32? = nil
        var repetition: Repetition = .optional
        var convertedType: Int32? = nil
        var scale: Int32? = nil
        var precision: Int32? = nil
        var codec: CompressionCodec = .uncompressed
        /// Page headers and bodies, end to end.
        var pages: [UInt8]
    }

    /// A v1 data page: optional columns get definition levels from `present`; `values` are PLAIN-encoded.
    static func dataPage(present: [Bool], values: [UInt8]) -> [UInt8] {
        let body = RLEHybridEncoder.definitionLevels(present) + values
        return PageHeader(
            kind: .data(numValues: Int32(present.count), encoding: .plain), uncompressedSize: Int32(body.count),
            compressedSize: Int32(body.count)
        ).encoded + body
    }

    static func plainByteArrays(_ values: [[UInt8]]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: UInt32($0.count).littleEndian) { Array($0) } + $0 }
    }

    static func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } }
    }

    /// `PAR1`, the leaves' chunks, a footer written field by field (plus `extraFooterFields`, appended to
    /// FileMetaData before its STOP), its length, `PAR1`. `schema` overrides the flat schema when set.
    static func file(
        rows: Int, leaves: [Leaf], schema: ((inout ThriftCompactWriter) -> Int)? = nil,
        extraFooterFields: [UInt8] = []
    ) -> [UInt8] {
        var file = Array("PAR1".utf8)
        var offsets: [Int] = []
        for leaf in leaves {
            offsets.append(file.count)
            file += leaf.pages
        }
        var writer = ThriftCompactWriter()
        writer.beginStruct()
        writer.field(1, i32: 2)
        if let schema {
            _ = schema(&writer)
        } else {
            writer.beginListField(2, of: .struct, count: leaves.count + 1)
            writer.beginStruct()
            writer.field(4, string: "schema")
            writer.field(5, i32: Int32(leaves.count))
            writer.endStruct()
            for leaf in leaves {
                writer.beginStruct()
                writer.field(1, i32: leaf.type.rawValue)
                if let typeLength = leaf.typeLength { writer.field(2, i32: typeLength) }
                writer.field(3, i32: leaf.repetition.rawValue)
                writer.field(4, string: leaf.name)
                if let converted = leaf.convertedType { writer.field(6, i32: converted) }
                if let scale = leaf.scale { writer.field(7, i32: scale) }
                if let precision = leaf.precision { writer.field(8, i32: precision) }
                writer.endStruct()
            }
        }
        writer.field(3, i64: Int64(rows))
        writer.beginListField(4, of: .struct, count: 1)
        writer.beginStruct()
        writer.beginListField(1, of: .struct, count: leaves.count)
        for (leaf, offset) in zip(leaves, offsets) {
            writer.beginStruct()
            writer.field(2, i64: 0)
            writer.beginStructField(3)
            writer.field(1, i32: leaf.type.rawValue)
            writer.beginListField(2, of: .i32, count: 1)
            writer.element(i32: 0)
            writer.beginListField(3, of: .binary, count: 1)
            writer.element(string: leaf.name)
            writer.field(4, i32: leaf.codec.rawValue)
            writer.field(5, i64: Int64(rows))
            writer.field(6, i64: Int64(leaf.pages.count))
            writer.field(7, i64: Int64(leaf.pages.count))
            writer.field(9, i64: Int64(offset))
            writer.endStruct()
            writer.endStruct()
        }
        writer.field(2, i64: 0)
        writer.field(3, i64: Int64(rows))
        writer.endStruct()
        var footer = writer.bytes + extraFooterFields
        footer.append(0)  // STOP FileMetaData
        return file + footer + withUnsafeBytes(of: UInt32(footer.count).littleEndian) { Array($0) } + Array("PAR1".utf8)
    }

    static func texts(_ bytes: [UInt8]) throws -> [String: [String?]] {
        try ReadingTestSupport.columnTexts(try ParquetFileReader(bytes: bytes))
    }

    @Test func convertedTypesWithoutLogicalTypes() throws {
        let present = [true, false, true]
        let leaves = [
            Leaf(
                name: "s", type: .byteArray, convertedType: 0,
                pages: Self.dataPage(
                    present: present, values: Self.plainByteArrays([Array("a".utf8), Array("é".utf8)]))),
            Leaf(
                name: "d", type: .int64, convertedType: 5, scale: 3, precision: 18,
                pages: Self.dataPage(present: present, values: Self.littleEndian([Int64(-1500), 7]))),
            Leaf(
                name: "t", type: .int64, convertedType: 9,
                pages: Self.dataPage(present: present, values: Self.littleEndian([Int64(1_767_225_600_250), 0]))),
            Leaf(
                name: "day", type: .int32, convertedType: 6,
                pages: Self.dataPage(present: present, values: Self.littleEndian([Int32(20454), -1]))),
            Leaf(
                name: "u8", type: .int32, convertedType: 11,
                pages: Self.dataPage(present: present, values: Self.littleEndian([Int32(255), 0]))),
            Leaf(
                name: "j", type: .byteArray, convertedType: 19,
                pages: Self.dataPage(
                    present: present, values: Self.plainByteArrays([Array("{}".utf8), Array("[1]".utf8)]))),
            Leaf(
                name: "req", type: .int32, repetition: .required,
                pages: PageHeader(kind: .data(numValues: 3, encoding: .plain), uncompressedSize: 12, compressedSize: 12)
                    .encoded + Self.littleEndian([Int32(1), 2, 3])),
        ]
        let file = Self.file(rows: 3, leaves: leaves)
        let reader = try ParquetFileReader(bytes: file)
        #expect(
            reader.columns.map(\.logicalType) == [
                .string, .decimal(scale: 3, precision: 18), .timestamp(unit: .millis, isAdjustedToUTC: true), .date,
                .integer(bitWidth: 8, isSigned: false), .json, nil,
            ])
        #expect(
            try Self.texts(file) == [
                "s": ["a", nil, "é"], "d": ["-1.5", nil, "0.007"],
                "t": ["2026-01-01T00:00:00.25Z", nil, "1970-01-01T00:00:00Z"],
                "day": ["2026-01-01", nil, "1969-12-31"], "u8": ["255", nil, "0"], "j": ["{}", nil, "[1]"],
                "req": ["1", "2", "3"],
            ])
    }

    @Test func byteArrayDecimalsOfAnyWidth() throws {
        // 1.5, −0.25, 2^128 / 100 (17 bytes), and an empty array (zero) at scale 2.
        let values: [[UInt8]] = [[0x00, 0x96], [0xE7], [0x01] + Array(repeating: 0, count: 16), []]
        let leaf = Leaf(
            name: "d", type: .byteArray, convertedType: 5, scale: 2, precision: 60,
            pages: Self.dataPage(present: [true, true, true, true], values: Self.plainByteArrays(values)))
        #expect(
            try Self.texts(Self.file(rows: 4, leaves: [leaf]))["d"] == [
                "1.5", "-0.25", "3402823669209384634633746074317682114.56", "0",
            ])
    }

    @Test func indexPagesAndCRCsAreSkippedAndV2PagesMayBeUncompressed() throws {
        // An INDEX_PAGE (type 1) with a 3-byte body, then a v2 page stored uncompressed in a zstd chunk, with a crc.
        var index = ThriftCompactWriter()
        index.beginStruct()
        index.field(1, i32: 1)
        index.field(2, i32: 3)
        index.field(3, i32: 3)
        index.field(4, i32: 12345)  // crc
        index.beginStructField(6)
        index.endStruct()
        index.endStruct()
        let levels: [UInt8] = [0x03, 0x05]  // bit-packed 1, 0, 1 (no length prefix in v2)
        let values = Self.littleEndian([Int64(10), 30])
        var v2 = ThriftCompactWriter()
        v2.beginStruct()
        v2.field(1, i32: 3)
        v2.field(2, i32: Int32(levels.count + values.count))
        v2.field(3, i32: Int32(levels.count + values.count))
        v2.field(4, i32: -1)  // crc
        v2.beginStructField(8)
        v2.field(1, i32: 3)
        v2.field(2, i32: 1)
        v2.field(3, i32: 3)
        v2.field(4, i32: 0)
        v2.field(5, i32: Int32(levels.count))
        v2.field(6, i32: 0)
        v2.field(7, bool: false)
        v2.endStruct()
        v2.endStruct()
        let leaf = Leaf(
            name: "n", type: .int64, codec: .zstd, pages: index.bytes + [1, 2, 3] + v2.bytes + levels + values)
        #expect(try Self.texts(Self.file(rows: 3, leaves: [leaf]))["n"] == ["10", nil, "30"])
    }

    /// A zstd frame holding `bytes` as one raw block, built by hand (`docs/design/parquet-writer.md` §4): with the
    /// content size in a single-segment header, or without it (window byte 0).
    static func zstdFrame(_ bytes: [UInt8], withSize: Bool) -> [UInt8] {
        let header: [UInt8] = withSize ? [0x20, UInt8(bytes.count)] : [0x00, 0x00]
        let block = UInt32(1 | bytes.count << 3)
        return [0x28, 0xB5, 0x2F, 0xFD] + header + [UInt8(block & 0xFF), UInt8(block >> 8 & 0xFF), UInt8(block >> 16)]
            + bytes
    }

    /// zstd pages as other writers may frame them: without the content size, or as two frames.
    @Test(arguments: ["no content size", "two frames", "one frame"]) func zstdFramings(_ framing: String) throws {
        let body = RLEHybridEncoder.definitionLevels([true, false, true]) + Self.littleEndian([Int64(-4), 1 << 40])
        let compressed: [UInt8]
        switch framing {
        case "no content size": compressed = Self.zstdFrame(body, withSize: false)
        case "two frames":
            compressed =
                Self.zstdFrame(Array(body[..<5]), withSize: false) + Self.zstdFrame(Array(body[5...]), withSize: true)
        default: compressed = Self.zstdFrame(body, withSize: true)
        }
        let page =
            PageHeader(
                kind: .data(numValues: 3, encoding: .plain), uncompressedSize: Int32(body.count),
                compressedSize: Int32(compressed.count)
            ).encoded + compressed
        let leaf = Leaf(name: "n", type: .int64, codec: .zstd, pages: page)
        #expect(try Self.texts(Self.file(rows: 3, leaves: [leaf]))["n"] == ["-4", nil, "1099511627776"])
    }

    @Test func unknownFooterFieldsOfEveryTypeAreSkipped() throws {
        let leaf = Leaf(
            name: "x", type: .int32, pages: Self.dataPage(present: [true], values: Self.littleEndian([Int32(5)])))
        // Long-form fields 100…: double, map<binary, list<i32>>, set<bool>, uuid, a struct with a nested union, i8.
        let extra = GoldenFileTests.hex(
            "07 c8 01 00 00 00 00 00 00 f0 3f  0b ca 01 01 89 01 61 25 02 04  0a cc 01 21 01 00"
                + "  0d ce 01" + String(repeating: " ab", count: 16) + "  0c d0 01 1c 1c 00 00 15 02 00  03 d2 01 ff")
        #expect(try Self.texts(Self.file(rows: 1, leaves: [leaf], extraFooterFields: extra))["x"] == ["5"])
    }

    @Test func nestedSchemasAreRefusedByName() throws {
        let leaf = Leaf(
            name: "x", type: .int32, pages: Self.dataPage(present: [true], values: Self.littleEndian([Int32(5)])))
        let nested = Self.file(rows: 1, leaves: [leaf]) { writer in
            writer.beginListField(2, of: .struct, count: 3)
            writer.beginStruct()
            writer.field(4, string: "schema")
            writer.field(5, i32: 1)
            writer.endStruct()
            writer.beginStruct()
            writer.field(3, i32: 1)
            writer.field(4, string: "address")
            writer.field(5, i32: 1)
            writer.endStruct()
            writer.beginStruct()
            writer.field(1, i32: 1)
            writer.field(3, i32: 1)
            writer.field(4, string: "x")
            writer.endStruct()
            return 3
        }
        let error = #expect(throws: ParquetReadError.self) { try ParquetFileReader(bytes: nested) }
        #expect(error?.code == .unsupported && error?.description.contains("\"address\" is a group") == true)

        var repeated = leaf
        repeated.repetition = .repeated
        let refused = #expect(throws: ParquetReadError.self) {
            try ParquetFileReader(bytes: Self.file(rows: 1, leaves: [repeated]))
        }
        #expect(refused?.code == .unsupported && refused?.column == "x")
    }
}
