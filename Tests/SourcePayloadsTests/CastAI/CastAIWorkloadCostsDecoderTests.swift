import Focus
import Testing

@testable import SourcePayloads

@Suite struct CastAIWorkloadCostsDecoderTests {
    static var options: CastAIMappingOptions {
        var options = CastAIMappingOptions(clusterId: "8d7e6f1a-0c2b-4f3e-9a11-2b7c5d4e3f21")
        options.clusterName = "prod-eks"
        options.organizationId = "org-1"
        options.providerType = "eks"
        options.regionId = "eu-central-1"
        options.regionName = "Europe (Frankfurt)"
        options.clusterTags = ["env": "prod", "cost-center": "CC-7"]
        return options
    }

    func decode(_ options: CastAIMappingOptions = Self.options) throws -> DecodedPayload {
        try CastAIWorkloadCostsDecoder(options: options).decode(Fixtures.bytes("castai-workload-costs.json"))
    }

    @Test func oneRowPerWorkloadStepAndTierWithCostPlusStorage() throws {
        let decoded = try decode()
        let rows = decoded.rows
        #expect(
            rows.column("x_CastAIPricingTier") == ["on-demand", "spot", nil, "on-demand", "spot-fallback", "spot"])
        #expect(
            rows.column("x_CastAICostComponent") == ["compute", "compute", "storage", "compute", "compute", "compute"])
        #expect(
            rows.column("BilledCost") == ["0.0421", "0.0133", "0.002", "0.04", "0.025", "0.5"], "hourly rate × 1 h")
        #expect(rows.column("PricingCategory") == ["Standard", "Dynamic", nil, "Standard", "Standard", "Dynamic"])
        #expect(
            rows.column("ResourceId").first
                == "castai://8d7e6f1a-0c2b-4f3e-9a11-2b7c5d4e3f21/shop/Deployment/checkout")
        #expect(rows.column("InvoiceId").first == "CASTAI-org-1-2025-06")
        #expect(rows.column("HostProviderName").first == "AWS")
        #expect(rows.column("ConsumedQuantity").first == "1.5")
        #expect(rows.column("ChargePeriodEnd")[3] == "2025-06-01T02:00:00Z")
        #expect(
            rows.column("Tags").first == #"{"team":"payments","env":"staging","cost-center":"CC-7"}"#,
            "workload labels win over cluster tags")
        #expect(
            decoded.problems.map(\.description) == [
                "$.items[2]: workload skipped: expected an object, found string",
                "$.items[3]: workload skipped: no workloadName",
            ])
    }

    @Test func costsAreRatesTimesStepHoursAndTheInvariantsHold() throws {
        var options = Self.options
        options.stepSeconds = 86_400
        let rows = try decode(options).rows
        #expect(rows.column("BilledCost").first == "1.0104", "0.0421 per hour over a day")
        #expect(rows.column("ChargePeriodEnd").first == "2025-06-02T00:00:00Z")
        for row in 0..<rows.rowCount {
            let fields = rows.fields(row)
            let billed = try KubecostChecks.decimal(fields["BilledCost"])
            let list = try KubecostChecks.decimal(fields["ListCost"])
            let contracted = try KubecostChecks.decimal(fields["ContractedCost"])
            #expect(list >= contracted && contracted >= .zero)
            #expect(fields["EffectiveCost"] == fields["BilledCost"] && billed >= .zero)
            if fields["x_CastAICostComponent"] == "compute" {
                #expect(fields["x_CastAIListCostSource"] == "billed-cost")
                #expect(fields["x_CastAIContractedCostSource"] == "list-cost")
            }
        }
        // The compute rows of the first workload add up to its summary's tier totals (1 h steps).
        let hourly = try decode().rows
        let checkout = (0..<hourly.rowCount).filter { hourly.fields($0)["ResourceName"] == "checkout" }
        #expect(try KubecostChecks.sum(hourly, "BilledCost", rows: checkout) == FocusDecimal("0.1224"))
    }

    @Test func unitPricesGiveListAndContractedCostsAndListIsNeverBelowContracted() throws {
        var options = Self.options
        // On-demand step 1 of checkout: 1.5 vCPU and 3 GiB for one hour.
        options.listPrices = CastAIUnitPrices(cpuHourly: 0.02, memoryGiBHourly: 0.005)
        options.contractedPrices = CastAIUnitPrices(cpuHourly: 0.01, memoryGiBHourly: 0.002)
        var rows = try decode(options).rows
        var first = rows.fields(0)
        #expect(first["BilledCost"] == "0.0421" && first["EffectiveCost"] == "0.0421")
        #expect(first["ListCost"] == "0.045", "1.5 × 0.02 + 3 × 0.005")
        #expect(first["ContractedCost"] == "0.021", "1.5 × 0.01 + 3 × 0.002")
        #expect(first["ListUnitPrice"] == "0.03" && first["ContractedUnitPrice"] == "0.014", "per vCPU-hour")
        #expect(first["x_CastAIListCostSource"] == "default-pricing")
        #expect(first["x_CastAIContractedCostSource"] == "cluster-prices")

        // Contracted prices above the list: ListCost is raised to ContractedCost, and says so.
        options.contractedPrices = CastAIUnitPrices(cpuHourly: 0.1, memoryGiBHourly: 0)
        rows = try decode(options).rows
        first = rows.fields(0)
        #expect(first["ListCost"] == "0.15" && first["ContractedCost"] == "0.15")
        #expect(first["x_CastAIListCostSource"] == "contracted-cost")
        let storage = rows.fields(2)
        #expect(storage["x_CastAICostComponent"] == "storage" && storage["ListCost"] == storage["BilledCost"])
        let report = try KubecostChecks.report(rows)
        #expect(report.errorCount == 0, "\(report.rendered())")
    }

    @Test func discountsCoveringARowAreNamedAndExcludedNamespacesLeftOut() throws {
        var options = Self.options
        options.excludedNamespaces = ["analytics"]
        options.discounts = [
            CastAIDiscount(id: "d1", name: "EDP", lifeCycles: ["LIFECYCLE_ON_DEMAND"]),
            CastAIDiscount(id: "d2", clusters: ["another-cluster"]),
            CastAIDiscount(id: "d3", name: "old", end: FocusTimestamp("2025-05-01T00:00:00Z")),
            CastAIDiscount(id: "d4", enabled: false),
            CastAIDiscount(id: "d5", lifeCycles: ["LIFECYCLE_SPOT"]),
        ]
        let rows = try decode(options).rows
        #expect(rows.column("ResourceName").allSatisfy { $0 == "checkout" })
        #expect(rows.column("x_CastAIDiscounts") == [#"["EDP"]"#, #"["d5"]"#, nil, #"["EDP"]"#, #"["EDP"]"#])
    }

    @Test func platformUsageBecomesZeroCostRowsOfTheMonthSoFar() throws {
        let features = try CastAIFeatureUsage.report(
            PayloadJSON.parse(
                Array(
                    #"{"subscriptions":[],"features":[{"feature":"phase2","displayName":"Node Autoscaler","usage":412.5,"unit":"CPU","creditsApplied":10,"freeOfCharge":{"isFreeOfCharge":false}},{"feature":"woop","usage":"x"}]}"#
                        .utf8)))
        #expect(features.map(\.feature) == ["phase2"])
        let end = try #require(FocusTimestamp("2025-06-10T00:00:00Z"))
        let rows = CastAIPlatformUsageMapping.rows(
            features, organizationId: "org-1", monthStart: end.calendarMonth.start, end: end)
        let row = rows.fields(0)
        #expect(row["BilledCost"] == "0" && row["ConsumedQuantity"] == "412.5" && row["ConsumedUnit"] == "CPU")
        #expect(row["ChargePeriodStart"] == "2025-06-01T00:00:00Z" && row["InvoiceId"] == "CASTAI-org-1-2025-06")
        let report = try KubecostChecks.report(rows)
        #expect(report.errorCount == 0, "\(report.rendered())")
    }

    @Test func rowsPassOurFOCUS13Validator() throws {
        let report = try KubecostChecks.report(try decode().rows)
        #expect(report.errorCount == 0, "\(report.rendered())")
    }

    @Test func anErrorAnswerIsTheSourcesReportedError() throws {
        #expect(throws: PayloadError.self) {
            try CastAIWorkloadCostsDecoder(options: Self.options).decode(
                Array(#"{"message":"cluster not found"}"#.utf8))
        }
    }
}
