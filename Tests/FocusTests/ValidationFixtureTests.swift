import Focus
import Testing

/// Real files (focus-toolkit output for aws, azure and gcp) validate without errors under the version they follow.
@Suite struct ValidationFixtureTests {
    @Test(arguments: ValidationFixtures.files)
    func generatedFilesAreConformant(file: (name: String, version: FocusVersion, dataset: FocusDataset)) throws {
        let batch = try ValidationFixtures.batch(file.name)
        let schema = try #require(FocusSchema.schema(file.version, dataset: file.dataset))
        var validator = FocusValidator(schema: schema)
        validator.validate(batch)
        let report = validator.report()
        #expect(report.isClean, "\(report.rendered())")
        #expect(report.totalRows == batch.rowCount)
        // 1.3 still carries the deprecated ProviderName and PublisherName; nothing else is worth a warning.
        let expectedWarnings = file.version == .v1_3 && file.dataset == .costAndUsage ? 2 : 0
        #expect(report.warningCount == expectedWarnings, "\(report.rendered())")
    }

    @Test func anOlderSchemaFlagsNewerColumnsAsUnknown() throws {
        let batch = try ValidationFixtures.batch("validation-focus-1.2-aws.csv")
        var validator = FocusValidator(schema: try #require(FocusSchema.schema(.v1_0)))
        validator.validate(batch)
        let report = validator.report()
        #expect(report.isClean)
        #expect(report.count(of: .unknownColumn) == 14)
    }

    @Test func aBrokenFixtureReportsTheLineOfEachBrokenRow() throws {
        let batch = try ValidationFixtures.batch("validation-focus-1.2-aws.csv")
        let billedCost = try #require(batch.header.index(of: "BilledCost"))
        var rows = (0..<batch.rowCount).map { batch.row($0) }
        rows[4][billedCost] = "12,00"
        rows[9][billedCost] = nil
        var validator = FocusValidator(schema: try #require(FocusSchema.schema(.v1_2)))
        validator.validate(RowBatch(header: batch.header, rows: rows, lineNumbers: (0..<batch.rowCount).map { $0 + 2 }))
        let report = validator.report()
        #expect(report.samples(of: .invalidDecimal).map(\.line) == [6])
        #expect(report.samples(of: .nullNotAllowed).map(\.line) == [11])
    }
}
