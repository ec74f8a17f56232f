/// Why a text is not JSON, and where: byte offset, line and column of the first byte that breaks RFC 8259.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of violation, to branch on.
    public enum Code: String, Sendable, Hashable {
        /// The text ends inside a value (truncated payload).
        case unexpectedEnd
        /// A byte that cannot start or continue a value here (e.g. `'`, a trailing comma before `]`).
        case unexpectedCharacter
        /// A number outside the grammar: leading zero, missing digits, `+1`, `.5`, `1.`, `NaN`.
        case invalidNumber
        /// A raw control character (U+0000–U+001F) inside a string.
        case controlCharacterInString
        /// A backslash escape JSON does not define, or a `\u` without four hex digits.
        case invalidEscape
        /// A lone or reversed UTF-16 surrogate in `\u` escapes.
        case invalidSurrogate
        /// Bytes that are not well-formed UTF-8.
        case invalidUTF8
        /// Objects and arrays nested deeper than the parser's limit.
        case tooDeep
        /// Something other than whitespace after the top-level value.
        case trailingContent
    }

    /// The kind of violation.
    public var code: Code
    /// What was found and what was expected.
    public var message: String
    /// Zero-based byte offset into the input (after a byte-order mark, the offset still counts the mark).
    public var offset: Int
    /// One-based line (lines end at `\n`).
    public var line: Int
    /// One-based column, counted in bytes from the start of the line.
    public var column: Int

    /// An error at `offset` (`line`, `column`).
    public init(code: Code, message: String, offset: Int, line: Int, column: Int) {
        self.code = code
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `line L, column C (byte B): message`.
    public var description: String { "line \(line), column \(column) (byte \(offset)): \(message)" }
}
