import Focus

/// Rows decoded from a payload, with the problems met on the way.
public struct DecodedPayload: Sendable {
    /// The rows; line numbers are 0 (JSON has no lines worth pointing at; problems carry JSON paths instead).
    public var rows: RowBatch
    /// The first ``ProblemLog/limit`` problems, in payload order.
    public var problems: [PayloadProblem]
    /// Problems beyond those kept in ``problems`` (a payload with a million bad rows must not make a million
    /// messages).
    public var omittedProblemCount: Int

    /// Rows and the problems met while decoding them.
    public init(rows: RowBatch, problems: [PayloadProblem] = [], omittedProblemCount: Int = 0) {
        self.rows = rows
        self.problems = problems
        self.omittedProblemCount = omittedProblemCount
    }

    init(rows: RowBatch, log: ProblemLog) {
        self.init(rows: rows, problems: log.problems, omittedProblemCount: log.omittedCount)
    }

    /// All problems, kept or omitted.
    public var problemCount: Int { problems.count + omittedProblemCount }
}
