/// A spec that cannot be acted on, with every problem found, each naming its field.
///
/// Invalid specs are terminal: retrying does not help until the object changes. Controllers report them as a
/// `Ready=False` condition whose reason comes from ``code`` and whose message is ``message``; they branch on the
/// code, never on the text.
public struct SpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of spec problem this is.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// UpperCamelCase, usable as a condition reason.
        public var rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// One or more fields are missing, malformed or contradict each other.
        public static let invalidSpec = Code(rawValue: "InvalidSpec")
        /// The code as its raw value.
        public var description: String { rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// The problems, in the order the fields were checked; never empty.
    public var fieldErrors: [FieldError]

    /// Creates an error from the problems found.
    public init(code: Code = .invalidSpec, fieldErrors: [FieldError]) {
        self.code = code
        self.fieldErrors = fieldErrors
    }

    /// All problems as one text, e.g. `spec.scraperConfig.tableName: Set a table name …; spec.…`.
    public var message: String { fieldErrors.map(\.description).joined(separator: "; ") }

    /// `InvalidSpec: <message>`.
    public var description: String { "\(code): \(message)" }

    /// The fields named by the problems, for tests and for compact logs.
    public var fields: [String] { fieldErrors.map(\.field) }
}

/// One problem with one field of a spec.
public struct FieldError: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the field (the same distinction Kubernetes' own field errors make).
    public enum Kind: String, Sendable, Hashable {
        /// The field must be set and is not.
        case required = "Required"
        /// The field is set to a value that cannot be used.
        case invalid = "Invalid"
        /// The value is well-formed but not one of the supported ones.
        case notSupported = "NotSupported"
        /// The field may not be set together with another one.
        case conflict = "Conflict"
    }

    /// The field's path from the object root, e.g. `spec.exporterConfig.pollingInterval` or
    /// `spec.exporterConfig.api.headers[1]`.
    public var field: String
    /// What is wrong with it.
    public var kind: Kind
    /// A sentence saying what to change; never contains secret values.
    public var message: String

    /// Creates a field error.
    public init(field: String, kind: Kind, message: String) {
        self.field = field
        self.kind = kind
        self.message = message
    }

    /// `field: message`.
    public var description: String { "\(field): \(message)" }
}

/// Collects field errors while a spec is checked, so that a user sees every problem at once.
struct FieldErrors {
    private(set) var all: [FieldError] = []

    mutating func required(_ field: String, _ message: String) {
        all.append(FieldError(field: field, kind: .required, message: message))
    }

    mutating func invalid(_ field: String, _ message: String) {
        all.append(FieldError(field: field, kind: .invalid, message: message))
    }

    mutating func notSupported(_ field: String, _ message: String) {
        all.append(FieldError(field: field, kind: .notSupported, message: message))
    }

    mutating func conflict(_ field: String, _ message: String) {
        all.append(FieldError(field: field, kind: .conflict, message: message))
    }

    mutating func append(contentsOf other: FieldErrors) { all.append(contentsOf: other.all) }

    /// Throws a ``SpecError`` holding the collected errors, if there are any.
    func throwIfAny() throws(SpecError) {
        if !all.isEmpty { throw SpecError(fieldErrors: all) }
    }
}
