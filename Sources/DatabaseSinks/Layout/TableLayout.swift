import Focus

/// How a column's values are typed in the table.
///
/// | type | PostgreSQL | SQLite |
/// |---|---|---|
/// | `text` | `text` | `TEXT` |
/// | `decimal` | `numeric` (exact, any scale) | `TEXT` holding the exact decimal in plain notation (`0.00000015`, never `REAL`, which would round) |
/// | `timestamp` | `timestamptz` | `TEXT` holding ISO 8601 UTC (`2026-05-01T00:00:00Z`, a fraction only when non-zero), which sorts and compares as time |
/// | `json` | `jsonb` | `TEXT` with `CHECK (json_valid(col))` |
enum ColumnType: String, Sendable, Hashable {
    case text, decimal, timestamp, json

    var postgresType: String {
        switch self {
        case .text: "text"
        case .decimal: "numeric"
        case .timestamp: "timestamptz"
        case .json: "jsonb"
        }
    }

    /// The type of an existing PostgreSQL column (`information_schema.columns.data_type`); other types (a column a
    /// person changed) are treated as text, the server remaining the judge of their values.
    init(postgresDataType: String) {
        switch postgresDataType {
        case "numeric": self = .decimal
        case "timestamp with time zone", "timestamp without time zone", "date": self = .timestamp
        case "jsonb", "json": self = .json
        default: self = .text
        }
    }
}

/// A column of a table this module writes.
struct ColumnSpec: Sendable, Hashable {
    let name: SQLIdentifier
    let type: ColumnType
}

/// The layout of the tables of each ``TableKind``: their columns and types, and the row key.
///
/// Every table also has ``rowKeyColumn`` (PostgreSQL `uuid`, SQLite `TEXT`, 32 hex digits), its primary key. Columns
/// are only ever added, never dropped or retyped: a header with columns the table lacks adds them (typed when the
/// column is known, text otherwise); a header without some of the table's columns leaves them null in new rows and
/// untouched in updated ones.
enum TableLayout {
    /// The row key column. A header may not use the name.
    static let rowKeyColumn = SQLIdentifier("finops_row_key")!

    /// The FOCUS version a new `focus` table is created for.
    static let focusVersion = FocusVersion.latest

    /// The columns a new table is created with, before the header's other columns: every FOCUS column of
    /// ``focusVersion`` for `focus`, the usage columns for `usage`, none for `generic` (its columns come from the
    /// header).
    static func baseColumns(for kind: TableKind) -> [ColumnSpec] {
        switch kind {
        case .focus:
            let schema = FocusSchema.schema(focusVersion, dataset: .costAndUsage)?.columns ?? []
            return schema.compactMap { column in
                SQLIdentifier(column.name).map { ColumnSpec(name: $0, type: type(of: column.dataType)) }
            }
        case .usage:
            return usageColumns
        case .generic:
            return []
        }
    }

    /// The type of header column `index` (named `name`) when the table lacks it.
    static func type(ofHeaderColumn name: String, at index: Int, kind: TableKind) -> ColumnType {
        switch kind {
        case .focus:
            if FocusSchema.isCustomColumn(name) { return .text }
            // Any FOCUS dataset and version that knows the column (Cost and Usage first).
            let schemas =
                FocusSchema.all.filter { $0.dataset == .costAndUsage }
                + FocusSchema.all.filter {
                    $0.dataset != .costAndUsage
                }
            for schema in schemas {
                if let column = schema.column(named: name) { return type(of: column.dataType) }
            }
            return .text
        case .usage:
            return usageColumns.first { $0.name.name == name }?.type ?? .text
        case .generic(let valueColumnIndex):
            return index == valueColumnIndex ? .decimal : .text
        }
    }

    static func type(of dataType: FocusColumnSpec.DataType) -> ColumnType {
        switch dataType {
        case .string: .text
        case .decimal: .decimal
        case .dateTime: .timestamp
        case .json: .json
        }
    }

    /// The usage rows of metricType `resource` (see `AzureMonitorMetricsDecoder.columns`).
    static let usageColumns: [ColumnSpec] = [
        ("ResourceId", ColumnType.text), ("metricName", .text), ("timestamp", .timestamp), ("average", .decimal),
        ("unit", .text), ("total", .decimal), ("minimum", .decimal), ("maximum", .decimal), ("count", .decimal),
        ("dimensions", .json),
    ].map { ColumnSpec(name: SQLIdentifier($0.0)!, type: $0.1) }

    // MARK: - Row key

    /// The FOCUS columns that identify a charge (see `DatabaseSinks.docc`): Krateo's key (ResourceId,
    /// ResourceName, BillingPeriodStart/End, ChargePeriodStart/End, SkuPriceId) and what tells distinct charges of one
    /// resource and period apart. Only columns whose value does not change while a charge is being billed, and that
    /// either exist since FOCUS 1.0 or are null for rows that existed before them, so a source moving to a newer FOCUS
    /// version keeps its keys.
    static let focusKeyColumns = [
        "BillingAccountId", "SubAccountId", "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart",
        "ChargePeriodEnd", "ChargeCategory", "ChargeClass", "ChargeFrequency", "ChargeDescription", "ServiceName",
        "ResourceId", "ResourceName", "RegionId", "AvailabilityZone", "SkuId", "SkuPriceId", "PricingCategory",
        "CommitmentDiscountId", "CommitmentDiscountStatus", "BillingCurrency", "AllocatedMethodId",
        "AllocatedResourceId",
    ]

    /// Usage rows: the resource, the metric and the time of the reading, and the dimensions of a split metric.
    static let usageKeyColumns = ["ResourceId", "metricName", "timestamp", "dimensions"]

    /// The key of rows with `header` in a table of `kind`.
    static func keyPlan(for kind: TableKind, header: [String]) -> RowKeyPlan {
        var positions: [String: Int] = [:]
        for (index, name) in header.enumerated() where positions[name] == nil { positions[name] = index }
        func part(_ name: String, _ timestamps: Set<String>) -> RowKeyPlan.Part {
            RowKeyPlan.Part(field: positions[name], isTimestamp: timestamps.contains(name))
        }
        switch kind {
        case .focus:
            let timestamps: Set = ["BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"]
            return RowKeyPlan(
                domain: "focus", parts: focusKeyColumns.map { part($0, timestamps) }, fieldCount: header.count)
        case .usage:
            return RowKeyPlan(
                domain: "usage", parts: usageKeyColumns.map { part($0, ["timestamp"]) }, fieldCount: header.count)
        case .generic(let valueColumnIndex):
            // Every column but the value, by name, so that reordered columns keep their keys.
            let names = header.enumerated().filter { $0.offset != valueColumnIndex }.map(\.element).sorted()
            return RowKeyPlan(
                domain: "generic:" + names.joined(separator: ","), parts: names.map { part($0, []) },
                fieldCount: header.count)
        }
    }
}
