import Testing

@testable import Exposition

@Suite struct NameSanitizingTests {
    @Test(arguments: ["a", "_a", "a:b", ":a", "finops_billed_cost", "A9_:"])
    func validMetricNames(name: String) {
        #expect(MetricName.isValid(name))
    }

    @Test(arguments: ["", "9a", "a-b", "a.b", "a b", "é"])
    func invalidMetricNames(name: String) {
        #expect(!MetricName.isValid(name))
    }

    @Test(arguments: [
        ("billed cost", "billed_cost"), ("9lives", "_9lives"), ("", "_"), ("a:b", "a:b"), ("Coût", "Co_t"),
        ("x-y.z", "x_y_z"),
    ])
    func metricNamesAreSanitized(text: String, expected: String) {
        #expect(MetricName.sanitize(text) == expected)
        #expect(MetricName.isValid(MetricName.sanitize(text)))
    }

    @Test(arguments: ["a", "_a", "BillingAccountId", "x_Custom_Tag", "a9"])
    func validLabelNames(name: String) {
        #expect(LabelName.isValid(name))
    }

    @Test(arguments: ["", "__name__", "__a", "9a", "a-b", "a:b", "Tags.env"])
    func invalidOrReservedLabelNames(name: String) {
        #expect(!LabelName.isValid(name))
    }

    @Test(arguments: [
        ("x_Custom-Tag", "x_Custom_Tag"), ("Tags.env", "Tags_env"), ("1stTag", "_1stTag"), ("", "_"),
        ("__name__", "_name__"), ("___x", "_x"), ("__", "_"), ("a:b", "a_b"), ("Coût", "Co_t"), ("東京", "_"),
        ("BillingAccountId", "BillingAccountId"),
    ])
    func labelNamesAreSanitizedPreservingCase(text: String, expected: String) {
        let name = LabelName.sanitize(text)
        #expect(name == expected)
        #expect(LabelName.isValid(name))
    }

    @Test func everySanitizedLabelNameIsValid() {
        var random = SeededRandom(seed: 3)
        let alphabet = Array("aZ09_-.:é東 ")
        for _ in 0..<2_000 {
            let text = String((0..<Int(random.next() % 8)).map { _ in alphabet[Int(random.next() % 11)] })
            for style in [LabelName.Style.preserve, .snakeCase] {
                let name = LabelName.sanitize(text, style: style)
                #expect(LabelName.isValid(name), "\(text) → \(name)")
            }
        }
    }

    @Test(arguments: [
        ("BillingAccountId", "billing_account_id"), ("x_CostCenter", "x_cost_center"),
        ("HTTPRequests", "http_requests"), ("SkuPriceId", "sku_price_id"), ("already_snake", "already_snake"),
        ("ChargePeriodStart", "charge_period_start"), ("x_Custom-Tag", "x_custom_tag"), ("Tags.env", "tags_env"),
        ("Region2Id", "region2_id"),
    ])
    func snakeCaseFollowsPrometheusConvention(text: String, expected: String) {
        #expect(LabelName.sanitize(text, style: .snakeCase) == expected)
    }
}
