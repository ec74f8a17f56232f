import Parquet
import Testing

/// The compact protocol bytes of `docs/design/parquet-writer.md` §2, checked against pyarrow's and our golden file.
@Suite struct ThriftCompactWriterTests {
    func encoded(_ body: (inout ThriftCompactWriter) -> Void) -> [UInt8] {
        var writer = ThriftCompactWriter()
        writer.beginStruct()
        body(&writer)
        return writer.bytes
    }

    @Test func shortFieldHeadersCarryTheDeltaAndTheType() {
        // FileMetaData.version = 1.
        #expect(encoded { $0.field(1, i32: 1) } == [0x15, 0x02])
        // total_uncompressed_size = 71 right after field 5; data_page_offset = 95 right after field 7.
        #expect(
            encoded {
                $0.field(5, i64: 0); $0.field(6, i64: 71)
            }.suffix(3) == [0x16, 0x8E, 0x01])
        #expect(
            encoded {
                $0.field(7, i64: 0); $0.field(9, i64: 95)
            }.suffix(3) == [0x26, 0xBE, 0x01])
    }

    @Test func listsOfScalarsAndStrings() {
        // ColumnMetaData.encodings = [PLAIN, RLE, RLE_DICTIONARY] as field 2 after field 1.
        let encodings = encoded {
            $0.field(1, i32: 6)
            $0.beginListField(2, of: .i32, count: 3)
            for value: Int32 in [0, 3, 8] { $0.element(i32: value) }
        }
        #expect(encodings.suffix(5) == [0x19, 0x35, 0x00, 0x06, 0x10])
        // path_in_schema = ["s"] as field 3 after field 2.
        let path = encoded {
            $0.field(2, i32: 0)
            $0.beginListField(3, of: .binary, count: 1)
            $0.element(string: "s")
        }
        #expect(path.suffix(4) == [0x19, 0x18, 0x01, 0x73])
    }

    @Test func nestedStructsKeepTheirOwnFieldCounters() {
        // SchemaElement.logicalType = STRING (field 10 after field 6): LogicalType { 1: StringType {} }.
        let bytes = encoded {
            $0.field(6, i32: 0)
            $0.beginStructField(10)
            $0.beginStructField(1)
            $0.endStruct()
            $0.endStruct()
            // The outer struct carries on from field 10.
            $0.field(11, i32: 1)
        }
        #expect(bytes.suffix(6) == [0x4C, 0x1C, 0x00, 0x00, 0x15, 0x02])
    }

    @Test func boolFieldsAreTheirTypeNibbleAndBoolElementsAByte() {
        #expect(encoded { $0.field(1, bool: true) } == [0x11])
        #expect(
            encoded {
                $0.field(2, i32: 0); $0.field(3, bool: false)
            }.suffix(1) == [0x12])
        #expect(
            encoded {
                $0.beginListField(1, of: .boolTrue, count: 2); $0.element(bool: true); $0.element(bool: false)
            } == [0x19, 0x21, 0x01, 0x00])
    }

    @Test func longFormsForBigDeltasAndLongLists() {
        // A struct field with id 16 written first.
        #expect(
            encoded {
                $0.beginStructField(16); $0.endStruct()
            } == [0x0C, 0x20, 0x00])
        // The FOCUS schema: 66 SchemaElements (a root and 65 columns), and 65 column orders after field 6.
        #expect(
            encoded {
                $0.field(1, i32: 0); $0.beginListField(2, of: .struct, count: 66)
            }.suffix(3) == [0x19, 0xFC, 0x42])
        // A decreasing id takes the long form too.
        #expect(
            encoded {
                $0.field(3, i32: 0); $0.field(2, i32: 0)
            }.suffix(3) == [0x05, 0x04, 0x00])
    }

    @Test func negativeAndLargeIntegersAreZigzagVarints() {
        #expect(encoded { $0.field(1, i32: -1) } == [0x15, 0x01])
        #expect(encoded { $0.field(1, i64: 1 << 40) } == [0x16, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40])
        #expect(encoded { $0.field(1, i64: Int64.min) }.count == 1 + 10)
        var writer = ThriftCompactWriter()
        writer.beginStruct()
        writer.field(1, i32: 1)
        writer.endStruct()
        #expect(writer.bytes == [0x15, 0x02, 0x00])
    }
}
