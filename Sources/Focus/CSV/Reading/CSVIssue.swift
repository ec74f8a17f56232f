/// A problem with one row that the reader survived: it skipped the row or repaired a field, and went on.
///
/// Problems with the stream as a whole are ``CSVReadError``s instead.
public struct CSVIssue: Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, and what the reader did about it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The row has fewer fields than the header. Skipped.
        case tooFewFields
        /// The row has more fields than the header. Skipped.
        case tooManyFields
        /// A field is longer than ``CSVReadOptions/maxFieldBytes``. Skipped.
        case fieldTooLarge
        /// The row is longer than ``CSVReadOptions/maxRowBytes``. Skipped.
        case rowTooLarge
        /// A quote inside an unquoted field, with ``CSVReadOptions/lazyQuotes`` off. Skipped.
        case bareQuote
        /// A quote inside a quoted field not followed by a delimiter or line end, with lazy quotes off. Skipped.
        case extraneousQuote
        /// A field is not valid UTF-8, with ``CSVReadOptions/InvalidUTF8Handling/skipRow``. Skipped.
        case invalidUTF8
        /// A field was not valid UTF-8 and its invalid sequences were replaced with U+FFFD. The row was kept.
        case invalidUTF8Replaced

        /// Whether the reader skipped the row.
        public var skipsRow: Bool { self != .invalidUTF8Replaced }
    }

    public var kind: Kind
    /// The 1-based line on which the row began.
    public var line: Int
    /// Fields the row had (counted to its end even after the problem).
    public var fieldCount: Int
    /// Fields the header has.
    public var expectedFieldCount: Int
    /// The 0-based position of the field concerned, for problems with one field.
    public var column: Int?

    public init(kind: Kind, line: Int, fieldCount: Int, expectedFieldCount: Int, column: Int? = nil) {
        self.kind = kind
        self.line = line
        self.fieldCount = fieldCount
        self.expectedFieldCount = expectedFieldCount
        self.column = column
    }

    public var description: String {
        let field = column.map { " (field \($0 + 1))" } ?? ""
        let action = kind.skipsRow ? "row skipped" : "row kept"
        return "line \(line): \(kind.rawValue)\(field), \(fieldCount) of \(expectedFieldCount) fields, \(action)"
    }
}

/// Every issue of a read, counted, with the first few kept as samples (so a file full of bad rows does not fill
/// memory with issues).
public struct CSVIssueLog: Sendable, Equatable {
    /// How many samples are kept.
    public let sampleLimit: Int
    /// The first ``sampleLimit`` issues, in input order.
    public private(set) var samples: [CSVIssue] = []
    /// All issues.
    public private(set) var total = 0
    /// All issues by kind.
    public private(set) var counts: [CSVIssue.Kind: Int] = [:]
    /// Rows skipped (issues whose kind skips the row).
    public private(set) var skippedRows = 0

    public init(sampleLimit: Int = 100) {
        self.sampleLimit = max(sampleLimit, 0)
    }

    public var isEmpty: Bool { total == 0 }

    /// Counts `issue` and keeps it if there is room.
    public mutating func record(_ issue: CSVIssue) {
        total += 1
        counts[issue.kind, default: 0] += 1
        if issue.kind.skipsRow { skippedRows += 1 }
        if samples.count < sampleLimit { samples.append(issue) }
    }
}
