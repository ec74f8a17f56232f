import Exposition
import Focus

/// `finops_resource_billed_cost`: the BilledCost of the resources that cost most in a poll, one series per resource.
///
/// The cost gauges aggregate over the allowlisted labels, which leave ResourceId out (a large account has hundreds of
/// thousands of resources: one series each would meet the series cap). A "top resources" panel still needs them, so
/// this family keeps only the `limit` most expensive resources (per billing currency) of the poll: bounded
/// cardinality, whatever the account's size. Rows without a ResourceId or a decimal BilledCost are not counted.
struct TopResources {
    /// Series kept per poll.
    static let defaultLimit = 100
    static let metricName = "finops_resource_billed_cost"
    /// The labels, each from the first row of the resource that has the column.
    static let columns = [
        ("ResourceId", "resource_id"), ("ResourceName", "resource_name"), ("ResourceType", "resource_type"),
        ("ServiceName", "service_name"), ("ProviderName", "provider_name"), ("SubAccountId", "sub_account_id"),
        ("BillingCurrency", "billing_currency"),
    ]

    let limit: Int

    private struct Resource {
        var labels: [String]
        var cost: Double
    }

    /// Renders the family into `builder` when `header` has ResourceId and BilledCost; nothing otherwise.
    func render(_ batches: [RowBatch], header: FocusHeader, into builder: ExpositionBuilder) throws {
        guard limit > 0, let idColumn = header.index(of: "ResourceId"), let costColumn = header.index(of: "BilledCost")
        else { return }
        let labelColumns = Self.columns.map { header.index(of: $0.0) }
        let currencyColumn = header.index(of: "BillingCurrency")
        var resources: [String: Resource] = [:]
        for batch in batches {
            for row in 0..<batch.rowCount {
                guard let id = batch.string(row: row, column: idColumn), !id.isEmpty,
                    let cost = batch.withBytes(row: row, column: costColumn, { FocusDecimal.parse($0) }) ?? nil
                else { continue }
                let currency = currencyColumn.flatMap { batch.string(row: row, column: $0) } ?? ""
                let key = currency.isEmpty ? id : id + "\u{0}" + currency
                if resources[key] == nil {
                    let labels = labelColumns.map { column in column.flatMap { batch.string(row: row, column: $0) } }
                    resources[key] = Resource(labels: labels.map { $0 ?? "" }, cost: 0)
                }
                resources[key]!.cost += cost.doubleValue
            }
        }
        guard !resources.isEmpty else { return }
        let top = resources.values.sorted {
            $0.cost != $1.cost ? $0.cost > $1.cost : $0.labels.lexicographicallyPrecedes($1.labels)
        }
        .prefix(limit)
        let family = try MetricFamily(
            name: Self.metricName,
            help: "BilledCost of the \(limit) resources that cost most in the last complete poll (per currency).",
            type: .gauge, labelNames: Self.columns.map(\.1))
        try builder.family(family) { series in
            for resource in top { try series.append(labelValues: resource.labels, value: resource.cost) }
        }
    }
}
