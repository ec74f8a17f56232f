import Exposition
import FinOpsAPI
import Focus

/// How FOCUS rows become the `billed_cost` gauge.
///
/// - `focus` (default): the allowlisted columns present in the header become snake_case labels (`BillingAccountId`
///   → `billing_account_id`, as Prometheus naming asks); rows with equal labels are summed, so the series count
///   follows the label cardinality, not the row count.
/// - `krateo`: every column except `x_` ones becomes a label (Tags flattened the way Krateo's exporter did), the
///   shape of Krateo's dashboards. Label names stay as the columns are named (PascalCase), which promtool's linter
///   flags as style, not as an error.
/// The value is BilledCost; rows whose BilledCost is null or not a decimal are left out of the gauge (the
/// validator reports them) but kept in `/rows`. In `focus` mode the other FOCUS costs present in the header become
/// gauges with the same labels (``companionCosts``: `effective_cost`, `list_cost`, `contracted_cost`), so that a
/// dashboard can set list against contracted, billed and effective cost, and the most expensive resources get their own
/// bounded family (``TopResources``); `krateo` mode keeps Krateo's single gauge.
public struct CostExposition: Sendable, Hashable {
    /// `generic` is Krateo's `generic` metric type: every column but the value column, names kept.
    public enum LabelMode: String, Sendable, Hashable { case focus, krateo, generic }

    /// Where a row's value is: a named column (BilledCost) or, for `generic`, a zero-based column index.
    public enum ValueColumn: Sendable, Hashable {
        case named(String)
        case index(Int)
    }

    public var labelMode: LabelMode
    public var labels: [String]
    public var maxSeries: Int
    public var metricName: String
    public var valueColumn: ValueColumn
    public var help: String
    /// How rows with equal labels merge: summed for costs, the last one for usage readings.
    public var duplicatePolicy: DuplicatePolicy = .sum

    public static let billedCostHelp =
        "FOCUS BilledCost of the last complete poll, summed over rows with equal labels (in BillingCurrency)."

    /// The FOCUS cost columns besides BilledCost that `focus` mode exposes, with their metric names.
    public static let companionCosts: [(column: String, metricName: String)] = [
        ("EffectiveCost", "effective_cost"), ("ListCost", "list_cost"), ("ContractedCost", "contracted_cost"),
    ]

    public init(
        labelMode: LabelMode = .focus, labels: [String] = ExporterConfigFile.Exposition.defaultLabels,
        maxSeries: Int = ExporterConfigFile.Exposition.defaultMaxSeries, metricName: String = "billed_cost",
        valueColumn: ValueColumn = .named("BilledCost"), help: String = Self.billedCostHelp
    ) {
        self.labelMode = labelMode
        self.labels = labels
        self.maxSeries = maxSeries
        self.metricName = metricName
        self.valueColumn = valueColumn
        self.help = help
    }

    /// Krateo's `generic` metric type: `metricName` (made a valid metric name), value at `valueColumnIndex`.
    public static func generic(_ generic: ExporterConfigFile.Generic, maxSeries: Int? = nil) -> CostExposition {
        CostExposition(
            labelMode: .generic, labels: [],
            maxSeries: max(1, maxSeries ?? ExporterConfigFile.Exposition.defaultMaxSeries),
            metricName: MetricName.sanitize(generic.metricName), valueColumn: .index(generic.valueColumnIndex),
            help: "Values of column \(generic.valueColumnIndex) of the source, as its rows give them.")
    }

    /// From the exporter configuration; an unknown label mode is a configuration error.
    public init(_ file: ExporterConfigFile.Exposition?) throws(SourceError) {
        let mode = file?.labelMode ?? LabelMode.focus.rawValue
        guard let labelMode = LabelMode(rawValue: mode) else {
            throw SourceError(.configuration, "exposition.labelMode must be focus or krateo, not \(mode).")
        }
        self.init(
            labelMode: labelMode, labels: file?.labels ?? ExporterConfigFile.Exposition.defaultLabels,
            maxSeries: max(1, file?.maxSeries ?? ExporterConfigFile.Exposition.defaultMaxSeries))
    }

    /// Usage metrics (metricType `resource`): `finops_usage{resource_id, metric_name, unit}` = the latest average.
    public static func usage(maxSeries: Int? = nil) -> CostExposition {
        var exposition = CostExposition(
            labelMode: .focus, labels: ["ResourceId", "metricName", "unit"],
            maxSeries: max(1, maxSeries ?? ExporterConfigFile.Exposition.defaultMaxSeries), metricName: "finops_usage",
            valueColumn: .named("average"),
            help: "Latest average of each usage metric of each resource, as the provider's metrics API reports it.")
        exposition.duplicatePolicy = .last
        return exposition
    }

    /// The position of the value column in `header`, if it has one.
    func valueIndex(in header: FocusHeader) -> Int? {
        switch valueColumn {
        case .named(let name): header.index(of: name)
        case .index(let index): index >= 0 && index < header.count ? index : nil
        }
    }

    /// The columns of `header` that become labels, in header order.
    func labelColumns(of header: FocusHeader) -> [Int] {
        switch labelMode {
        case .generic:
            let value = valueIndex(in: header)
            return header.names.indices.filter { $0 != value }
        case .focus:
            let wanted = Set(labels)
            return header.names.indices.filter { wanted.contains(header.names[$0]) }
        case .krateo:
            return header.names.indices.filter { !FocusSchema.isCustomColumn(header.names[$0]) }
        }
    }

    /// Renders the gauge for `batches` into `builder` (and, in `focus` mode over a BilledCost header, the companion
    /// cost gauges); returns rows left out of the main gauge because their value was unusable.
    func render(_ batches: [RowBatch], header: FocusHeader, into builder: ExpositionBuilder) throws -> Int {
        guard let valueIndex = valueIndex(in: header) else {
            if case .index(let index) = valueColumn {
                throw SourceError(
                    .configuration,
                    "generic.valueColumnIndex \(index) is outside the source's \(header.count) columns "
                        + "(\(header.names.prefix(12).joined(separator: ", "))).")
            }
            return 0
        }
        let columns = labelColumns(of: header)
        let mapping = LabelNameMapping(
            columns: columns.map { header.names[$0] }, style: labelMode == .focus ? .snakeCase : .preserve)
        let unusable = try renderFamily(
            metricName, help: help, value: valueIndex, labels: columns, names: mapping, batches, header: header,
            into: builder)
        if labelMode == .focus, valueColumn == .named("BilledCost") {
            try TopResources(limit: TopResources.defaultLimit).render(batches, header: header, into: builder)
            for companion in Self.companionCosts {
                guard let index = header.index(of: companion.column) else { continue }
                _ = try renderFamily(
                    companion.metricName,
                    help: "FOCUS \(companion.column) of the last complete poll, summed over rows with equal labels "
                        + "(in BillingCurrency).",
                    value: index, labels: columns, names: mapping, batches, header: header, into: builder)
            }
        }
        return unusable
    }

    /// One gauge: the decimal at `value` of every row, labelled by the `labels` columns; returns the rows whose value
    /// is not a decimal (left out).
    private func renderFamily(
        _ name: String, help: String, value valueIndex: Int, labels columns: [Int], names mapping: LabelNameMapping,
        _ batches: [RowBatch], header: FocusHeader, into builder: ExpositionBuilder
    ) throws -> Int {
        let family = try MetricFamily(
            name: name, help: help, type: .gauge, labelNames: mapping.suffixedLabelNames,
            duplicatePolicy: duplicatePolicy)
        let flattensTags = labelMode == .krateo
        let tagsColumns = Set(columns.filter { header.names[$0].contains("Tags") })
        var unusable = 0
        try builder.family(family) { series in
            for batch in batches {
                for row in 0..<batch.rowCount {
                    guard let value = batch.withBytes(row: row, column: valueIndex, { FocusDecimal.parse($0) }) ?? nil
                    else {
                        unusable += 1
                        continue
                    }
                    try series.append(value: value.doubleValue) { labels in
                        for column in columns {
                            if flattensTags, tagsColumns.contains(column) {
                                labels.append(Self.krateoTags(batch.string(row: row, column: column) ?? ""))
                            } else if batch.withBytes(row: row, column: column, { labels.append($0) }) == nil {
                                labels.appendEmpty()
                            }
                        }
                    }
                }
            }
        }
        return unusable
    }

    /// Krateo's flattening of a Tags JSON object into a label value: `{"a":"1","b":"2"}` → `a:1;b:2`.
    static func krateoTags(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "{", "}", "\"": continue
            case "=": result.append(":")
            case ",": result.append(";")
            default: result.append(character)
            }
        }
        return result
    }
}
