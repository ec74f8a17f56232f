/// FOCUS 1.2 Cost and Usage: the 50 columns of 1.1 and 7 new ones (57).
///
/// 1.2 introduced invoice IDs, billing and sub account types, and pricing-currency prices and costs (for providers
/// that price in one currency, possibly virtual, and bill in another).
enum CostAndUsage1_2 {
    static let delta = ColumnTableDelta(added: [
        .conditional("BillingAccountType", .string, since: .v1_2),
        .recommended("InvoiceId", .string, nulls: true, since: .v1_2),
        .conditional("PricingCurrency", .string, .currency, since: .v1_2),
        .conditional("PricingCurrencyContractedUnitPrice", .decimal, nulls: true, .nonNegativeDecimal, since: .v1_2),
        .conditional("PricingCurrencyEffectiveCost", .decimal, since: .v1_2),
        .conditional("PricingCurrencyListUnitPrice", .decimal, nulls: true, .nonNegativeDecimal, since: .v1_2),
        .conditional("SubAccountType", .string, nulls: true, since: .v1_2),
    ])
}
