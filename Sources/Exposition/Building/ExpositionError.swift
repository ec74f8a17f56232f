/// Why a family could not be declared or a series not appended. Every code is a mistake of the calling code or
/// configuration, not of the data: bad label values are escaped and rendered, never rejected.
public struct ExpositionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong; branch on this.
    public enum Code: Sendable, Hashable {
        /// A metric or label name is invalid, reserved or repeated.
        case invalidName
        /// A second family with the same name in one body (the format requires a family's series together).
        case duplicateFamily
        /// A series gave more or fewer label values than its family declares.
        case labelCountMismatch
        /// A family writer was used after its family ended, or the builder after ``ExpositionBuilder/finish()``.
        case notWritable
    }

    /// What went wrong.
    public var code: Code
    /// A sentence for people: which family or label, and why.
    public var message: String

    /// An error with its code and message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
