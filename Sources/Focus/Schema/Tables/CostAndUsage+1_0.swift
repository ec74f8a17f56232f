/// FOCUS 1.0 Cost and Usage: 43 columns.
///
/// Source: the FOCUS 1.0 specification, each column's "Content Constraints" table (feature level, allows nulls, data
/// type, value format) and its allowed-values table.
enum CostAndUsage1_0 {
    static let chargeCategories = ["Usage", "Purchase", "Tax", "Credit", "Adjustment"]
    static let chargeClasses = ["Correction"]
    static let chargeFrequencies = ["One-Time", "Recurring", "Usage-Based"]
    static let commitmentDiscountCategories = ["Spend", "Usage"]
    static let commitmentDiscountStatuses = ["Used", "Unused"]
    static let pricingCategories = ["Standard", "Dynamic", "Committed", "Other"]

    static let columns: [FocusColumnSpec] = [
        .recommended("AvailabilityZone", .string, nulls: true),
        .mandatory("BilledCost", .decimal),
        .mandatory("BillingAccountId", .string),
        .mandatory("BillingAccountName", .string, nulls: true),
        .mandatory("BillingCurrency", .string, .currencyCode),
        .mandatory("BillingPeriodEnd", .dateTime),
        .mandatory("BillingPeriodStart", .dateTime),
        .mandatory("ChargeCategory", .string, values: chargeCategories),
        .mandatory("ChargeClass", .string, nulls: true, values: chargeClasses),
        .mandatory("ChargeDescription", .string, nulls: true),
        .recommended("ChargeFrequency", .string, values: chargeFrequencies),
        .mandatory("ChargePeriodEnd", .dateTime),
        .mandatory("ChargePeriodStart", .dateTime),
        .conditional("CommitmentDiscountCategory", .string, nulls: true, values: commitmentDiscountCategories),
        .conditional("CommitmentDiscountId", .string, nulls: true),
        .conditional("CommitmentDiscountName", .string, nulls: true),
        .conditional("CommitmentDiscountStatus", .string, nulls: true, values: commitmentDiscountStatuses),
        .conditional("CommitmentDiscountType", .string, nulls: true),
        .conditional("ConsumedQuantity", .decimal, nulls: true),
        .conditional("ConsumedUnit", .string, nulls: true, .unit),
        .mandatory("ContractedCost", .decimal),
        .conditional("ContractedUnitPrice", .decimal, nulls: true, .nonNegativeDecimal),
        .mandatory("EffectiveCost", .decimal),
        .mandatory("InvoiceIssuerName", .string),
        .mandatory("ListCost", .decimal),
        .conditional("ListUnitPrice", .decimal, nulls: true, .nonNegativeDecimal),
        .conditional("PricingCategory", .string, nulls: true, values: pricingCategories),
        .mandatory("PricingQuantity", .decimal, nulls: true),
        .mandatory("PricingUnit", .string, nulls: true, .unit),
        .mandatory("ProviderName", .string),
        .mandatory("PublisherName", .string),
        .conditional("RegionId", .string, nulls: true),
        .conditional("RegionName", .string, nulls: true),
        .conditional("ResourceId", .string, nulls: true),
        .conditional("ResourceName", .string, nulls: true),
        .conditional("ResourceType", .string, nulls: true),
        .mandatory("ServiceCategory", .string, values: ServiceCategories.categories),
        .mandatory("ServiceName", .string),
        .conditional("SkuId", .string, nulls: true),
        .conditional("SkuPriceId", .string, nulls: true),
        .conditional("SubAccountId", .string, nulls: true),
        .conditional("SubAccountName", .string, nulls: true),
        .conditional("Tags", .json, nulls: true, .keyValue),
    ]
}
