import Foundation
import Parquet
import Testing

/// The golden file assembled from our pieces (page headers, levels, indices, footer) is the design note's 386 bytes,
/// and real readers (pyarrow, DuckDB: `FINOPS_TEST_PYTHON`, set by `make test`) read it back with the right values
/// and types.
@Suite struct ReaderAgreementTests {
    static let python = ProcessInfo.processInfo.environment["FINOPS_TEST_PYTHON"]

    /// "PAR1", per column its dictionary page and one data page, the footer, its length, "PAR1".
    static func goldenFile() -> [UInt8] {
        var file = Array("PAR1".utf8)
        var columns: [ColumnMetaData] = []
        let stringDictionary = [3, 0, 0, 0] + Array("aws".utf8)
        let decimalDictionary =
            GoldenFileTests.decimal16(1_500_000_000_000_000_000) + GoldenFileTests.decimal16(-250_000_000_000_000_000)
        let chunks:
            [(
                name: String, type: PhysicalType, dictionary: [UInt8], entries: Int, present: [Bool],
                indices: [UInt32], statistics: Statistics
            )] = [
                (
                    "s", .byteArray, stringDictionary, 1, [true, false, true], [0, 0],
                    Statistics(nullCount: 1, maxValue: Array("aws".utf8), minValue: Array("aws".utf8))
                ),
                (
                    "d", .fixedLenByteArray, decimalDictionary, 2, [true, true, true], [0, 1, 0],
                    Statistics(
                        nullCount: 0, maxValue: GoldenFileTests.decimal16(1_500_000_000_000_000_000),
                        minValue: GoldenFileTests.decimal16(-250_000_000_000_000_000))
                ),
            ]
        for chunk in chunks {
            let dictionaryOffset = file.count
            let dictionaryHeader = PageHeader(
                kind: .dictionary(numValues: Int32(chunk.entries)), uncompressedSize: Int32(chunk.dictionary.count),
                compressedSize: Int32(chunk.dictionary.count)
            ).encoded
            file += dictionaryHeader + chunk.dictionary
            let body =
                RLEHybridEncoder.definitionLevels(chunk.present)
                + RLEHybridEncoder.dictionaryIndices(chunk.indices, dictionarySize: chunk.entries)
            let dataOffset = file.count
            let dataHeader = PageHeader(
                kind: .data(numValues: Int32(chunk.present.count), encoding: .rleDictionary),
                uncompressedSize: Int32(body.count), compressedSize: Int32(body.count)
            ).encoded
            file += dataHeader + body
            let size = Int64(file.count - dictionaryOffset)
            columns.append(
                ColumnMetaData(
                    type: chunk.type, encodings: [.plain, .rle, .rleDictionary], path: [chunk.name],
                    codec: .uncompressed, numValues: 3, totalUncompressedSize: size, totalCompressedSize: size,
                    dataPageOffset: Int64(dataOffset), dictionaryPageOffset: Int64(dictionaryOffset),
                    statistics: chunk.statistics,
                    encodingStats: [
                        PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1),
                        PageEncodingStats(pageType: .dataPage, encoding: .rleDictionary, count: 1),
                    ]))
        }
        let footer = FileMetaData(
            schema: [
                .root(children: 2), SchemaElement(type: .byteArray, name: "s", logicalType: .string),
                SchemaElement(
                    type: .fixedLenByteArray, typeLength: 16, name: "d",
                    logicalType: .decimal(scale: 18, precision: 38)),
            ], numRows: 3, rowGroups: [RowGroup(columns: columns, numRows: 3, fileOffset: 4)],
            createdBy: "finops-operator version 0.0.0"
        ).encoded
        file += footer + withUnsafeBytes(of: UInt32(footer.count).littleEndian) { Array($0) } + Array("PAR1".utf8)
        return file
    }

    @Test func thePiecesMakeTheGoldenFile() {
        let file = Self.goldenFile()
        #expect(file.count == 386)
        #expect(Array(file[121..<378]) == GoldenFileTests.hex(GoldenFileTests.footerHex))
        #expect(Array(file[41..<50]) == GoldenFileTests.hex("02000000 0305 01 0400"))
        #expect(Array(file[112..<121]) == GoldenFileTests.hex("02000000 0601 01 0302"))
    }

    @Test(.enabled(if: python != nil)) func pyarrowAndDuckDBReadItBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID().uuidString).parquet")
        try Data(Self.goldenFile()).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let script = """
            import sys, pyarrow.parquet as pq, duckdb
            t = pq.read_table(sys.argv[1])
            print(t.schema.field("s").type, t.schema.field("d").type)
            print(t.column("s").to_pylist(), [str(v) for v in t.column("d").to_pylist()])
            print(duckdb.sql(f"SELECT s, CAST(d AS VARCHAR) FROM '{sys.argv[1]}'").fetchall())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python))
        process.arguments = ["-c", script, path.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "string decimal128(38, 18)")
        #expect(
            lines.dropFirst().first
                == "['aws', None, 'aws'] ['1.500000000000000000', '-0.250000000000000000', '1.500000000000000000']")
        #expect(
            lines.dropFirst(2).first
                == "[('aws', '1.500000000000000000'), (None, '-0.250000000000000000'), ('aws', '1.500000000000000000')]"
        )
    }
}
