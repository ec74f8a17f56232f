/// FOCUS 1.1 Cost and Usage: the 43 columns of 1.0 and 7 new ones (50).
///
/// 1.1 introduced capacity reservations, commitment discount quantities, SKU meters and price details, and the
/// Recommended ServiceSubcategory with one parent ServiceCategory per subcategory.
enum CostAndUsage1_1 {
    static let capacityReservationStatuses = ["Used", "Unused"]

    static let delta = ColumnTableDelta(added: [
        .conditional("CapacityReservationId", .string, nulls: true, since: .v1_1),
        .conditional(
            "CapacityReservationStatus", .string, nulls: true, values: capacityReservationStatuses, since: .v1_1),
        .conditional("CommitmentDiscountQuantity", .decimal, nulls: true, since: .v1_1),
        .conditional("CommitmentDiscountUnit", .string, nulls: true, .unit, since: .v1_1),
        .recommended("ServiceSubcategory", .string, values: ServiceCategories.subcategories, since: .v1_1),
        .conditional("SkuMeter", .string, nulls: true, since: .v1_1),
        .conditional("SkuPriceDetails", .json, nulls: true, .keyValue, since: .v1_1),
    ])
}
