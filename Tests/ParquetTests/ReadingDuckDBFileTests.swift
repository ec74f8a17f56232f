import Parquet
import Testing

/// Files written by DuckDB's `COPY … TO 'x.parquet'` (`FINOPS_TEST_PYTHON`; skipped without it) read by
/// ``ParquetFileReader``, every value compared with what pyarrow reads from the same file, rendered as FOCUS text by
/// Python: the default (snappy, one row group), zstd with small row groups, and `PARQUET_VERSION V2` (DELTA
/// encodings, BYTE_STREAM_SPLIT doubles), all three of the same query; pyarrow reads the default file (pyarrow 26
/// fails on the V2 file's DELTA-encoded UINTEGER column, which DuckDB itself reads). Its INTEGER/BIGINT decimals,
/// UUIDs, JSON and unsigned types are included.
@Suite(.enabled(if: ReaderAgreementTests.python != nil)) struct ReadingDuckDBFileTests {
    static let script = #"""
        import sys, os, json, decimal, datetime as dt, duckdb
        import pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq
        D = decimal.Decimal
        out = sys.argv[1]
        con = duckdb.connect()
        con.execute("SET TimeZone='UTC'")
        query = """
        SELECT
          CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 7 - 10000)::INTEGER END AS i32,
          CASE WHEN i % 12 = 0 THEN NULL ELSE i::BIGINT * 1000000007 - 500000000000 END AS i64,
          CASE WHEN i % 13 = 0 THEN NULL ELSE (i - 1500) / 8 END AS f64,
          CASE WHEN i % 15 = 0 THEN NULL ELSE i % 3 = 0 END AS b,
          CASE WHEN i % 16 = 0 THEN NULL ELSE DATE '2026-01-01' + (i - 1000)::INTEGER END AS day,
          CASE WHEN i % 18 = 0 THEN NULL ELSE make_timestamp((1767225600 - i * 86399) * 1000000 + (i % 3) * 500) END AS ts,
          CASE WHEN i % 17 = 0 THEN NULL ELSE to_timestamp(1767225600 + i * 3601) END AS tstz,
          CASE WHEN i % 21 = 0 THEN NULL ELSE ((i * 12345 - 5000000)::DECIMAL(9,0) * 0.01::DECIMAL(3,2))::DECIMAL(9,2) END AS dec9,
          CASE WHEN i % 22 = 0 THEN NULL
               ELSE (((i - 1500) * 123456789012345)::DECIMAL(18,0) * 0.0001::DECIMAL(4,4))::DECIMAL(18,4) END AS dec18,
          CASE WHEN i % 23 = 0 THEN NULL
               ELSE CAST(CASE WHEN i % 4 = 0 THEN '-' ELSE '' END || (i::HUGEINT * 1000000000000 + i)::VARCHAR || '.'
                         || lpad((i * 100000000000 + 7)::VARCHAR, 18, '0') AS DECIMAL(38,18)) END AS dec38,
          CASE WHEN i % 7 = 0 THEN NULL WHEN i % 3 = 0 THEN 'unique-' || i ELSE 'name-' || (i % 40) END AS s,
          CASE WHEN i % 5 = 0 THEN NULL ELSE ('{"k":' || (i % 3) || '}')::JSON END AS j,
          CASE WHEN i % 9 = 0 THEN NULL ELSE ('00000000-0000-0000-0000-' || lpad(i::VARCHAR, 12, '0'))::UUID END AS u,
          CASE WHEN i % 8 = 0 THEN NULL ELSE ((i % 256) - 128)::TINYINT END AS i8,
          CASE WHEN i % 10 = 0 THEN NULL ELSE (4294967295 - i * 1000)::UINTEGER END AS u32,
          CASE WHEN i % 10 = 0 THEN NULL ELSE (18446744073709551615::UBIGINT - i::UBIGINT) END AS u64
        FROM range(3000) t(i)
        """
        EPOCH = dt.datetime(1970, 1, 1)
        def dec_text(d):
            t = format(d, "f")
            if "." in t: t = t.rstrip("0").rstrip(".")
            return "0" if t in ("-0", "") else t
        def ts_text(v, per, digits):
            secs, frac = divmod(v, per)
            t = (EPOCH + dt.timedelta(seconds=secs)).strftime("%Y-%m-%dT%H:%M:%S")
            if frac:
                t += "." + str(frac).rjust(digits, "0").rstrip("0")
            return t + "Z"
        def texts(path):
            table = pq.read_table(path)
            result = {}
            for field in table.schema:
                column, typ = table.column(field.name), field.type
                if pa.types.is_timestamp(typ):
                    per = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[typ.unit]
                    digits = {"s": 0, "ms": 3, "us": 6, "ns": 9}[typ.unit]
                    values = [None if v is None else ts_text(v, per, digits) for v in pc.cast(column, pa.int64()).to_pylist()]
                else:
                    def text(v):
                        if isinstance(v, bool): return "true" if v else "false"
                        if isinstance(v, D): return dec_text(v)
                        if isinstance(v, float): return dec_text(D(repr(v)))
                        if isinstance(v, dt.date): return v.isoformat()
                        return str(v)
                    values = [None if v is None else text(v) for v in column.to_pylist()]
                result[field.name] = values
            return result
        for name, options in [("default", "FORMAT parquet"),
                              ("zstd", "FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000"),
                              ("v2", "FORMAT parquet, PARQUET_VERSION V2")]:
            path = os.path.join(out, name + ".parquet")
            con.execute(f"COPY ({query}) TO '{path}' ({options})")
            # pyarrow 26 cannot read DuckDB's DELTA-encoded UINTEGER column; the data is the default file's.
            json.dump(texts(os.path.join(out, "default.parquet")), open(os.path.join(out, name + ".json"), "w"))
        """#

    static let fixture = Result { try ReadingTestSupport.generate(script) }

    @Test(arguments: ["default", "zstd", "v2"]) func everyValueAgreesWithPyarrow(_ name: String) throws {
        let fixture = try Self.fixture.get()
        let bytes = try #require(fixture.files[name + ".parquet"])
        let expected = try #require(fixture.expected[name])
        let reader = try ParquetFileReader(bytes: bytes)
        #expect(reader.numRows == 3000)
        #expect(reader.metadata.createdBy?.hasPrefix("DuckDB") == true)
        #expect(expected.count == 16 && reader.columns.count == 16)
        ReadingTestSupport.expectEqual(try ReadingTestSupport.columnTexts(reader), expected, file: name)
    }

    @Test func duckDBTypesMapAsExpected() throws {
        let fixture = try Self.fixture.get()
        let reader = try ParquetFileReader(bytes: try #require(fixture.files["zstd.parquet"]))
        #expect(reader.rowGroupCount > 1)
        let kinds = Dictionary(uniqueKeysWithValues: reader.columns.map { ($0.name, $0.valueKind) })
        #expect(
            kinds["dec9"] == .decimal(scale: 2, precision: 9) && kinds["dec18"] == .decimal(scale: 4, precision: 18))
        #expect(kinds["ts"] == .timestamp(.micros, isAdjustedToUTC: false))
        #expect(kinds["tstz"] == .timestamp(.micros, isAdjustedToUTC: true))
        #expect(kinds["u"] == .uuid && kinds["j"] == .json && kinds["u64"] == .unsignedInteger)
        let u = try #require(reader.columns.firstIndex { $0.name == "u" })
        #expect(try reader.readColumn(u, rowGroup: 0)[1] == .uuid(Array(repeating: 0, count: 15) + [1]))
    }
}
