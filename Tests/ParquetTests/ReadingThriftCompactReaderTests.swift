import Parquet
import Testing

/// The compact protocol reader: the writer's bytes read back, every compact type skipped when unknown, and hostile
/// input (truncation, huge counts, deep nesting, overlong varints) refused with ``ParquetReadError``.
@Suite struct ReadingThriftCompactReaderTests {
    func reader(_ hex: String) -> ThriftCompactReader { ThriftCompactReader(bytes: GoldenFileTests.hex(hex)) }

    @Test func readsWhatTheWriterWrites() throws {
        var writer = ThriftCompactWriter()
        writer.beginStruct()
        writer.field(1, i32: -5)
        writer.field(2, i64: 1 << 40)
        writer.field(3, bool: true)
        writer.field(4, string: "héllo")
        writer.beginListField(5, of: .i32, count: 20)
        for value in 0..<20 { writer.element(i32: Int32(value - 10)) }
        writer.beginStructField(40)  // long-form id
        writer.field(1, bool: false)
        writer.endStruct()
        writer.field(6, i32: 7)  // a decreasing id: long form again
        writer.endStruct()

        var reader = ThriftCompactReader(bytes: writer.bytes)
        var seen: [String] = []
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): seen.append("1=\(try reader.readI32())")
            case (2, .i64): seen.append("2=\(try reader.readI64())")
            case (3, _): seen.append("3=\(reader.bool(field))")
            case (4, .binary): seen.append("4=\(try reader.readString())")
            case (5, .list):
                var values: [Int32] = []
                try reader.readList(of: .i32) { values.append(try $0.readI32()) }
                seen.append("5=\(values.count):\(values.first ?? 0)…\(values.last ?? 0)")
            case (40, .struct):
                try reader.readStruct { reader, inner in seen.append("40.\(inner.id)=\(reader.bool(inner))") }
            case (6, .i32): seen.append("6=\(try reader.readI32())")
            default: Issue.record("unexpected field \(field)")
            }
        }
        #expect(seen == ["1=-5", "2=1099511627776", "3=true", "4=héllo", "5=20:-10…9", "40.1=false", "6=7"])
        #expect(reader.remaining == 0)
    }

    /// One field of every compact type, then field 1 = 42: skipping them all must land on the last field.
    @Test func skipsEveryCompactType() throws {
        let unknown = [
            "11",  // 1: bool true
            "12",  // 2: bool false
            "13 7f",  // 3: byte
            "14 02",  // 4: i16
            "15 80 01",  // 5: i32
            "16 ff ff ff ff ff ff ff ff ff 01",  // 6: i64, ten bytes
            "17 00 00 00 00 00 00 f0 3f",  // 7: double 1.0
            "18 03 61 62 63",  // 8: binary "abc"
            "19 25 02 04",  // 9: list of 2 i32
            "19 f8 10" + String(repeating: " 00", count: 16),  // 10 (delta 1): list of 16 empty binaries, long size
            "1a 21 01 00",  // 11: set of 2 bools (one byte each)
            "1b 02 85 01 61 02 01 62 04",  // 12: map<binary, i32> of 2
            "1b 00",  // 13: empty map
            "1c 18 01 78 1c 00 00",  // 14: struct { 1: "x", 2: struct {} }
            "1d" + String(repeating: " 00", count: 16),  // 15: uuid
            "09 c8 01 1c 2c 00 00",  // 100 (long form): list of 1 struct holding a struct
            "05 ca 01 02",  // 101 (long form): i32
        ].joined(separator: " ")
        var reader = reader(unknown + " 05 02 54 00")  // field 1 (long form, zigzag 2) = 42, STOP
        var value: Int32?
        try reader.readStruct { reader, field in
            if field.id == 1 && field.type == .i32 {
                value = try reader.readI32()
            } else {
                try reader.skip(field.type)
            }
        }
        #expect(value == 42)
        #expect(reader.remaining == 0)
    }

    @Test(arguments: [
        "15",  // i32 field without its value
        "18 05 61 62",  // binary longer than the data
        "19 f5",  // list header without its size
        "19 f5 ff ff ff 0f",  // a list of 2^32 - 1 elements in 0 bytes
        "1b ff ff ff ff 0f 55",  // a map of 2^32 - 1 entries
        "16 ff ff ff ff ff ff ff ff ff 7f",  // varint over 64 bits
        "16 ff ff ff ff ff ff ff ff ff ff 01",  // varint over 10 bytes
        "15 80 80 80 80 10",  // i32 out of range
        "1e",  // compact type 14 does not exist
        "1c 1c 1c",  // structs that never end
    ])
    func refusesBrokenInput(_ hex: String) {
        var reader = reader(hex)
        #expect(throws: ParquetReadError.self) {
            try reader.readStruct { reader, field in try reader.skip(field.type) }
        }
    }

    @Test func refusesNestingDeeperThanTheLimit() {
        let depth = ThriftCompactReader.maxDepth + 1
        var reader = ThriftCompactReader(
            bytes: Array(repeating: 0x1C, count: depth) + Array(repeating: 0, count: depth + 1))
        let error = #expect(throws: ParquetReadError.self) {
            try reader.readStruct { reader, field in try reader.skip(field.type) }
        }
        #expect(error?.message.contains("deeper") == true)
    }

    @Test func errorsNameTheFileOffset() {
        var reader = ThriftCompactReader(bytes: GoldenFileTests.hex("15 02 18 09 61"), baseOffset: 1000)
        let error = #expect(throws: ParquetReadError.self) {
            try reader.readStruct { reader, field in try reader.skip(field.type) }
        }
        #expect(error?.offset == 1003)
        #expect(error?.code == .corrupt)
    }

    @Test func theGoldenFooterDecodes() throws {
        let metadata = try ParquetMetadata(footer: GoldenFileTests.hex(GoldenFileTests.footerHex))
        #expect(metadata.version == 1 && metadata.numRows == 3 && metadata.rowGroups.count == 1)
        #expect(metadata.schema.map(\.name) == ["schema", "s", "d"])
        #expect(metadata.schema[1].logicalType == .string && metadata.schema[1].convertedType == 0)
        #expect(metadata.schema[2].logicalType == .decimal(scale: 18, precision: 38))
        #expect(metadata.schema[2].typeLength == 16 && metadata.schema[2].repetition == .optional)
        let chunk = metadata.rowGroups[0].columns[1]
        #expect(chunk.type == .fixedLenByteArray && chunk.path == ["d"] && chunk.codec == .uncompressed)
        #expect(chunk.encodings == [0, 3, 8] && chunk.numValues == 3)
        #expect(chunk.dataPageOffset == 95 && chunk.dictionaryPageOffset == 50 && chunk.totalCompressedSize == 71)
        #expect(
            chunk.statistics?.nullCount == 0
                && chunk.statistics?.minValue == GoldenFileTests.decimal16(-250_000_000_000_000_000))
        #expect(metadata.createdBy == "finops-operator version 0.0.0")
    }

    @Test func pageHeadersDecode() throws {
        var reader = reader("15 00 15 12 15 12 2c 15 06 15 10 15 06 15 06 00 00")
        let header = try ParquetPageHeader(from: &reader)
        #expect(header.uncompressedSize == 9 && header.compressedSize == 9)
        guard case .data(let data) = header.kind else {
            Issue.record("not a data page: \(header)")
            return
        }
        #expect(data.numValues == 3 && data.encoding == 8 && data.definitionLevelEncoding == 3)
        var dictionary = self.reader("15 04 15 0e 15 0e 4c 15 02 15 00 00 00")
        #expect(try ParquetPageHeader(from: &dictionary).kind == .dictionary(numValues: 1, encoding: 0))
        // DATA_PAGE_V2 {1 num_values 3, 2 num_nulls 1, 3 num_rows 3, 4 encoding 0, 5 def 2, 6 rep 0, 7 false}.
        var v2 = self.reader("15 06 15 12 15 10 5c 15 06 15 02 15 06 15 00 15 04 15 00 12 00 00")
        let page = try ParquetPageHeader(from: &v2)
        guard case .dataV2(let data) = page.kind else {
            Issue.record("not v2: \(page)")
            return
        }
        #expect(data.numNulls == 1 && data.definitionLevelsByteLength == 2 && !data.isCompressed)
    }
}
