/// FOCUS 1.3 Contract Commitment: 13 columns, all Mandatory.
///
/// A supporting dataset, present when the service provider supports contract commitments; one row per commitment,
/// joined to Cost and Usage through the ContractCommitmentId inside ContractApplied.
enum ContractCommitment1_3 {
    static let contractCommitmentCategories = ["Spend", "Usage"]

    static let columns: [FocusColumnSpec] = [
        .mandatory("BillingCurrency", .string, nulls: true, .currencyCode, since: .v1_3),
        .mandatory("ContractCommitmentCategory", .string, values: contractCommitmentCategories, since: .v1_3),
        .mandatory("ContractCommitmentCost", .decimal, nulls: true, since: .v1_3),
        .mandatory("ContractCommitmentDescription", .string, nulls: true, since: .v1_3),
        .mandatory("ContractCommitmentId", .string, since: .v1_3),
        .mandatory("ContractCommitmentPeriodEnd", .dateTime, since: .v1_3),
        .mandatory("ContractCommitmentPeriodStart", .dateTime, since: .v1_3),
        .mandatory("ContractCommitmentQuantity", .decimal, nulls: true, since: .v1_3),
        .mandatory("ContractCommitmentType", .string, since: .v1_3),
        .mandatory("ContractCommitmentUnit", .string, nulls: true, .unit, since: .v1_3),
        .mandatory("ContractId", .string, since: .v1_3),
        .mandatory("ContractPeriodEnd", .dateTime, since: .v1_3),
        .mandatory("ContractPeriodStart", .dateTime, since: .v1_3),
    ]
}
