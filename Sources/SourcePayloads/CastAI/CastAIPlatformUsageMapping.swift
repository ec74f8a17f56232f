import Focus

/// FOCUS rows for Cast AI's own licence usage (`GET /v1/billing/platform-usage-report`, or the Enterprise
/// organization's `enterprise/usage-report` summed over its child organizations): one row per feature for the month
/// so far, in the header of the workload rows. The API gives usage (billable CPUs) but no price, so every cost
/// is 0 and the usage is ConsumedQuantity; what Cast AI charges for it is on its invoice or marketplace bill.
public enum CastAIPlatformUsageMapping {
    public static func rows(
        _ features: [CastAIFeatureUsage], organizationId: String, scope: String = "organization",
        monthStart: FocusTimestamp, end: FocusTimestamp
    ) -> RowBatch {
        var builder = RowBatchBuilder(header: FocusRowDraft<CastAIColumn>.header)
        var times = TimestampTexts()
        guard monthStart < end else { return builder.finish() }
        for feature in features {
            var draft = FocusRowDraft<CastAIColumn>()
            draft.setUsageCharge(account: organizationId, currency: "USD", start: monthStart, end: end, texts: &times)
            draft.setCosts("0")
            draft.setCastAIParties(organization: organizationId, start: monthStart)
            draft[.serviceName] = feature.displayName ?? feature.feature
            draft[.serviceCategory] = "Management and Governance"
            draft[.serviceSubcategory] = "Cost Management"
            draft[.chargeDescription] = "Cast AI platform usage: \(feature.displayName ?? feature.feature)"
            draft[.resourceId] =
                scope == "organization"
                ? "castai://\(organizationId)/platform/\(feature.feature)"
                : "castai://\(organizationId)/\(scope)/platform/\(feature.feature)"
            draft[.xCastAIBillingScope] = scope
            draft[.resourceName] = feature.displayName ?? feature.feature
            draft[.resourceType] = "Cast AI feature"
            draft[.subAccountId] = organizationId
            draft[.subAccountName] = organizationId
            draft[.skuId] = "castai-platform-\(feature.feature)"
            let quantity = FocusText.quantity(feature.usage)
            draft[.consumedQuantity] = quantity
            draft[.consumedUnit] = quantity == nil ? nil : feature.unit ?? "CPU"
            draft[.xCastAIOrganizationId] = organizationId
            draft[.xCastAICostComponent] = "platform"
            draft[.xCastAIFreeOfCharge] = feature.freeOfCharge ? "true" : "false"
            draft[.xCastAICreditsApplied] = feature.creditsApplied.flatMap { FocusText.quantity($0) }
            builder.append(draft)
        }
        return builder.finish()
    }
}
