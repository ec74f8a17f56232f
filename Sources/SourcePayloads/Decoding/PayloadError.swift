/// Why a payload as a whole could not be decoded: nothing usable came out of it (compare ``PayloadProblem``, which
/// drops one value or row and lets the rest through).
///
/// Every error names the JSON path of the offending value and says what was expected. Branch on ``code``.
public struct PayloadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to branch on.
    public enum Code: String, Sendable, Hashable {
        /// The bytes are not JSON (``parseError`` says where); often a truncated response.
        case malformedJSON
        /// A value has the wrong JSON type (an object where an array belongs, …).
        case wrongType
        /// A required member is absent.
        case missingField
        /// A value has the right type but cannot be used (unknown `resultType`, header cell that is null, …).
        case invalidValue
        /// The payload is the source's own error report (`"status": "error"`, an `error` object): the request
        /// reached the source and was refused. ``sourceErrorType`` holds the source's error type or code.
        case sourceReportedError
    }

    /// What went wrong.
    public var code: Code
    /// Where in the payload.
    public var path: JSONPath
    /// What was found and what was expected.
    public var message: String
    /// For ``Code/sourceReportedError``: the source's own error type (Prometheus `errorType`, Azure `error.code`).
    public var sourceErrorType: String?
    /// For ``Code/malformedJSON``: the parser's error with line and column.
    public var parseError: JSONParseError?

    /// An error of kind `code` at `path`.
    public init(
        _ code: Code, at path: JSONPath, _ message: String, sourceErrorType: String? = nil,
        parseError: JSONParseError? = nil
    ) {
        self.code = code
        self.path = path
        self.message = message
        self.sourceErrorType = sourceErrorType
        self.parseError = parseError
    }

    /// The error for bytes that are not JSON.
    public init(_ parseError: JSONParseError) {
        self.init(.malformedJSON, at: .root, "not valid JSON: \(parseError)", parseError: parseError)
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }

    /// A ``Code/wrongType`` error for `node` found where `expected` belongs.
    static func wrongType(at path: JSONPath, expected: String, found node: JSONNode) -> PayloadError {
        PayloadError(.wrongType, at: path, "expected \(expected), found \(node.kindName)")
    }

    /// A ``Code/missingField`` error for the member `key` of the object at `path`.
    static func missing(_ key: String, in path: JSONPath, expected: String) -> PayloadError {
        PayloadError(.missingField, at: path.appending(key), "missing \(expected) \"\(key)\"")
    }
}
