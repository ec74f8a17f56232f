/// Why a request could not be signed. These are programming or configuration errors (nothing to retry).
public struct SigV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to branch on.
    public enum Code: String, Sendable, Hashable {
        /// The headers to sign have no `Host`; SigV4 requires it to be signed.
        case missingHost
        /// The URL does not start with `/` (it must be the path and query only, e.g. `/bucket/key?x=1`).
        case invalidURL
        /// A presigned URL was asked for with an expiry outside 1…604800 seconds (AWS's limit of seven days).
        case invalidExpiry
        /// A header name or value contains a character HTTP does not allow (e.g. a newline).
        case invalidHeader
    }

    /// What went wrong.
    public var code: Code
    /// A sentence naming the offending input.
    public var message: String

    /// An error with its code and message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
