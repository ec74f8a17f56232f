/// The fields of Krateo's `FocusSpec` (`spec.focusSpec` of a `FocusConfig`), each with its FOCUS column and the
/// kind of value it holds.
///
/// Order and JSON keys follow `FocusSpec` in github.com/krateoplatformops/finops-data-types (`api/v1/types.go`),
/// the type Krateo's exporters decode, including its misspelt key `commitmentDiscoutId`. Keys of the older
/// `FocusSpec` in finops-operator-focus (FOCUS 1.0-preview names) are accepted as aliases of their FOCUS 1.x columns.
enum FocusSpecFields {
    /// How a field's JSON value becomes column text.
    enum Kind: Sendable {
        /// Text (a string; numbers and booleans as written).
        case text
        /// A Kubernetes `resource.Quantity` (string or number) written as a plain decimal.
        case decimal
        /// A Kubernetes `metav1.Time` (RFC 3339) written in UTC.
        case dateTime
        /// A list of `{"key": …, "value": …}` written as a JSON object.
        case keyValueList
    }

    /// One known field.
    struct Field: Sendable {
        var key: String
        var column: String
        var kind: Kind
    }

    /// The known fields, in `FocusSpec` order (which is also the column order).
    static let known: [Field] = [
        Field(key: "availabilityZone", column: "AvailabilityZone", kind: .text),
        Field(key: "billedCost", column: "BilledCost", kind: .decimal),
        Field(key: "billingAccountId", column: "BillingAccountId", kind: .text),
        Field(key: "billingAccountName", column: "BillingAccountName", kind: .text),
        Field(key: "billingCurrency", column: "BillingCurrency", kind: .text),
        Field(key: "billingPeriodEnd", column: "BillingPeriodEnd", kind: .dateTime),
        Field(key: "billingPeriodStart", column: "BillingPeriodStart", kind: .dateTime),
        Field(key: "capacityReservationId", column: "CapacityReservationId", kind: .text),
        Field(key: "capacityReservationStatus", column: "CapacityReservationStatus", kind: .text),
        Field(key: "chargeCategory", column: "ChargeCategory", kind: .text),
        Field(key: "chargeClass", column: "ChargeClass", kind: .text),
        Field(key: "chargeDescription", column: "ChargeDescription", kind: .text),
        Field(key: "chargeFrequency", column: "ChargeFrequency", kind: .text),
        Field(key: "chargePeriodEnd", column: "ChargePeriodEnd", kind: .dateTime),
        Field(key: "chargePeriodStart", column: "ChargePeriodStart", kind: .dateTime),
        Field(key: "commitmentDiscountCategory", column: "CommitmentDiscountCategory", kind: .text),
        Field(key: "commitmentDiscoutId", column: "CommitmentDiscountId", kind: .text),
        Field(key: "commitmentDiscountType", column: "CommitmentDiscountType", kind: .text),
        Field(key: "commitmentDiscountStatus", column: "CommitmentDiscountStatus", kind: .text),
        Field(key: "commitmentDiscountName", column: "CommitmentDiscountName", kind: .text),
        Field(key: "commitmentDiscountQuantity", column: "CommitmentDiscountQuantity", kind: .decimal),
        Field(key: "commitmentDiscountUnit", column: "CommitmentDiscountUnit", kind: .text),
        Field(key: "consumedQuantity", column: "ConsumedQuantity", kind: .decimal),
        Field(key: "consumedUnit", column: "ConsumedUnit", kind: .text),
        Field(key: "contractedCost", column: "ContractedCost", kind: .decimal),
        Field(key: "contractedUnitCost", column: "ContractedUnitCost", kind: .decimal),
        Field(key: "effectiveCost", column: "EffectiveCost", kind: .decimal),
        Field(key: "invoiceIssuerName", column: "InvoiceIssuerName", kind: .text),
        Field(key: "listCost", column: "ListCost", kind: .decimal),
        Field(key: "listUnitPrice", column: "ListUnitPrice", kind: .decimal),
        Field(key: "pricingCategory", column: "PricingCategory", kind: .text),
        Field(key: "pricingQuantity", column: "PricingQuantity", kind: .decimal),
        Field(key: "pricingUnit", column: "PricingUnit", kind: .text),
        Field(key: "providerName", column: "ProviderName", kind: .text),
        Field(key: "publisherName", column: "PublisherName", kind: .text),
        Field(key: "regionId", column: "RegionId", kind: .text),
        Field(key: "regionName", column: "RegionName", kind: .text),
        Field(key: "resourceId", column: "ResourceId", kind: .text),
        Field(key: "resourceName", column: "ResourceName", kind: .text),
        Field(key: "resourceType", column: "ResourceType", kind: .text),
        Field(key: "serviceCategory", column: "ServiceCategory", kind: .text),
        Field(key: "serviceName", column: "ServiceName", kind: .text),
        Field(key: "serviceSubcategory", column: "ServiceSubcategory", kind: .text),
        Field(key: "skuId", column: "SkuId", kind: .text),
        Field(key: "skuMeter", column: "SkuMeter", kind: .text),
        Field(key: "skuPriceDetails", column: "SkuPriceDetails", kind: .keyValueList),
        Field(key: "skuPriceId", column: "SkuPriceId", kind: .text),
        Field(key: "subAccountId", column: "SubAccountId", kind: .text),
        Field(key: "subAccountName", column: "SubAccountName", kind: .text),
        Field(key: "tags", column: "Tags", kind: .keyValueList),
    ]

    /// Other keys for known columns: the correct spelling of `commitmentDiscoutId`, and the FOCUS 1.0-preview
    /// names of the older `FocusSpec` (FOCUS 1.0 renamed `Provider`, `Publisher`, `InvoiceIssuer`, `UsageQuantity`,
    /// `UsageUnit`, and split `Region` into `RegionId` and `RegionName`; the old value was the region code).
    static let aliases: [String: String] = [
        "commitmentDiscountId": "CommitmentDiscountId",
        "invoiceIssuer": "InvoiceIssuerName",
        "provider": "ProviderName",
        "publisher": "PublisherName",
        "region": "RegionId",
        "usageQuantity": "ConsumedQuantity",
        "usageUnit": "ConsumedUnit",
    ]

    /// The known columns, in order.
    static let knownColumns = known.map(\.column)

    /// Column position and kind by JSON key (known keys and aliases), with the key's first letter lower-cased.
    static let byKey: [String: (column: Int, kind: Kind)] = {
        var table: [String: (column: Int, kind: Kind)] = [:]
        for (index, field) in known.enumerated() { table[field.key] = (index, field.kind) }
        for (alias, column) in aliases {
            if let index = known.firstIndex(where: { $0.column == column }) {
                table[alias] = (index, known[index].kind)
            }
        }
        return table
    }()

    /// `key` with its first letter lower-cased, so `BilledCost` finds `billedCost`.
    static func lookupKey(_ key: String) -> String {
        guard let first = key.first, first.isASCII, first.isUppercase else { return key }
        return first.lowercased() + key.dropFirst()
    }

    /// The column name for a key that is not a known field: the key with its first letter upper-cased (FOCUS
    /// column names are PascalCase); custom `x_` columns keep their name.
    static func columnName(forUnknownKey key: String) -> String {
        guard !key.hasPrefix("x_"), let first = key.first, first.isASCII, first.isLowercase else { return key }
        return first.uppercased() + key.dropFirst()
    }
}
