import Foundation
import Parquet
import Testing

/// Files from ``ParquetFileWriter`` with many pages, a dictionary fallback, several row groups, nulls and an
/// all-null column, read back by pyarrow and DuckDB (`FINOPS_TEST_PYTHON`, set by `make test`) with every value,
/// type and statistic checked by a Python twin of the generator below.
@Suite struct ParquetFileWriterTests {
    static let rows = 30_000

    static let columns = [
        ColumnDescription(name: "s", type: .string), ColumnDescription(name: "d", type: .decimal(scale: 2)),
        ColumnDescription(name: "t", type: .timestampMicros), ColumnDescription(name: "j", type: .json),
        ColumnDescription(name: "n", type: .string),
    ]

    /// Row `i`: `s` repeats 500 names in the first half and is unique after (the dictionary falls back), null every
    /// 7th row; `d` = ((i × 37) mod 100000 − 50000) / 100; `t` = 2026-01-01 + i seconds; `j` a small object, null
    /// every 5th row; `n` always null.
    static func values(_ i: Int) -> [[UInt8]?] {
        let s: String? = i % 7 == 0 ? nil : (i < rows / 2 ? "name-\(i % 500)" : "unique-\(i)")
        let unscaled = Int64((i * 37) % 100_000 - 50_000)
        let decimal =
            Array(repeating: UInt8(unscaled < 0 ? 0xFF : 0), count: 8)
            + withUnsafeBytes(of: unscaled.bigEndian) { Array($0) }
        let micros = Int64(1_767_225_600_000_000) + Int64(i) * 1_000_000
        let json: String? = i % 5 == 0 ? nil : "{\"k\":\(i % 3)}"
        return [
            s.map { Array($0.utf8) }, decimal, withUnsafeBytes(of: micros.littleEndian) { Array($0) },
            json.map { Array($0.utf8) }, nil,
        ]
    }

    static func write(_ options: ParquetWriterOptions) throws -> [UInt8] {
        var file: [UInt8] = []
        var writer = ParquetFileWriter(columns: columns, options: options) { file += $0 }
        for i in 0..<rows {
            for (index, value) in values(i).enumerated() { writer.append(value, to: index) }
            try writer.endRow()
        }
        try writer.finish()
        return file
    }

    static let check = """
        import sys, decimal, datetime as dt, pyarrow.parquet as pq, duckdb
        path, rows, codec = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        f = pq.ParquetFile(path)
        t = f.read()
        assert [str(x.type) for x in t.schema] == ["string", "decimal128(38, 2)", "timestamp[us, tz=UTC]", \
        "extension<arrow.json>", "string"] or [str(x.type) for x in t.schema][:3] == ["string", \
        "decimal128(38, 2)", "timestamp[us, tz=UTC]"], t.schema
        base = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        for i, (s, d, ts, j, n) in enumerate(zip(*[t.column(k).to_pylist() for k in "sdtjn"])):
            es = None if i % 7 == 0 else (f"name-{i % 500}" if i < rows // 2 else f"unique-{i}")
            ed = decimal.Decimal((i * 37) % 100000 - 50000).scaleb(-2)
            ej = None if i % 5 == 0 else '{"k":%d}' % (i % 3)
            assert (s, d, ts, j, n) == (es, ed, base + dt.timedelta(seconds=i), ej, None), (i, s, d, ts, j, n)
        md = f.metadata
        assert md.num_rows == rows and md.num_row_groups > 1, (md.num_rows, md.num_row_groups)
        encodings = set()
        for g in range(md.num_row_groups):
            c = md.row_group(g).column(0)
            encodings |= set(c.encodings)
            assert all(md.row_group(g).column(k).compression == codec for k in range(5)), c.compression
            st = md.row_group(g).column(2).statistics
            assert st.has_min_max and st.min <= st.max and st.null_count == 0
            assert md.row_group(g).column(4).statistics.null_count == md.row_group(g).num_rows
        assert "PLAIN" in encodings and "RLE_DICTIONARY" in encodings, encodings
        r = duckdb.sql(f"SELECT count(*), count(s), sum(d), epoch_us(min(t)), epoch_us(max(t)), count(j), count(n) FROM '{path}'").fetchall()[0]
        assert r[0] == rows and r[1] == rows - (rows + 6) // 7 and r[5] == rows - (rows + 4) // 5 and r[6] == 0, r
        assert (r[3], r[4]) == (1767225600000000, 1767225600000000 + (rows - 1) * 1000000), r
        assert r[2] == sum(decimal.Decimal((i * 37) % 100000 - 50000).scaleb(-2) for i in range(rows)), r
        print("ok", md.num_row_groups)
        """

    func readBack(_ file: [UInt8], codec: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString).parquet")
        try Data(file).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(ReaderAgreementTests.python))
        process.arguments = ["-c", Self.check, path.path, "\(Self.rows)", codec]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    /// Every codec, named as pyarrow reports it in the column chunks' metadata.
    @Test(
        .enabled(if: ReaderAgreementTests.python != nil),
        arguments: [
            (CompressionCodec.uncompressed, "UNCOMPRESSED"), (.gzip, "GZIP"), (.snappy, "SNAPPY"), (.zstd, "ZSTD"),
        ])
    func pyarrowAndDuckDBReadEveryValue(_ codec: CompressionCodec, _ name: String) throws {
        var options = ParquetWriterOptions()
        options.codec = codec
        options.pageSizeLimit = 4 << 10
        options.maxRowsPerPage = 1000
        options.dictionarySizeLimit = 8 << 10
        options.rowGroupSizeLimit = 128 << 10
        let text = try readBack(try Self.write(options), codec: name)
        #expect(text.hasPrefix("ok "), "\(text)")
    }

    @Test func anEmptyFileIsValid() throws {
        var file: [UInt8] = []
        var writer = ParquetFileWriter(columns: Self.columns) { file += $0 }
        try writer.finish()
        #expect(Array(file.prefix(4)) == Array("PAR1".utf8) && Array(file.suffix(4)) == Array("PAR1".utf8))
    }
}
