import Parquet
import Testing

/// Files written by pyarrow (`FINOPS_TEST_PYTHON`; skipped without it) read by ``ParquetFileReader``, every value
/// compared with the text Python derives from the data it wrote: data pages v1 and v2, every codec, dictionary on and
/// off, INT32 and INT64 decimals besides FIXED_LEN_BYTE_ARRAY ones (`store_decimal_as_integer` with zstd), the old
/// format version's PLAIN_DICTIONARY, BYTE_STREAM_SPLIT, INT96 timestamps, DELTA encodings, and a clear refusal of a codec we lack (LZ4).
@Suite(.enabled(if: ReaderAgreementTests.python != nil)) struct ReadingPyarrowFileTests {
    /// 3,000 rows in row groups of 1,200, pages of 2 KiB; a column per type, most with nulls at their own period.
    static let script = #"""
        import sys, os, json, decimal, datetime as dt
        import pyarrow as pa, pyarrow.parquet as pq
        D = decimal.Decimal
        out = sys.argv[1]
        N = 3000
        def nul(i, k): return i % k == 0
        def dec_text(d):
            t = format(d, "f")
            if "." in t: t = t.rstrip("0").rstrip(".")
            return "0" if t in ("-0", "") else t
        def float_text(x): return dec_text(D(repr(x)))
        EPOCH = dt.datetime(1970, 1, 1)
        def ts_text(v, per, digits):
            secs, frac = divmod(v, per)
            t = (EPOCH + dt.timedelta(seconds=secs)).strftime("%Y-%m-%dT%H:%M:%S")
            if frac:
                t += "." + str(frac).rjust(digits, "0").rstrip("0")
            return t + "Z"
        cols = {}
        def col(name, typ, values, text, nullable=True):
            cols[name] = (pa.field(name, typ, nullable=nullable), values, [None if v is None else text(v) for v in values])
        col("i32", pa.int32(), [None if nul(i, 11) else i * 7 - 10000 for i in range(N)], str)
        col("i64", pa.int64(), [None if nul(i, 12) else i * 1_000_000_007 - 500_000_000_000 for i in range(N)], str)
        odd = [1e-7, 1.5e20, 123456.789, -2.5e-5, 0.1]
        col("f64", pa.float64(), [None if nul(i, 13) else (odd[i % 5] if i % 10 == 1 else (i - 1500) / 8) for i in range(N)], float_text)
        col("f32", pa.float32(), [None if nul(i, 14) else (i - 1500) / 4 for i in range(N)], float_text)
        col("b", pa.bool_(), [None if nul(i, 15) else i % 3 == 0 for i in range(N)], lambda v: "true" if v else "false")
        col("day", pa.date32(), [None if nul(i, 16) else dt.date(2026, 1, 1) + dt.timedelta(days=i - 1000) for i in range(N)], lambda d: d.isoformat())
        base = 1_767_225_600
        col("ts_ms", pa.timestamp("ms", tz="UTC"), [None if nul(i, 17) else (base + i * 3601) * 1000 + (i % 4) * 250 for i in range(N)], lambda v: ts_text(v, 1000, 3))
        col("ts_us", pa.timestamp("us", tz="UTC"), [None if nul(i, 18) else (base - i * 86399) * 1_000_000 + (i % 3) * 500 for i in range(N)], lambda v: ts_text(v, 10**6, 6))
        col("ts_ns", pa.timestamp("ns", tz="UTC"), [None if nul(i, 19) else (base + i) * 10**9 + (i % 5) * 1001 for i in range(N)], lambda v: ts_text(v, 10**9, 9))
        col("ts_local", pa.timestamp("us"), [None if nul(i, 20) else (base + i * 60) * 1_000_000 for i in range(N)], lambda v: ts_text(v, 10**6, 6))
        col("dec9", pa.decimal128(9, 2), [None if nul(i, 21) else D(i * 12345 - 5_000_000).scaleb(-2) for i in range(N)], dec_text)
        col("dec18", pa.decimal128(18, 4), [None if nul(i, 22) else D((i - 1500) * 123_456_789_012_345).scaleb(-4) for i in range(N)], dec_text)
        col("dec38", pa.decimal128(38, 18), [None if nul(i, 23) else D((i - 1500) * 10**17 + i * 10**30).scaleb(-18) for i in range(N)], dec_text)
        col("s", pa.string(), [None if nul(i, 7) else (f"name-{i % 40}" if i % 3 else f"unique-{i}-" + "x" * (i % 50)) for i in range(N)], str)
        col("j", pa.json_(), [None if nul(i, 5) else json.dumps({"k": i % 3, "v": [i]}) for i in range(N)], str)
        col("bin", pa.binary(), [None if nul(i, 9) else f"b{i % 17}".encode() for i in range(N)], lambda b: b.decode())
        col("i8", pa.int8(), [None if nul(i, 8) else (i % 256) - 128 for i in range(N)], str)
        col("u32", pa.uint32(), [None if nul(i, 10) else 4_294_967_295 - i * 1000 for i in range(N)], str)
        col("u64", pa.uint64(), [None if nul(i, 10) else 18_446_744_073_709_551_615 - i for i in range(N)], str)
        col("req", pa.int64(), [i for i in range(N)], str, nullable=False)
        schema = pa.schema([f for f, _, _ in cols.values()])
        table = pa.table({n: pa.array(v, f.type) for n, (f, v, _) in cols.items()}, schema=schema)
        json.dump({n: t for n, (_, _, t) in cols.items()}, open(os.path.join(out, "expected.json"), "w"))
        for version in ["1.0", "2.0"]:
            for codec in ["none", "snappy", "gzip", "zstd"]:
                for dictionary in [True, False]:
                    name = f"v{version[0]}-{codec}-{'dict' if dictionary else 'plain'}.parquet"
                    pq.write_table(table, os.path.join(out, name), compression=codec, use_dictionary=dictionary,
                                   data_page_version=version, data_page_size=2048, row_group_size=1200,
                                   store_decimal_as_integer=(codec == "zstd"))
        pq.write_table(table.drop_columns(["ts_ns"]), os.path.join(out, "format1.parquet"), version="1.0",
                       data_page_size=2048, row_group_size=1200)
        pq.write_table(table, os.path.join(out, "byte-stream-split.parquet"), use_dictionary=False,
                       use_byte_stream_split=["f64", "f32", "i32", "i64", "dec38"], data_page_version="2.0")
        pq.write_table(table, os.path.join(out, "int96.parquet"), use_deprecated_int96_timestamps=True)
        pq.write_table(table, os.path.join(out, "delta.parquet"), use_dictionary=False,
                       column_encoding={"i64": "DELTA_BINARY_PACKED", "s": "DELTA_LENGTH_BYTE_ARRAY",
                                        "bin": "DELTA_BYTE_ARRAY"}, data_page_size=2048, row_group_size=1200)
        pq.write_table(table, os.path.join(out, "lz4.parquet"), compression="lz4")
        """#

    static let fixture = Result { try ReadingTestSupport.generate(script) }

    static let matrix = ["1", "2"].flatMap { version in
        ["none", "snappy", "gzip", "zstd"].flatMap { codec in
            ["dict", "plain"].map { "v\(version)-\(codec)-\($0).parquet" }
        }
    }

    func read(_ name: String) throws -> (ParquetFileReader, [String: [String?]]) {
        let fixture = try Self.fixture.get()
        let bytes = try #require(fixture.files[name], "pyarrow did not write \(name)")
        return (try ParquetFileReader(bytes: bytes), try #require(fixture.expected["expected"]))
    }

    @Test(arguments: matrix) func everyValueOfEveryVariant(_ name: String) throws {
        let (reader, expected) = try read(name)
        #expect(reader.numRows == 3000 && reader.rowGroupCount == 3)
        ReadingTestSupport.expectEqual(try ReadingTestSupport.columnTexts(reader), expected, file: name)
    }

    @Test func columnsCarryTheirLogicalTypes() throws {
        let (reader, _) = try read("v2-zstd-dict.parquet")
        let types = Dictionary(uniqueKeysWithValues: reader.columns.map { ($0.name, $0.logicalType) })
        #expect(types["i32"] == .some(nil))
        #expect(types["day"] == .date)
        #expect(types["ts_ms"] == .timestamp(unit: .millis, isAdjustedToUTC: true))
        #expect(types["ts_ns"] == .timestamp(unit: .nanos, isAdjustedToUTC: true))
        #expect(types["ts_local"] == .timestamp(unit: .micros, isAdjustedToUTC: false))
        #expect(types["dec9"] == .decimal(scale: 2, precision: 9))
        #expect(types["dec38"] == .decimal(scale: 18, precision: 38))
        #expect(types["s"] == .string)
        #expect(types["j"] == .json)
        #expect(types["u32"] == .integer(bitWidth: 32, isSigned: false))
        let physical = Dictionary(uniqueKeysWithValues: reader.columns.map { ($0.name, $0.physicalType) })
        // store_decimal_as_integer: narrow decimals on INT32 and INT64.
        #expect(physical["dec9"] == .int32 && physical["dec18"] == .int64 && physical["dec38"] == .fixedLenByteArray)
        #expect(reader.column(named: "req")?.repetition == .required)
        #expect(reader.metadata.createdBy?.hasPrefix("parquet-cpp-arrow version") == true)
        #expect(reader.metadata.keyValueMetadata.contains { $0.key == "ARROW:schema" })
    }

    @Test func typedValues() throws {
        let (reader, _) = try read("v1-snappy-dict.parquet")
        let group = try reader.readRowGroup(0)
        func value(_ name: String, _ row: Int) -> ParquetValue? {
            group.columns.first { $0.column.name == name }?[row]
        }
        #expect(value("i32", 1) == .int32(-9993))
        #expect(value("i32", 0) == nil)
        #expect(value("b", 3) == .boolean(true))
        #expect(value("u64", 1) == .unsignedInteger(18_446_744_073_709_551_614))
        #expect(value("ts_ms", 1) == .timestamp(ParquetTimestamp(value: 1_767_229_201_250, unit: .millis)))
        #expect(value("dec9", 1) == .decimal(ParquetDecimal(unscaled: 12345 - 5_000_000, scale: 2)))
        #expect(value("day", 1) == .date(daysSinceEpoch: 20454 - 999))
        #expect(value("j", 1) == .json(#"{"k": 1, "v": [1]}"#))
    }

    @Test(arguments: ["format1.parquet", "byte-stream-split.parquet", "int96.parquet"])
    func otherWriterSettings(_ name: String) throws {
        let (reader, expected) = try read(name)
        ReadingTestSupport.expectEqual(
            try ReadingTestSupport.columnTexts(reader),
            expected.filter { name != "format1.parquet" || $0.key != "ts_ns" },
            file: name)
        if name == "int96.parquet" { #expect(reader.column(named: "ts_ms")?.physicalType == .int96) }
        if name == "format1.parquet" {
            // The old format: PLAIN_DICTIONARY pages, UINT32 widened to a plain INT64.
            #expect(reader.metadata.rowGroups[0].columns[0].encodings.contains(2))
            let u32 = try #require(reader.column(named: "u32"))
            #expect(u32.physicalType == .int64 && u32.logicalType == nil)
        }
    }

    @Test func deltaEncodings() throws {
        let (reader, expected) = try read("delta.parquet")
        let encodings = Set(reader.metadata.rowGroups[0].columns.flatMap(\.encodings))
        #expect(encodings.isSuperset(of: [5, 6, 7]))
        ReadingTestSupport.expectEqual(try ReadingTestSupport.columnTexts(reader), expected, file: "delta.parquet")
    }

    @Test func anUnsupportedCodecIsRefusedByName() throws {
        let (reader, expected) = try read("lz4.parquet")
        let error = try #require(throws: ParquetReadError.self) { try reader.readRowGroup(0) }
        #expect(error.code == .unsupported)
        #expect(error.description.contains("LZ4_RAW") && error.description.contains("row group 0"))
        #expect(reader.columns.count == expected.count)
    }
}
