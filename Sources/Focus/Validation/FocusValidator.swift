/// Validates a stream of FOCUS rows against a schema, batch by batch, and reports what breaks the spec.
///
/// ```swift
/// var validator = FocusValidator(schema: FocusSchema.detect(header).schema)
/// validator.begin(header: header)
/// for batch in batches { validator.validate(batch) }
/// print(validator.report().rendered())
/// ```
///
/// Guarantees:
/// - Memory stays bounded: findings are counted per rule and only the first ``Options/samplesPerRule`` of each are
///   kept.
/// - No value of the data can crash it; every parse failure is a finding.
/// - Fast enough for files of millions of rows: the checks of each column are planned once per header, and values
///   are checked as bytes without creating strings.
///
/// Caveats: rules that need more than one row (uniqueness, sums per invoice) are out of scope.
public struct FocusValidator: Sendable {
    /// The schema rows are checked against.
    public let schema: FocusSchema
    /// What reports keep.
    public let options: Options
    private var plan: ValidationPlan?
    private var tally: IssueTally
    /// Rows validated so far.
    public private(set) var rowCount = 0

    /// Tuning of what a report keeps.
    public struct Options: Sendable {
        /// Findings kept as samples per rule (counts are always complete).
        public var samplesPerRule: Int
        /// Values in samples are cut to this many characters.
        public var maxValueLength: Int

        /// Defaults suit a terminal: 20 samples per rule, values cut at 60 characters.
        public init(samplesPerRule: Int = 20, maxValueLength: Int = 60) {
            self.samplesPerRule = samplesPerRule
            self.maxValueLength = maxValueLength
        }
    }

    /// A validator for rows of `schema`; call ``begin(header:)`` or go straight to ``validate(_:)``.
    public init(schema: FocusSchema, options: Options = .init()) {
        self.schema = schema
        self.options = options
        self.tally = IssueTally(samplesPerRule: options.samplesPerRule, maxValueLength: options.maxValueLength)
    }

    /// Checks the columns of `header` (missing, unknown, deprecated) and plans the row checks. Calling it again with
    /// the same column names does nothing; ``validate(_:)`` calls it for a batch with a new header.
    public mutating func begin(header: FocusHeader) {
        if let plan, plan.header == header { return }
        let plan = ValidationPlan(schema: schema, header: header, tally: &tally)
        for issue in plan.headerIssues { tally.add(issue) }
        self.plan = plan
    }

    /// Checks every row of `batch`.
    public mutating func validate(_ batch: RowBatch) {
        begin(header: batch.header)
        guard var plan else { return }
        self.plan = nil  // keep the plan's buffers uniquely referenced while it mutates
        plan.check(batch, tally: &tally)
        self.plan = plan
        rowCount += batch.rowCount
    }

    /// Adds a finding made elsewhere, e.g. a reader's ragged row (``ValidationRule/malformedRow``).
    public mutating func record(_ issue: ValidationIssue) {
        tally.add(issue)
    }

    /// The findings so far (the validator can go on afterwards).
    public func report() -> ValidationReport {
        let found = tally.rules.indices.filter { tally.counts[$0] > 0 }
        let ordered =
            found.filter { tally.rules[$0].severity == .error }
            + found.filter {
                tally.rules[$0].severity == .warning
            }
        return ValidationReport(
            version: schema.version, dataset: schema.dataset, totalRows: rowCount,
            results: ordered.map {
                ValidationReport.RuleResult(rule: tally.rules[$0], count: tally.counts[$0], samples: tally.samples[$0])
            })
    }
}
