/// FOCUS 1.3 Cost and Usage: the 57 columns of 1.2 and 8 new ones (65).
///
/// 1.3 introduced split cost allocation (Allocated*), the link to the Contract Commitment dataset (ContractApplied)
/// and the split of the provider into ServiceProviderName and HostProviderName, deprecating ProviderName and
/// PublisherName (still Mandatory in 1.3, removed later).
enum CostAndUsage1_3 {
    static let delta = ColumnTableDelta(
        added: [
            .recommended("AllocatedMethodDetails", .json, nulls: true, .jsonObject, since: .v1_3),
            .conditional("AllocatedMethodId", .string, nulls: true, since: .v1_3),
            .conditional("AllocatedResourceId", .string, nulls: true, since: .v1_3),
            .conditional("AllocatedResourceName", .string, nulls: true, since: .v1_3),
            .conditional("AllocatedTags", .json, nulls: true, .keyValue, since: .v1_3),
            .conditional("ContractApplied", .json, nulls: true, .jsonObject, since: .v1_3),
            .mandatory("HostProviderName", .string, nulls: true, since: .v1_3),
            .mandatory("ServiceProviderName", .string, since: .v1_3),
        ],
        deprecated: ["ProviderName", "PublisherName"])
}
