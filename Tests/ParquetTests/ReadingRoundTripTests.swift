import Foundation
import Parquet
import Testing

/// Files from our own ``ParquetFileWriter`` read back by ``ParquetFileReader``: every codec, dictionary fallback to
/// PLAIN, several pages and row groups, nulls, an all-null column, decimals, timestamps and JSON, value for value.
@Suite struct ReadingRoundTripTests {
    /// The writer test's generator: 30,000 rows where `s` falls back from dictionary to PLAIN half-way.
    static let rows = ParquetFileWriterTests.rows

    /// Small pages, dictionaries and row groups, so that every path is taken many times.
    static func options(_ codec: CompressionCodec) -> ParquetWriterOptions {
        var options = ParquetWriterOptions()
        options.codec = codec
        options.pageSizeLimit = 4 << 10
        options.maxRowsPerPage = 1000
        options.dictionarySizeLimit = 8 << 10
        options.rowGroupSizeLimit = 128 << 10
        return options
    }

    /// The text ``ParquetValueFormatter`` should give for row `i` of ``ParquetFileWriterTests/values(_:)``.
    static func expectedText(_ i: Int) -> [String?] {
        let s: String? = i % 7 == 0 ? nil : (i < rows / 2 ? "name-\(i % 500)" : "unique-\(i)")
        let unscaled = (i * 37) % 100_000 - 50_000
        let magnitude = abs(unscaled)
        var fraction = String(magnitude % 100)
        if fraction.count == 1 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let decimal =
            unscaled == 0
            ? "0" : (unscaled < 0 ? "-" : "") + "\(magnitude / 100)" + (fraction.isEmpty ? "" : "." + fraction)
        let seconds = i % 60
        let minutes = i / 60 % 60
        let hours = i / 3600
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let timestamp = "2026-01-01T\(two(hours)):\(two(minutes)):\(two(seconds))Z"
        let json: String? = i % 5 == 0 ? nil : "{\"k\":\(i % 3)}"
        return [s, decimal, timestamp, json, nil]
    }

    @Test(arguments: [CompressionCodec.uncompressed, .gzip, .snappy, .zstd])
    func everyValueComesBack(_ codec: CompressionCodec) throws {
        let file = try ParquetFileWriterTests.write(Self.options(codec))
        let reader = try ParquetFileReader(bytes: file)
        #expect(reader.numRows == Self.rows)
        #expect(reader.rowGroupCount > 1)
        #expect(reader.columns.map(\.name) == ["s", "d", "t", "j", "n"])
        #expect(
            reader.columns.map(\.logicalType) == [
                .string, .decimal(scale: 2, precision: 38), .timestamp(unit: .micros, isAdjustedToUTC: true), .json,
                .string,
            ])
        #expect(reader.metadata.createdBy == "finops-operator version 0.0.0")
        #expect(reader.metadata.rowGroups.allSatisfy { $0.columns.allSatisfy { $0.codec == codec } })
        var rows = reader.rows()
        var index = 0
        while let row = try rows.nextText() {
            let text = row.map { $0.map { String(decoding: $0, as: UTF8.self) } }
            guard text == Self.expectedText(index) else {
                Issue.record("row \(index): \(text) != \(Self.expectedText(index))")
                return
            }
            index += 1
        }
        #expect(index == Self.rows)
    }

    @Test func typedValuesMatchTheBytesWritten() throws {
        let file = try ParquetFileWriterTests.write(Self.options(.zstd))
        let reader = try ParquetFileReader(bytes: file)
        var rows = reader.rows()
        var index = 0
        while let row = try rows.next() {
            let written = ParquetFileWriterTests.values(index)
            #expect(row[0] == written[0].map { .string(String(decoding: $0, as: UTF8.self)) })
            #expect(row[1] == .decimal(ParquetDecimal(unscaledBytes: written[1] ?? [], scale: 2)))
            let micros = Int64(1_767_225_600_000_000) + Int64(index) * 1_000_000
            #expect(row[2] == .timestamp(ParquetTimestamp(value: micros, unit: .micros)))
            #expect(row[3] == written[3].map { .json(String(decoding: $0, as: UTF8.self)) })
            #expect(row[4] == nil)
            index += 1
            if index == 2000 { break }
        }
    }

    @Test func theDictionaryFallbackIsReadAcrossPlainPages() throws {
        let file = try ParquetFileWriterTests.write(Self.options(.snappy))
        let reader = try ParquetFileReader(bytes: file)
        let encodings = Set(reader.metadata.rowGroups.flatMap { $0.columns[0].encodings })
        #expect(encodings.isSuperset(of: [0, 8]))
        var total = 0
        for group in 0..<reader.rowGroupCount {
            let values = try reader.readColumn(0, rowGroup: group)
            #expect(values.count == Int(reader.metadata.rowGroups[group].numRows))
            for row in 0..<values.count {
                let expected = Self.expectedText(total + row)[0]
                #expect(values.text(row).map { String(decoding: $0, as: UTF8.self) } == expected)
            }
            total += values.count
        }
        #expect(total == Self.rows)
    }

    /// The three ways in: a path, a closure over any storage, bytes in memory; the same rows from each.
    @Test func filesClosuresAndBytesReadAlike() throws {
        let file = try ParquetFileWriterTests.write(Self.options(.zstd))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("read-\(UUID().uuidString).parquet")
        try Data(file).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let fromPath = try ParquetFileReader(path: path.path)
        let fromClosure = try ParquetFileReader(size: file.count) { offset, count in
            Array(file[offset..<offset + count])
        }
        let fromBytes = try ParquetFileReader(bytes: file)
        #expect(fromPath.metadata == fromBytes.metadata && fromClosure.metadata == fromBytes.metadata)
        let last = fromBytes.rowGroupCount - 1
        for reader in [fromPath, fromClosure] {
            let group = try reader.readRowGroup(last)
            let expected = try fromBytes.readRowGroup(last)
            #expect((0..<group.numRows).allSatisfy { group.textRow($0) == expected.textRow($0) })
        }
    }

    @Test func aFailingSourceIsAnIOError() throws {
        struct Unplugged: Error {}
        let file = try ParquetFileWriterTests.write(Self.options(.uncompressed))
        let reader = try ParquetFileReader(size: file.count) { offset, count in
            guard offset != 4 else { throw Unplugged() }  // the first column chunk
            return Array(file[offset..<offset + count])
        }
        let error = #expect(throws: ParquetReadError.self) { try reader.readRowGroup(0) }
        #expect(error?.code == .io && error?.rowGroup == 0 && error?.column == "s" && error?.offset == 4)
        #expect(error?.description.contains("Unplugged") == true)
    }

    @Test func anAllNullColumnIsAllNull() throws {
        let reader = try ParquetFileReader(bytes: try ParquetFileWriterTests.write(Self.options(.uncompressed)))
        let group = try reader.readRowGroup(0)
        #expect(group.columns[4].nullCount == group.numRows)
        #expect(group.columns[0].nullCount == (0..<group.numRows).filter { $0 % 7 == 0 }.count)
    }

    @Test func anEmptyFileHasColumnsAndNoRows() throws {
        var file: [UInt8] = []
        var writer = ParquetFileWriter(columns: ParquetFileWriterTests.columns) { file += $0 }
        try writer.finish()
        let reader = try ParquetFileReader(bytes: file)
        #expect(reader.columns.count == 5 && reader.numRows == 0 && reader.rowGroupCount == 0)
        var rows = reader.rows()
        #expect(try rows.next() == nil)
    }

    @Test func decimalsAtTheEdgesOfDecimal38() throws {
        // ±(10^20 − 10^−18) and friends at scale 18: the FOCUS decimal column.
        let nines = Int128("99999999999999999999999999999999999999") ?? 0
        let values: [Int128] = [0, 1, -1, 1_234_500_000_000_000_000_000, -250_000_000_000_000_000, nines, -nines]
        var file: [UInt8] = []
        var writer = ParquetFileWriter(columns: [ColumnDescription(name: "d", type: .decimal(scale: 18))]) {
            file += $0
        }
        for value in values {
            writer.append(withUnsafeBytes(of: value.bigEndian) { Array($0) }, to: 0)
            try writer.endRow()
        }
        try writer.finish()
        let group = try ParquetFileReader(bytes: file).readRowGroup(0)
        let text = (0..<group.numRows).map { group.columns[0].text($0).map { String(decoding: $0, as: UTF8.self) } }
        #expect(
            text == [
                "0", "0.000000000000000001", "-0.000000000000000001", "1234.5", "-0.25",
                "99999999999999999999.999999999999999999", "-99999999999999999999.999999999999999999",
            ])
        #expect(group.columns[0][3] == .decimal(ParquetDecimal(unscaled: 1_234_500_000_000_000_000_000, scale: 18)))
        #expect(ParquetDecimal(unscaled: nines, scale: 18).unscaled == nines)
    }

    @Test func theGoldenFileReadsBack() throws {
        let reader = try ParquetFileReader(bytes: ReaderAgreementTests.goldenFile())
        var rows = reader.rows()
        var text: [[String?]] = []
        while let row = try rows.nextText() { text.append(row.map { $0.map { String(decoding: $0, as: UTF8.self) } }) }
        #expect(text == [["aws", "1.5"], [nil, "-0.25"], ["aws", "1.5"]])
    }
}
