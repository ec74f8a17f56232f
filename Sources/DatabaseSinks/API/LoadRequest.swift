/// How a table's rows are shaped and keyed.
///
/// - `focus`: FOCUS Cost and Usage rows. The table has every FOCUS 1.3 column, typed, plus any other column a header
///   brings (`x_` columns, columns of newer FOCUS versions) as text.
/// - `usage`: the usage rows of metricType `resource` (`ResourceId,metricName,timestamp,average,unit,total,minimum,
///   maximum,count,dimensions`).
/// - `generic`: Krateo's `generic` rows: every column text except the value column (numeric), at
///   `valueColumnIndex` (zero-based) in the header.
public enum TableKind: Sendable, Hashable {
    case focus
    case usage
    case generic(valueColumnIndex: Int)
}

/// One poll to load.
public struct LoadRequest: Sendable, Hashable {
    public var table: TableName
    public var kind: TableKind
    /// Identifies the poll (the exporter's ETag). A poll already recorded for the table is not loaded again. It must
    /// be unique per table: sources that share a table must not reuse each other's poll ids.
    public var pollID: String
    /// The rows the poll has (`X-Finops-Rows`). When given and the body holds another number of rows, the poll is
    /// incomplete: nothing is written and ``DatabaseError/Code/invalidInput`` is thrown.
    public var expectedRows: Int?
    /// The FOCUS version the source announced (`X-Focus-Version`); reported back and recorded. When `nil`, a `focus`
    /// load reports the version detected from the header.
    public var focusVersion: String?

    public init(
        table: TableName, kind: TableKind, pollID: String, expectedRows: Int? = nil, focusVersion: String? = nil
    ) {
        self.table = table
        self.kind = kind
        self.pollID = pollID
        self.expectedRows = expectedRows
        self.focusVersion = focusVersion
    }
}

/// A row left out of a load.
public struct RowRejection: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line of the CSV where the row starts (the header is line 1).
    public var line: Int
    /// The column at fault, when one is.
    public var column: String?
    public var reason: String

    public init(line: Int, column: String?, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": \(reason)"
    }
}

/// What a load did.
///
/// `rowsRead = rowsInserted + rowsUpdated + rowsUnchanged + rejectedCount`. A row is unchanged when the table
/// already held it with equal values (compared by value: `1.50` equals `1.5`, JSON by content); such rows are not
/// rewritten.
public struct LoadReport: Sendable, Hashable {
    public var pollID: String
    /// Rows in the body (the header and blank lines not counted).
    public var rowsRead: Int
    public var rowsInserted: Int
    public var rowsUpdated: Int
    public var rowsUnchanged: Int
    /// The first rejected rows (``DatabaseSinkOptions/maxRejectionSamples``), in line order.
    public var rejected: [RowRejection]
    public var rejectedCount: Int
    /// The poll was already recorded for the table: nothing was read or written.
    public var alreadyLoaded: Bool
    public var focusVersion: String?

    public init(
        pollID: String, rowsRead: Int = 0, rowsInserted: Int = 0, rowsUpdated: Int = 0, rowsUnchanged: Int = 0,
        rejected: [RowRejection] = [], rejectedCount: Int = 0, alreadyLoaded: Bool = false, focusVersion: String? = nil
    ) {
        self.pollID = pollID
        self.rowsRead = rowsRead
        self.rowsInserted = rowsInserted
        self.rowsUpdated = rowsUpdated
        self.rowsUnchanged = rowsUnchanged
        self.rejected = rejected
        self.rejectedCount = rejectedCount
        self.alreadyLoaded = alreadyLoaded
        self.focusVersion = focusVersion
    }
}
