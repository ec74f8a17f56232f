/// A problem that stops a CSV stream: nothing after it can be trusted (as opposed to a ``CSVIssue``, which skips or
/// repairs one row and goes on).
///
/// Branch on ``code``; ``message`` is for people. ``line`` is the 1-based line where the problem was found (the header
/// record's line for header problems, the first line of the incomplete record for an unterminated quote).
public struct CSVReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// The input has no header record: it is empty or holds only blank lines.
        case missingHeader
        /// A header name is empty.
        case emptyHeaderName
        /// Two header names are equal; rows could not be mapped by name.
        case duplicateHeaderName
        /// A header name is not valid UTF-8.
        case invalidUTF8InHeader
        /// The header record is longer than ``CSVReadOptions/maxHeaderBytes`` (the input is probably not CSV).
        case headerTooLarge
        /// The header record has a quote where RFC 4180 allows none, with ``CSVReadOptions/lazyQuotes`` off.
        case malformedHeader
        /// The input ends inside a quoted field: it was truncated. The incomplete record is not emitted.
        case unterminatedQuotedField
        /// ``CSVReadOptions/delimiter`` is a quote, CR or LF, which cannot separate fields.
        case invalidDelimiter
        /// `feed` or `finish` was called after `finish`.
        case alreadyFinished
    }

    public var code: Code
    public var line: Int
    public var message: String

    public init(_ code: Code, line: Int, _ message: String) {
        self.code = code
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message) (\(code.rawValue))" }
}
