/// Something wrong with one value or row of a payload that did not stop the rest from being decoded: a row that
/// was skipped, a value that became null. Reported next to the rows so the user can fix the source.
public struct PayloadProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where in the payload.
    public var path: JSONPath
    /// What was wrong and what was done about it ("row skipped", "value dropped").
    public var message: String

    /// A problem at `path`.
    public init(at path: JSONPath, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
