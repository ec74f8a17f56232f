import Focus

/// Rows of a fixed set of columns, filled by name through a column enum and appended in header order: the shape
/// every mapping from a cost API to FOCUS shares.
protocol FocusDraftColumn: CaseIterable, RawRepresentable where RawValue == Int, AllCases == [Self] {
    /// The column's name in the header.
    var name: String { get }
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
