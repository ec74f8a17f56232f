/// The outcome of validating one FOCUS stream: counts per rule, samples, and whether the data conforms.
public struct ValidationReport: Sendable {
    /// The version validated against.
    public let version: FocusVersion
    /// The dataset validated against.
    public let dataset: FocusDataset
    /// Rows validated (rows a reader skipped as malformed are not counted).
    public let totalRows: Int
    /// One entry per rule that found something: errors first, then warnings, each in ``ValidationRule/builtIn``
    /// order followed by reader rules in the order first seen.
    public let results: [RuleResult]

    /// The findings of one rule.
    public struct RuleResult: Sendable {
        /// The rule.
        public let rule: ValidationRule
        /// Every finding, including those beyond the samples.
        public let count: Int
        /// The first findings, in the order found (at most ``FocusValidator/Options/samplesPerRule``).
        public let samples: [ValidationIssue]
    }

    /// A report; ``FocusValidator/report()`` makes them.
    public init(version: FocusVersion, dataset: FocusDataset, totalRows: Int, results: [RuleResult]) {
        self.version = version
        self.dataset = dataset
        self.totalRows = totalRows
        self.results = results
    }

    /// Findings of rules with error severity.
    public var errorCount: Int { results.filter { $0.rule.severity == .error }.reduce(0) { $0 + $1.count } }
    /// Findings of rules with warning severity.
    public var warningCount: Int { results.filter { $0.rule.severity == .warning }.reduce(0) { $0 + $1.count } }
    /// Whether the data conforms: no errors (warnings allowed).
    public var isClean: Bool { errorCount == 0 }

    /// How often `rule` fired.
    public func count(of rule: ValidationRule) -> Int { result(for: rule)?.count ?? 0 }

    /// The kept findings of `rule`.
    public func samples(of rule: ValidationRule) -> [ValidationIssue] { result(for: rule)?.samples ?? [] }

    /// The findings of `rule`, if it found any.
    public func result(for rule: ValidationRule) -> RuleResult? { results.first { $0.rule == rule } }
}
