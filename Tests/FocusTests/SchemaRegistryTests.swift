import Focus
import Testing

@Suite struct SchemaRegistryTests {
    private func schema(_ version: FocusVersion, _ dataset: FocusDataset = .costAndUsage) throws -> FocusSchema {
        try #require(FocusSchema.schema(version, dataset: dataset))
    }

    @Test(arguments: [(FocusVersion.v1_0, 43), (.v1_1, 50), (.v1_2, 57), (.v1_3, 65)])
    func costAndUsageHasTheSpecsColumnCount(version: FocusVersion, count: Int) throws {
        let schema = try schema(version)
        #expect(schema.columns.count == count)
        #expect(Set(schema.columns.map(\.name)).count == count)
        #expect(schema.columns.map(\.name) == schema.columns.map(\.name).sorted())
        #expect(schema.columns.allSatisfy { $0.introducedIn <= version })
    }

    @Test func contractCommitmentExistsFrom1_3WithThirteenMandatoryColumns() throws {
        for version in [FocusVersion.v1_0, .v1_1, .v1_2] {
            #expect(FocusSchema.schema(version, dataset: .contractCommitment) == nil)
        }
        let schema = try schema(.v1_3, .contractCommitment)
        #expect(schema.columns.count == 13)
        #expect(schema.mandatoryColumns.count == 13)
        #expect(schema.column(named: "ContractCommitmentCategory")?.allowedValues == ["Spend", "Usage"])
        #expect(schema.column(named: "ContractCommitmentQuantity")?.allowsNulls == true)
        #expect(schema.column(named: "ContractCommitmentPeriodStart")?.dataType == .dateTime)
    }

    @Test func eachVersionAddsItsColumns() throws {
        let added: [FocusVersion: Set<String>] = [
            .v1_1: [
                "CapacityReservationId", "CapacityReservationStatus", "CommitmentDiscountQuantity",
                "CommitmentDiscountUnit", "ServiceSubcategory", "SkuMeter", "SkuPriceDetails",
            ],
            .v1_2: [
                "BillingAccountType", "InvoiceId", "PricingCurrency", "PricingCurrencyContractedUnitPrice",
                "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice", "SubAccountType",
            ],
            .v1_3: [
                "AllocatedMethodDetails", "AllocatedMethodId", "AllocatedResourceId", "AllocatedResourceName",
                "AllocatedTags", "ContractApplied", "HostProviderName", "ServiceProviderName",
            ],
        ]
        for (previous, version) in zip(FocusVersion.allCases, FocusVersion.allCases.dropFirst()) {
            let before = Set(try schema(previous).columns.map(\.name))
            let after = Set(try schema(version).columns.map(\.name))
            #expect(after.subtracting(before) == added[version])
            #expect(before.isSubset(of: after))
            for name in after.subtracting(before) {
                #expect(try schema(version).column(named: name)?.introducedIn == version)
            }
        }
    }

    @Test func mandatoryColumnsFollowTheSpec() throws {
        let v1_0: Set = [
            "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
            "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd",
            "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity",
            "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
        ]
        #expect(Set(try schema(.v1_0).mandatoryColumns.map(\.name)) == v1_0)
        #expect(Set(try schema(.v1_1).mandatoryColumns.map(\.name)) == v1_0)
        #expect(Set(try schema(.v1_2).mandatoryColumns.map(\.name)) == v1_0)
        #expect(
            Set(try schema(.v1_3).mandatoryColumns.map(\.name))
                == v1_0.union(["HostProviderName", "ServiceProviderName"]))
    }

    @Test func providerAndPublisherAreDeprecatedIn1_3() throws {
        for name in ["ProviderName", "PublisherName"] {
            #expect(try schema(.v1_2).column(named: name)?.deprecatedIn == nil)
            let column = try #require(try schema(.v1_3).column(named: name))
            #expect(column.deprecatedIn == .v1_3)
            #expect(column.featureLevel == .mandatory)
        }
        #expect(try schema(.v1_3).columns.filter { $0.deprecatedIn != nil }.count == 2)
    }

    @Test func typesNullabilityAndFormatsOfKeyColumns() throws {
        let schema = try schema(.v1_3)
        func column(_ name: String) throws -> FocusColumnSpec { try #require(schema.column(named: name)) }
        #expect(try column("BilledCost").dataType == .decimal)
        #expect(try column("BilledCost").allowsNulls == false)
        #expect(try column("ListUnitPrice").valueFormat == .nonNegativeDecimal)
        #expect(try column("PricingQuantity").allowsNulls == true)
        #expect(try column("ChargeClass").allowsNulls == true)
        #expect(try column("ChargeFrequency").featureLevel == .recommended)
        #expect(try column("ChargeFrequency").allowsNulls == false)
        #expect(try column("ServiceSubcategory").featureLevel == .recommended)
        #expect(try column("InvoiceId").featureLevel == .recommended)
        #expect(try column("BillingCurrency").valueFormat == .currencyCode)
        #expect(try column("PricingCurrency").valueFormat == .currency)
        #expect(try column("ServiceProviderName").allowsNulls == false)
        for json in ["Tags", "SkuPriceDetails", "AllocatedMethodDetails", "AllocatedTags", "ContractApplied"] {
            #expect(try column(json).dataType == .json)
        }
        for time in ["BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"] {
            #expect(try column(time).dataType == .dateTime)
        }
    }

    @Test func allowedValuesFollowTheSpec() throws {
        let schema = try schema(.v1_3)
        #expect(
            schema.column(named: "ChargeCategory")?.allowedValues == [
                "Usage", "Purchase", "Tax", "Credit", "Adjustment",
            ])
        #expect(schema.column(named: "ChargeClass")?.allowedValues == ["Correction"])
        #expect(schema.column(named: "ChargeFrequency")?.allowedValues == ["One-Time", "Recurring", "Usage-Based"])
        #expect(
            schema.column(named: "PricingCategory")?.allowedValues == ["Standard", "Dynamic", "Committed", "Other"])
        #expect(schema.column(named: "CommitmentDiscountCategory")?.allowedValues == ["Spend", "Usage"])
        #expect(schema.column(named: "CommitmentDiscountStatus")?.allowedValues == ["Used", "Unused"])
        #expect(schema.column(named: "CapacityReservationStatus")?.allowedValues == ["Used", "Unused"])
        #expect(schema.column(named: "ServiceCategory")?.allowedValues?.count == 19)
        #expect(schema.column(named: "ServiceSubcategory")?.allowedValues?.count == 82)
    }

    @Test func everySubcategoryHasOneParentCategory() throws {
        #expect(try schema(.v1_0).serviceSubcategoryParents.isEmpty)
        let schema = try schema(.v1_2)
        let categories = try #require(schema.column(named: "ServiceCategory")?.allowedValues)
        let subcategories = try #require(schema.column(named: "ServiceSubcategory")?.allowedValues)
        #expect(Set(schema.serviceSubcategoryParents.keys) == subcategories)
        #expect(Set(schema.serviceSubcategoryParents.values) == categories)
        #expect(schema.serviceSubcategoryParents["Virtual Machines"] == "Compute")
        #expect(schema.serviceSubcategoryParents["Other (Other)"] == "Other")
        #expect(schema.serviceSubcategories(of: "Mobile") == ["Other (Mobile)"])
        for category in categories {
            #expect(schema.serviceSubcategories(of: category).contains("Other (\(category))"))
        }
    }

    @Test func customColumnsCarryTheXPrefix() {
        #expect(FocusSchema.isCustomColumn("x_ChargeType"))
        #expect(!FocusSchema.isCustomColumn("X_ChargeType"))
        #expect(!FocusSchema.isCustomColumn("ChargeType"))
    }

    @Test func versionsOrderByRelease() {
        #expect(FocusVersion.allCases.sorted() == [.v1_0, .v1_1, .v1_2, .v1_3])
        #expect(FocusVersion(rawValue: "1.2") == .v1_2)
        #expect(FocusVersion.latest == .v1_3)
    }
}
