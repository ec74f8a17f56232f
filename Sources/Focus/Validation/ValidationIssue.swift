/// One finding: which rule, where, and the offending value.
public struct ValidationIssue: Sendable, Hashable {
    /// The rule that found it.
    public let rule: ValidationRule
    /// 1-based source line of the row; `nil` for findings about the whole file (a missing column) or sources
    /// without lines.
    public let line: Int?
    /// The column concerned, if one.
    public let column: String?
    /// The offending value as text, truncated; `nil` for a null or when there is no single value.
    public let value: String?
    /// A sentence that says what is wrong, e.g. `"abc" is not a decimal`.
    public let message: String

    /// A finding; readers build these for ``FocusValidator/record(_:)``.
    public init(rule: ValidationRule, line: Int?, column: String?, value: String? = nil, message: String) {
        self.rule = rule
        self.line = line
        self.column = column
        self.value = value
        self.message = message
    }

    /// `line 17, column BilledCost: "abc" is not a decimal`.
    public var rendered: String {
        var place: [String] = []
        if let line, line > 0 { place.append("line \(line)") }
        if let column { place.append("column \(column)") }
        return place.isEmpty ? message : place.joined(separator: ", ") + ": " + message
    }
}
