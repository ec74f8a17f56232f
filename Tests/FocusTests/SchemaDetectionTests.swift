import Focus
import Testing

@Suite struct SchemaDetectionTests {
    @Test(arguments: ValidationFixtures.files)
    func detectsTheVersionOfRealHeaders(file: (name: String, version: FocusVersion, dataset: FocusDataset)) throws {
        let detection = FocusSchema.detect(try ValidationFixtures.batch(file.name).header)
        #expect(detection.version == file.version)
        #expect(detection.dataset == file.dataset)
        #expect(detection.isComplete)
        #expect(detection.compatibleVersions.first == file.version)
    }

    @Test func headerWithoutDistinguishingColumnsFitsSeveralVersions() throws {
        let header = try ValidationFixtures.batch("validation-focus-1.0-gcp.csv").header
        #expect(FocusSchema.detect(header).compatibleVersions == [.v1_0, .v1_1, .v1_2])
    }

    @Test func distinguishingColumnsRuleOutOlderVersions() throws {
        let base = try #require(FocusSchema.schema(.v1_0)).mandatoryColumns.map(\.name)
        #expect(FocusSchema.detect(FocusHeader(base + ["SkuMeter"])).version == .v1_1)
        #expect(FocusSchema.detect(FocusHeader(base + ["SkuMeter", "InvoiceId"])).version == .v1_2)
        #expect(FocusSchema.detect(FocusHeader(base + ["x_Custom", "Unknown"])).version == .v1_0)
    }

    @Test func reportsMissingMandatoryColumnsOfTheNewestEvidence() throws {
        let v1_3 = try #require(FocusSchema.schema(.v1_3))
        let names = v1_3.columns.map(\.name).filter { $0 != "HostProviderName" && $0 != "BilledCost" }
        let detection = FocusSchema.detect(FocusHeader(names))
        #expect(detection.version == .v1_3)
        #expect(detection.missingMandatoryColumns == ["BilledCost", "HostProviderName"])
        #expect(!detection.isComplete)
        #expect(detection.compatibleVersions.isEmpty)
    }

    @Test func detectsContractCommitmentByItsColumns() {
        let detection = FocusSchema.detect(FocusHeader(["ContractCommitmentId", "ContractId", "BillingCurrency"]))
        #expect(detection.dataset == .contractCommitment)
        #expect(detection.version == .v1_3)
        #expect(detection.missingMandatoryColumns.count == 10)
    }

    @Test func headerOfStrangersFallsBackToOldestCostAndUsage() {
        let detection = FocusSchema.detect(FocusHeader(["date", "cost"]))
        #expect(detection.dataset == .costAndUsage)
        #expect(detection.version == .v1_0)
        #expect(detection.missingMandatoryColumns.count == 21)
    }
}
