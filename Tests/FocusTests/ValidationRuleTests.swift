import Focus
import Testing

/// Each rule, triggered by a small batch; row `i` of a batch sits on line `i + 2`.
@Suite struct ValidationRuleTests {
    /// A conformant FOCUS 1.3 Cost and Usage row with the columns the rules look at.
    static let goodRow: [String: String] = [
        "BilledCost": "12.50", "BillingAccountId": "100000000001", "BillingAccountName": "Example",
        "BillingCurrency": "USD", "BillingPeriodStart": "2024-01-01T00:00:00Z",
        "BillingPeriodEnd": "2024-02-01T00:00:00Z",
        "ChargeCategory": "Usage", "ChargeDescription": "EC2 usage", "ChargeFrequency": "Usage-Based",
        "ChargePeriodStart": "2024-01-01T00:00:00Z", "ChargePeriodEnd": "2024-01-01T01:00:00Z",
        "ContractedCost": "12.50", "EffectiveCost": "12.50", "InvoiceIssuerName": "AWS", "ListCost": "12.50",
        "ListUnitPrice": "0.125", "PricingQuantity": "100", "PricingUnit": "Hours", "ProviderName": "AWS",
        "PublisherName": "AWS", "ServiceProviderName": "AWS", "HostProviderName": "AWS", "ServiceCategory": "Compute",
        "ServiceSubcategory": "Virtual Machines", "ServiceName": "Amazon EC2", "Tags": #"{"team":"payments"}"#,
        "CommitmentDiscountId": "ri-1", "CommitmentDiscountCategory": "Usage", "CommitmentDiscountType": "Reserved",
        "CommitmentDiscountStatus": "Used",
    ]
    /// The good row's columns and ChargeClass, which is null unless a row is a correction.
    static let columns = (goodRow.keys + ["ChargeClass"]).sorted()

    private func report(
        _ rows: [[String: String]], columns: [String] = ValidationRuleTests.columns, version: FocusVersion = .v1_3,
        options: FocusValidator.Options = .init()
    ) throws -> ValidationReport {
        var validator = FocusValidator(schema: try #require(FocusSchema.schema(version)), options: options)
        validator.validate(makeBatch(columns: columns, rows: rows))
        return validator.report()
    }

    /// The good row with some fields changed (`nil` makes a field null).
    private func row(_ changes: [String: String?]) -> [String: String] {
        var row = Self.goodRow
        for (name, value) in changes { row[name] = value }
        return row
    }

    private func lines(_ report: ValidationReport, _ rule: ValidationRule) -> [Int?] {
        report.samples(of: rule).map(\.line)
    }

    @Test func goodRowsAreClean() throws {
        let report = try report([Self.goodRow, Self.goodRow])
        #expect(report.totalRows == 2)
        #expect(report.isClean)
        // Only the deprecated ProviderName and PublisherName are worth a warning.
        #expect(report.results.map(\.rule) == [.deprecatedColumn])
    }

    @Test func missingMandatoryColumn() throws {
        let report = try report([Self.goodRow], columns: Self.columns.filter { $0 != "BilledCost" })
        #expect(report.count(of: .missingMandatoryColumn) == 1)
        let issue = try #require(report.samples(of: .missingMandatoryColumn).first)
        #expect(issue.column == "BilledCost")
        #expect(issue.line == nil)
        #expect(!report.isClean)
    }

    @Test func unknownColumnsWarnButCustomColumnsPass() throws {
        let report = try report([row(["Foo": "1", "x_Bar": "2"])], columns: Self.columns + ["Foo", "x_Bar"])
        #expect(report.samples(of: .unknownColumn).map(\.column) == ["Foo"])
        #expect(report.isClean)
        let older = try self.report([Self.goodRow], version: .v1_0)
        let messages = older.samples(of: .unknownColumn).filter { $0.column == "ServiceSubcategory" }.map(\.message)
        #expect(messages == ["introduced in FOCUS 1.1, not part of FOCUS 1.0 Cost and Usage"])
    }

    @Test func deprecatedColumnsWarnFrom1_3() throws {
        #expect(
            try report([Self.goodRow]).samples(of: .deprecatedColumn).map(\.column) == [
                "ProviderName", "PublisherName",
            ])
        #expect(try report([Self.goodRow], version: .v1_2).count(of: .deprecatedColumn) == 0)
    }

    @Test func nullNotAllowed() throws {
        let report = try report([Self.goodRow, row(["BilledCost": nil]), row(["ChargeCategory": nil])])
        #expect(lines(report, .nullNotAllowed) == [3, 4])
        #expect(report.samples(of: .nullNotAllowed).map(\.column) == ["BilledCost", "ChargeCategory"])
        #expect(report.samples(of: .nullNotAllowed).first?.rendered == "line 3, column BilledCost: null is not allowed")
    }

    @Test func invalidAllowedValueIsCaseSensitive() throws {
        let report = try report([row(["ChargeCategory": "usage"]), Self.goodRow, row(["ServiceCategory": ""])])
        #expect(lines(report, .invalidAllowedValue) == [2, 4])
        #expect(
            report.samples(of: .invalidAllowedValue).first?.rendered
                == #"line 2, column ChargeCategory: "usage" is not an allowed value"#)
    }

    @Test func invalidDecimal() throws {
        let report = try report([
            Self.goodRow, row(["BilledCost": "abc"]), row(["ListCost": "1,5"]), row(["EffectiveCost": ""]),
            row(["ContractedCost": "1.5E-7"]),
        ])
        #expect(lines(report, .invalidDecimal) == [3, 4, 5])
        #expect(
            report.samples(of: .invalidDecimal).first?.rendered == #"line 3, column BilledCost: "abc" is not a decimal"#
        )
    }

    @Test func negativeUnitPrice() throws {
        let report = try report([
            row(["ListUnitPrice": "-0.01"]), row(["ListUnitPrice": "0"]), row(["BilledCost": "-5"]),
        ])
        #expect(lines(report, .negativeValue) == [2])
    }

    @Test func invalidDateTime() throws {
        let report = try report([row(["ChargePeriodStart": "2024-02-30T00:00:00Z"]), row(["BillingPeriodEnd": "soon"])])
        #expect(lines(report, .invalidDateTime) == [2, 3])
        #expect(report.count(of: .chargePeriodOrder) == 0)
    }

    @Test func dateTimeWithoutZOnlyWarns() throws {
        let report = try report([
            row(["ChargePeriodStart": "2024-01-01T00:00:00", "ChargePeriodEnd": "2024-01-01T03:00:00+02:00"])
        ])
        #expect(report.count(of: .dateTimeNotUTC) == 2)
        #expect(report.isClean)
        // +02:00 converts to 01:00Z, still after the start of 00:00Z (read as UTC).
        #expect(report.count(of: .chargePeriodOrder) == 0)
    }

    @Test func invalidJSON() throws {
        let report = try report([
            row(["Tags": "{bad"]), row(["Tags": "[1,2]"]), row(["Tags": #"{"a":{"b":[1,2.5e3,true,null]}}"#]),
            row(["Tags": "{}"]), row(["Tags": #"{"a":"b"} x"#]),
        ])
        #expect(lines(report, .invalidJSON) == [2, 3, 6])
    }

    @Test func chargePeriodMustStartBeforeItEnds() throws {
        let report = try report([
            row(["ChargePeriodEnd": "2024-01-01T00:00:00Z"]), Self.goodRow,
            row(["ChargePeriodStart": "2024-01-02T00:00:00Z"]),
        ])
        #expect(lines(report, .chargePeriodOrder) == [2, 4])
        #expect(
            report.samples(of: .chargePeriodOrder).first?.rendered
                == #"line 2, column ChargePeriodStart: "2024-01-01T00:00:00Z" is not before "#
                + #"ChargePeriodEnd "2024-01-01T00:00:00Z""#)
    }

    @Test func billingPeriodMustStartBeforeItEnds() throws {
        let report = try report([Self.goodRow, row(["BillingPeriodStart": "2024-03-01T00:00:00Z"])])
        #expect(lines(report, .billingPeriodOrder) == [3])
    }

    @Test func serviceSubcategoryMustBelongToTheCategory() throws {
        let report = try report([
            row(["ServiceCategory": "Storage"]), Self.goodRow,
            row(["ServiceCategory": "Storage", "ServiceSubcategory": "Object Storage"]),
            row(["ServiceSubcategory": "Nonsense"]),
        ])
        #expect(lines(report, .serviceSubcategoryMismatch) == [2])
        #expect(lines(report, .invalidAllowedValue) == [5])
        #expect(
            report.samples(of: .serviceSubcategoryMismatch).first?.message
                == #""Virtual Machines" belongs to ServiceCategory "Compute", not "Storage""#)
    }

    @Test func currencyCodeIsThreeUpperCaseLetters() throws {
        let report = try report([row(["BillingCurrency": "usd"]), row(["BillingCurrency": "EURO"]), Self.goodRow])
        #expect(lines(report, .invalidCurrencyCode) == [2, 3])
    }

    @Test func nullConsistencyBetweenDependentColumns() throws {
        let report = try report([
            row(["CommitmentDiscountId": nil, "CommitmentDiscountCategory": nil, "CommitmentDiscountType": nil]),
            row(["CommitmentDiscountId": nil, "CommitmentDiscountCategory": nil, "CommitmentDiscountType": nil]),
            row(["CommitmentDiscountCategory": nil]),
            row(["PricingQuantity": nil]),
        ])
        // Rows 1 and 2 keep a Status without an Id; row 3 lacks the Category of its Id; row 4 a unit without quantity.
        #expect(lines(report, .nullConsistency) == [2, 3, 4, 5])
        #expect(
            report.samples(of: .nullConsistency).map(\.column) == [
                "CommitmentDiscountStatus", "CommitmentDiscountStatus", "CommitmentDiscountCategory", "PricingUnit",
            ])
    }

    @Test func readerFindingsJoinTheReport() throws {
        var validator = FocusValidator(schema: try #require(FocusSchema.schema(.v1_3)))
        validator.record(
            ValidationIssue(rule: .malformedRow, line: 9, column: nil, message: "row has 3 fields, header has 65"))
        let report = validator.report()
        #expect(report.count(of: .malformedRow) == 1)
        #expect(report.samples(of: .malformedRow).first?.rendered == "line 9: row has 3 fields, header has 65")
        #expect(!report.isClean)
    }

    @Test func countsEverythingButKeepsOnlyTheFirstSamples() throws {
        let long = String(repeating: "x", count: 200)
        let rows = (0..<50).map { _ in row(["BilledCost": long]) }
        let report = try report(rows, options: .init(samplesPerRule: 3, maxValueLength: 10))
        #expect(report.count(of: .invalidDecimal) == 50)
        #expect(lines(report, .invalidDecimal) == [2, 3, 4])
        #expect(report.samples(of: .invalidDecimal).first?.value == String(repeating: "x", count: 10) + "…")
    }

    @Test func streamsAcrossBatchesAndHeaders() throws {
        var validator = FocusValidator(schema: try #require(FocusSchema.schema(.v1_3)))
        validator.validate(makeBatch(columns: Self.columns, rows: [Self.goodRow, row(["BilledCost": "x"])]))
        validator.validate(makeBatch(columns: Self.columns, rows: [row(["BilledCost": "y"])]))
        #expect(validator.report().count(of: .deprecatedColumn) == 2)
        validator.validate(makeBatch(columns: ["Foo"], rows: [["Foo": "1"]]))
        let report = validator.report()
        #expect(report.totalRows == 4)
        #expect(report.count(of: .invalidDecimal) == 2)
        #expect(report.count(of: .unknownColumn) == 1)
    }

    @Test func rendersASummaryAndOneLinePerRule() throws {
        let report = try report([Self.goodRow, row(["BilledCost": "abc"]), row(["ListCost": "1,5"])], version: .v1_2)
        #expect(
            report.rendered() == """
                FOCUS 1.2 Cost and Usage, 3 rows: 2 errors, 2 warnings
                error   invalid-decimal (2): A Decimal column holds something that is not a number.
                    line 3, column BilledCost: "abc" is not a decimal
                    line 4, column ListCost: "1,5" is not a decimal
                warning unknown-column (2): A column is neither defined in this FOCUS version nor custom (x_ prefix).
                    column HostProviderName: introduced in FOCUS 1.3, not part of FOCUS 1.2 Cost and Usage
                    column ServiceProviderName: introduced in FOCUS 1.3, not part of FOCUS 1.2 Cost and Usage

                """)
    }

    /// Property: arbitrary bytes in every column never crash the validator; every finding has a rule and a line.
    @Test func garbageNeverCrashes() throws {
        var random = SeededRandom(seed: 11)
        let alphabet = Array(#"0123456789.-+eEZT:{}[]",\ azé€"#)
        let rows = (0..<300).map { _ in
            Dictionary(
                uniqueKeysWithValues: Self.columns.compactMap { name -> (String, String)? in
                    guard Int.random(in: 0..<8, using: &random) != 0 else { return nil }
                    let length = Int.random(in: 0..<30, using: &random)
                    return (name, String((0..<length).map { _ in alphabet.randomElement(using: &random) ?? "x" }))
                })
        }
        let report = try report(rows)
        #expect(report.totalRows == 300)
        #expect(!report.isClean)
        for result in report.results where result.rule != .deprecatedColumn {
            #expect(result.samples.allSatisfy { $0.line != nil })
        }
    }
}
