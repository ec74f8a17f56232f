import Testing

@testable import Focus

/// A real FOCUS 1.3 export: 50 AWS rows from `focus-toolkit generate --provider aws --focus-version 1.3 --rows 50
/// --seed 1` (LF line ends, JSON columns quoted with doubled quotes). Expected values were taken from Python's
/// `csv` module on the same file.
@Suite struct CSVFixtureTests {
    static let name = "csv-focus-1.3-aws-50.csv"

    @Test func readsTheWholeExport() throws {
        let bytes = try CSVTest.fixture(Self.name)
        let result = try CSVReader.read(bytes)
        #expect(result.header.count == 65)
        #expect(result.header.names.first == "ProviderName")
        #expect(result.header.names.last == "Tags")
        #expect(result.rowCount == 50)
        #expect(result.issues.isEmpty)
        #expect(result.batches.flatMap(\.lineNumbers) == Array(2...51))
        let rows = CSVTest.rows(result.batches)
        #expect(rows.allSatisfy { $0.count == 65 })
        // Python's csv reads 664 empty fields; every one is null here.
        #expect(rows.joined().filter { $0 == nil }.count == 664)
        let details = try #require(result.header.index(of: "SkuPriceDetails"))
        let tags = try #require(result.header.index(of: "Tags"))
        let chargeClass = try #require(result.header.index(of: "ChargeClass"))
        #expect(rows[0][details] == #"{"x_ChargeType":"SubscriptionFee"}"#)
        #expect(
            rows[1][details]
                == #"{"InstanceType":"m6i.large","InstanceSeries":"M6i","CoreCount":2,"MemorySize":8,"OperatingSystem":"Linux","x_Tenancy":"Shared"}"#
        )
        #expect(rows[49][tags] == #"{"Environment":"prod","CostCenter":"cc-1042","Owner":"team-payments"}"#)
        #expect(rows.allSatisfy { $0[chargeClass] == nil })
    }

    @Test func readsTheSameInEveryChunkSize() throws {
        let bytes = try CSVTest.fixture(Self.name)
        let whole = try CSVTest.read(bytes)
        for size in [1, 2, 3, 5, 8, 13, 63, 64, 65, 100, 1_000, 4_096, 10_000] {
            #expect(try CSVTest.read(bytes, chunkSize: size) == whole, "chunk size \(size)")
        }
    }

    @Test func writerReproducesTheExportByteForByte() throws {
        // The export quotes exactly where the writer does.
        let bytes = try CSVTest.fixture(Self.name)
        let result = try CSVReader.read(bytes, options: CSVReadOptions(batchByteBudget: 10_000))
        #expect(result.batches.count > 1)
        #expect(CSVWriter.write(header: result.header, batches: result.batches) == bytes)
    }

    @Test func counterAgreesWithTheReader() throws {
        let bytes = try CSVTest.fixture(Self.name)
        var counter = CSVRecordCounter()
        bytes.withUnsafeBytes { counter.feed($0) }
        try counter.finish()
        #expect(counter.records == 51)
        #expect(counter.fields == 51 * 65)
    }
}
