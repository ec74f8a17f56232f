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
            #expect(fields["x_CastAIListCostFallback"] == "true")
        }
        // The compute rows of the first workload add up to its summary's tier totals (1 h steps).
        let hourly = try decode().rows
        let checkout = (0..<hourly.rowCount).filter { hourly.fields($0)["ResourceName"] == "checkout" }
        #expect(try KubecostChecks.sum(hourly, "BilledCost", rows: checkout) == FocusDecimal("0.1224"))
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
