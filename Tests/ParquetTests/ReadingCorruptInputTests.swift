import Parquet
import Testing

/// Damaged and hostile files: every truncation and thousands of bit flips of real files must end in a value or a
/// ``ParquetReadError`` (the reader's typed throws make anything else impossible to throw; a trap would crash the
/// test run); declared sizes beyond the limits are refused before anything is allocated for them.
@Suite struct ReadingCorruptInputTests {
    /// A small file of every codec's worth of paths: two row groups, dictionary and PLAIN pages, nulls.
    static func sample(_ codec: CompressionCodec) throws -> [UInt8] {
        var options = ParquetWriterOptions()
        options.codec = codec
        options.maxRowsPerPage = 40
        options.dictionarySizeLimit = 200
        options.rowGroupSizeLimit = 2 << 10
        var file: [UInt8] = []
        var writer = ParquetFileWriter(columns: ParquetFileWriterTests.columns, options: options) { file += $0 }
        for i in 0..<150 {
            for (index, value) in ParquetFileWriterTests.values(i * 97).enumerated() { writer.append(value, to: index) }
            try writer.endRow()
        }
        try writer.finish()
        return file
    }

    /// Reads every value of every row group, typed and as text; returns how many rows there were.
    @discardableResult
    static func readEverything(_ bytes: [UInt8], limits: ParquetReadLimits = .init()) throws(ParquetReadError) -> Int {
        let reader = try ParquetFileReader(bytes: bytes, limits: limits)
        var rows = 0
        for index in 0..<reader.rowGroupCount {
            let group = try reader.readRowGroup(index)
            for row in 0..<group.numRows {
                _ = group.row(row)
                _ = group.textRow(row)
            }
            rows += group.numRows
        }
        return rows
    }

    /// A deterministic generator (SplitMix64), so that a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: CompressionCodec.allCases) func theSampleReads(_ codec: CompressionCodec) throws {
        let file = try Self.sample(codec)
        #expect(try Self.readEverything(file) == 150)
        #expect(try ParquetFileReader(bytes: file).rowGroupCount > 1)
    }

    @Test(arguments: [CompressionCodec.uncompressed, .zstd]) func everyTruncationThrows(_ codec: CompressionCodec)
        throws
    {
        let file = try Self.sample(codec)
        for length in 0..<file.count {
            #expect(throws: ParquetReadError.self, "length \(length)") {
                try Self.readEverything(Array(file[..<length]))
            }
        }
    }

    /// The data cut short while the footer stays: chunks then point past the end of the data.
    @Test func truncatedDataUnderAnIntactFooterThrows() throws {
        let file = try Self.sample(.snappy)
        let footerLength = Int(file[file.count - 8]) | Int(file[file.count - 7]) << 8
        let tail = Array(file.suffix(footerLength + 8))
        let dataEnd = file.count - tail.count
        for length in stride(from: 4, to: dataEnd, by: 7) {
            #expect(throws: ParquetReadError.self, "length \(length)") {
                try Self.readEverything(Array(file[..<length]) + tail)
            }
        }
    }

    @Test(arguments: CompressionCodec.allCases) func bitFlipsNeverCrash(_ codec: CompressionCodec) throws {
        let file = try Self.sample(codec)
        var random = SplitMix(state: UInt64(codec.rawValue) + 1)
        var failures = 0
        let rounds = 1200
        for _ in 0..<rounds {
            var damaged = file
            let flips = Int.random(in: 1...3, using: &random)
            for _ in 0..<flips {
                damaged[Int.random(in: 0..<damaged.count, using: &random)] ^=
                    1 << UInt8.random(in: 0..<8, using: &random)
            }
            do {
                try Self.readEverything(damaged)
            } catch {
                failures += 1
                #expect(!error.description.isEmpty)
            }
        }
        // Most flips land in values (which still decode); many must hit structure.
        #expect(failures > 0 && failures < rounds)
    }

    @Test func notParquetAtAll() {
        for bytes in [[], Array("PAR1".utf8), Array("hello, world, this is text".utf8), Array("PAR1PAR1PAR1".utf8)] {
            let error = #expect(throws: ParquetReadError.self) { try ParquetFileReader(bytes: bytes) }
            #expect(error?.code == .notParquet || error?.code == .truncated || error?.code == .corrupt)
        }
        var encrypted = Array("PAR1".utf8) + [0, 0, 0, 0, 0, 0, 0, 0] + Array("PARE".utf8)
        encrypted[4] = 1
        #expect(throws: ParquetReadError.self) { try ParquetFileReader(bytes: encrypted) }
    }

    @Test func hostileSizesHitTheLimits() throws {
        let file = try Self.sample(.zstd)
        var limits = ParquetReadLimits()
        limits.maxFooterSize = 100
        let footer = #expect(throws: ParquetReadError.self) { try ParquetFileReader(bytes: file, limits: limits) }
        #expect(footer?.code == .limitExceeded)

        limits = ParquetReadLimits()
        limits.maxPageSize = 64
        let page = #expect(throws: ParquetReadError.self) { try Self.readEverything(file, limits: limits) }
        #expect(page?.code == .limitExceeded)
        #expect(page?.rowGroup == 0 && page?.column == "s" && page?.offset == 4)

        limits = ParquetReadLimits()
        limits.maxRowsPerRowGroup = 10
        let rows = #expect(throws: ParquetReadError.self) { try ParquetFileReader(bytes: file, limits: limits) }
        #expect(rows?.code == .limitExceeded && rows?.rowGroup == 0)

        // A footer length larger than the file.
        var long = file
        long[long.count - 5] = 0x7F
        let length = #expect(throws: ParquetReadError.self) { try ParquetFileReader(bytes: long) }
        #expect(length?.code == .truncated)
    }

    /// A page whose header understates its decompressed size: the codec stops at the declared size.
    @Test(arguments: [CompressionCodec.gzip, .snappy, .zstd]) func decompressionIsCappedAtTheDeclaredSize(
        _ codec: CompressionCodec
    ) throws {
        var options = ParquetWriterOptions()
        options.codec = codec
        var file: [UInt8] = []
        var writer = ParquetFileWriter(columns: [ColumnDescription(name: "s", type: .string)], options: options) {
            file += $0
        }
        writer.append(Array(repeating: UInt8(ascii: "a"), count: 5000), to: 0)
        try writer.endRow()
        try writer.finish()
        // The dictionary page header is the first after PAR1: 15 04 | 15 <uncompressed> …; claim 2 bytes less.
        #expect(file[4] == 0x15 && file[5] == 0x04 && file[6] == 0x15)
        var damaged = file
        damaged[7] &-= 4  // zigzag: 2 less
        let error = #expect(throws: ParquetReadError.self) { try Self.readEverything(damaged) }
        #expect(error?.code == .corrupt && error?.offset == 4)
        #expect(try Self.readEverything(file) == 1)
    }

    @Test func errorsSayWhereTheyHappened() {
        let error = ParquetReadError(.corrupt, "bad page", rowGroup: 2, column: "BilledCost", offset: 1234)
        #expect(error.description == "row group 2, column \"BilledCost\", offset 1234: bad page")
        #expect(ParquetReadError(.io, "disk on fire").description == "disk on fire")
    }

    @Test func aMissingFileIsAnIOError() {
        let error = #expect(throws: ParquetReadError.self) {
            try ParquetFileReader(path: "/nonexistent/\(UInt64.random(in: 0...UInt64.max)).parquet")
        }
        #expect(error?.code == .io)
    }
}
