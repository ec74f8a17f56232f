import Foundation
import KubeCore

/// An error from the Kubernetes API or from reaching it.
///
/// ``code`` is parsed from the `reason` of the `Status` body the server returned, falling back to the HTTP status
/// code; transport failures (connection refused, TLS, timeouts) are ``Code/transport``. Callers branch on the code.
public struct KubeError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case notFound, conflict, alreadyExists
        /// `410 Gone` / reason `Expired`: a watch or list asked for a resourceVersion the server no longer has.
        case gone
        case invalid, badRequest, forbidden, unauthorized, methodNotAllowed, unsupportedMediaType
        case tooManyRequests, timeout, serverError
        /// The request never got an HTTP answer (connect, TLS, reset, read timeout).
        case transport
        /// The server answered with a body we could not decode.
        case decoding
        /// Local configuration problem (kubeconfig, service-account files).
        case configuration
        case other
    }

    public var code: Code
    public var message: String
    /// The HTTP status, when there was a response.
    public var httpStatus: Int?
    /// The `Status` body, when the server sent one.
    public var status: APIStatus?

    public init(code: Code, message: String, httpStatus: Int? = nil, status: APIStatus? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.status = status
    }

    /// Builds the error for a non-2xx response from its status code and body.
    public init(httpStatus: Int, body: Data) {
        let status = try? KubeJSON.decode(APIStatus.self, from: body)
        let parsed = status.flatMap { $0.kind == "Status" || $0.reason != nil ? $0 : nil }
        self.init(
            code: Code(reason: parsed?.reason, httpStatus: parsed?.code ?? httpStatus),
            message: parsed?.message ?? "HTTP \(httpStatus)", httpStatus: httpStatus, status: parsed)
    }

    /// Builds the error carried by a watch `ERROR` event.
    public init(status: APIStatus) {
        self.init(
            code: Code(reason: status.reason, httpStatus: status.code ?? 500),
            message: status.message ?? "watch error", httpStatus: status.code, status: status)
    }

    /// Whether trying the same request again later can succeed without anything else changing.
    public var isRetryable: Bool {
        switch code {
        case .transport, .timeout, .tooManyRequests, .serverError, .conflict: return true
        default: return false
        }
    }

    public var description: String {
        "\(code.rawValue)" + (httpStatus.map { " (HTTP \($0))" } ?? "") + ": \(message)"
    }
}

extension KubeError.Code {
    /// Maps a `Status.reason` (preferred) or an HTTP status code to a code.
    public init(reason: String?, httpStatus: Int) {
        switch reason {
        case "NotFound": self = .notFound
        case "Conflict": self = .conflict
        case "AlreadyExists": self = .alreadyExists
        case "Gone", "Expired", "ResourceExpired": self = .gone
        case "Invalid": self = .invalid
        case "BadRequest": self = .badRequest
        case "Forbidden": self = .forbidden
        case "Unauthorized": self = .unauthorized
        case "MethodNotAllowed": self = .methodNotAllowed
        case "UnsupportedMediaType": self = .unsupportedMediaType
        case "TooManyRequests": self = .tooManyRequests
        case "Timeout", "ServerTimeout": self = .timeout
        case "InternalError", "ServiceUnavailable": self = .serverError
        default:
            switch httpStatus {
            case 400: self = .badRequest
            case 401: self = .unauthorized
            case 403: self = .forbidden
            case 404: self = .notFound
            case 405: self = .methodNotAllowed
            case 409: self = .conflict
            case 410: self = .gone
            case 415: self = .unsupportedMediaType
            case 422: self = .invalid
            case 429: self = .tooManyRequests
            case 504: self = .timeout
            case 500...599: self = .serverError
            default: self = .other
            }
        }
    }
}
