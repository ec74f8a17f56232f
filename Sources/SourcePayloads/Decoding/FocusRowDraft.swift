import Focus

/// Rows of a fixed set of columns, filled by name through a column enum and appended in header order: the shape
/// every mapping from a cost API to FOCUS shares.
protocol FocusDraftColumn: CaseIterable, RawRepresentable where RawValue == Int, AllCases == [Self] {
    /// The column's name in the header.
    var name: String { get }
}

extension FocusDraftColumn {
    /// The case name as a column name: `billedCost` → `BilledCost`, `xNamespace` → `x_Namespace`.
    var name: String {
        let text = String(describing: self)
        if text.hasPrefix("x") { return "x_" + text.dropFirst() }
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}

/// The columns every usage charge of a mapping fills the same way (enum cases witness these).
protocol FocusChargeColumns: FocusDraftColumn {
    static var billedCost: Self { get }
    static var effectiveCost: Self { get }
    static var listCost: Self { get }
    static var contractedCost: Self { get }
    static var billingAccountId: Self { get }
    static var billingAccountName: Self { get }
    static var billingCurrency: Self { get }
    static var billingPeriodStart: Self { get }
    static var billingPeriodEnd: Self { get }
    static var chargeCategory: Self { get }
    static var chargeFrequency: Self { get }
    static var chargePeriodStart: Self { get }
    static var chargePeriodEnd: Self { get }
}

extension FocusRowDraft where Column: FocusChargeColumns {
    /// A usage-based `Usage` charge of `account` in `currency` over `start..<end`, billed in the UTC calendar month
    /// of `start`.
    mutating func setUsageCharge(
        account: String, currency: String, start: FocusTimestamp, end: FocusTimestamp, texts: inout TimestampTexts
    ) {
        let month = start.calendarMonth
        self[.billingAccountId] = account
        self[.billingAccountName] = account
        self[.billingCurrency] = currency
        self[.billingPeriodStart] = texts.text(month.start)
        self[.billingPeriodEnd] = texts.text(month.end)
        self[.chargeCategory] = "Usage"
        self[.chargeFrequency] = "Usage-Based"
        self[.chargePeriodStart] = texts.text(start)
        self[.chargePeriodEnd] = texts.text(end)
    }

    /// The same amount as billed, effective, list and contracted cost (sources without a list/discount split).
    mutating func setCosts(_ amount: String) {
        self[.billedCost] = amount
        self[.effectiveCost] = amount
        self[.listCost] = amount
        self[.contractedCost] = amount
    }
}

struct FocusRowDraft<Column: FocusDraftColumn> {
    private(set) var fields: [String?] = Array(repeating: nil, count: Column.allCases.count)

    subscript(column: Column) -> String? {
        get { fields[column.rawValue] }
        set { fields[column.rawValue] = newValue }
    }

    static var header: FocusHeader { FocusHeader(Column.allCases.map(\.name)) }
}

extension RowBatchBuilder {
    mutating func append<Column>(_ draft: FocusRowDraft<Column>) { appendRow(draft.fields) }
}
