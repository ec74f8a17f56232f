/// Why a poll of a source failed: a reason (a metric label and a condition reason) and a sentence for people.
///
/// Messages name URLs without credentials, Secret names and keys, line numbers and JSON paths, never secret values.
public struct SourceError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The exporter's configuration cannot be used (bad variable, unsupported URL scheme).
        case configuration
        /// A Secret is missing, unreadable or lacks a key.
        case secret
        /// Connecting failed (refused, DNS, TLS handshake).
        case connection
        /// No answer in time.
        case timeout
        /// The server answered with a non-success HTTP status.
        case httpStatus = "http_status"
        /// The server refused the credentials (401/403).
        case unauthorized
        /// The body could not be decoded (truncated CSV, wrong header, bad JSON, bad gzip).
        case payload
        /// The body decoded but holds no usable rows.
        case empty

        /// Whether trying again soon may help.
        public var isTransient: Bool {
            switch self {
            case .connection, .timeout, .httpStatus: true
            case .configuration, .secret, .unauthorized, .payload, .empty: false
            }
        }

        /// UpperCamelCase, for condition reasons.
        public var conditionReason: String {
            switch self {
            case .configuration: "SourceConfigurationInvalid"
            case .secret: "SourceSecretInvalid"
            case .connection: "SourceUnreachable"
            case .timeout: "SourceTimeout"
            case .httpStatus: "SourceHTTPError"
            case .unauthorized: "SourceUnauthorized"
            case .payload: "SourcePayloadInvalid"
            case .empty: "SourceEmpty"
            }
        }
    }

    public var reason: Reason
    public var message: String
    /// For `httpStatus`: the status code (5xx and 429 are retried, other 4xx are not).
    public var statusCode: Int?

    public init(_ reason: Reason, _ message: String, statusCode: Int? = nil) {
        self.reason = reason
        self.message = message
        self.statusCode = statusCode
    }

    /// Whether the poll should be retried before the next interval.
    public var isRetriable: Bool {
        guard reason.isTransient else { return false }
        if let statusCode, reason == .httpStatus { return statusCode >= 500 || statusCode == 429 || statusCode == 408 }
        return true
    }

    public var description: String { message }
}
