/// Collects problems up to a limit and counts the rest.
struct ProblemLog: Sendable {
    /// Problems kept per payload.
    static let limit = 100

    private(set) var problems: [PayloadProblem] = []
    private(set) var omittedCount = 0

    mutating func add(_ path: @autoclosure () -> JSONPath, _ message: @autoclosure () -> String) {
        if problems.count < Self.limit {
            problems.append(PayloadProblem(at: path(), message()))
        } else {
            omittedCount += 1
        }
    }
}
