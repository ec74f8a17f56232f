import KubeClient
import KubeCore

extension KubeError {
    /// The error a real API server would send for `code`: HTTP status, `Status` body with the matching `reason`,
    /// and the given message. Use it to inject faults (``FakeKubeAPI/Fault``) that look like real answers.
    ///
    /// `.transport` carries no HTTP status (the request never got an answer); `.decoding`, `.configuration` and
    /// `.other` carry none either, since a server does not produce them.
    public static func simulated(_ code: Code, message: String? = nil) -> KubeError {
        let message = message ?? "simulated \(code.rawValue)"
        guard let (http, reason) = httpAnswer(for: code) else { return KubeError(code: code, message: message) }
        return KubeError(
            code: code, message: message, httpStatus: http,
            status: APIStatus(code: http, reason: reason, message: message))
    }

    /// HTTP status and `Status.reason` of each code a server can answer with.
    private static func httpAnswer(for code: Code) -> (Int, String)? {
        switch code {
        case .notFound: return (404, "NotFound")
        case .conflict: return (409, "Conflict")
        case .alreadyExists: return (409, "AlreadyExists")
        case .gone: return (410, "Expired")
        case .invalid: return (422, "Invalid")
        case .badRequest: return (400, "BadRequest")
        case .forbidden: return (403, "Forbidden")
        case .unauthorized: return (401, "Unauthorized")
        case .methodNotAllowed: return (405, "MethodNotAllowed")
        case .unsupportedMediaType: return (415, "UnsupportedMediaType")
        case .tooManyRequests: return (429, "TooManyRequests")
        case .timeout: return (504, "Timeout")
        case .serverError: return (500, "InternalError")
        case .transport, .decoding, .configuration, .other: return nil
        }
    }
}

/// The errors the fake API server answers with, worded as kube-apiserver words them so that logs read the same.
enum APIErrors {
    static func unknownResource(_ resource: ResourceType) -> KubeError {
        withDetails(.notFound, "the server could not find the requested resource (\(resource.qualifiedName))", nil)
    }

    static func notFound(_ resource: ResourceType, _ name: String) -> KubeError {
        withDetails(.notFound, "\(resource.qualifiedName) \"\(name)\" not found", details(resource, name))
    }

    static func alreadyExists(_ resource: ResourceType, _ name: String) -> KubeError {
        withDetails(.alreadyExists, "\(resource.qualifiedName) \"\(name)\" already exists", details(resource, name))
    }

    static func conflict(_ resource: ResourceType, _ name: String, _ why: String) -> KubeError {
        withDetails(
            .conflict, "Operation cannot be fulfilled on \(resource.qualifiedName) \"\(name)\": \(why)",
            details(resource, name))
    }

    static func staleResourceVersion(_ resource: ResourceType, _ name: String) -> KubeError {
        conflict(
            resource, name,
            "the object has been modified; please apply your changes to the latest version and try again")
    }

    /// 422: the request was understood but the object it would produce is not valid.
    static func invalid(_ resource: ResourceType, _ name: String, _ why: String) -> KubeError {
        withDetails(
            .invalid, "\(resource.kind) \"\(name)\" is invalid: \(why)", details(resource, name, kind: resource.kind))
    }

    static func badRequest(_ message: String) -> KubeError { withDetails(.badRequest, message, nil) }

    static func methodNotAllowed(_ message: String) -> KubeError { withDetails(.methodNotAllowed, message, nil) }

    /// The `Status` of a `410 Expired` answer, for a watch `ERROR` event or a thrown error.
    static func expiredStatus(_ message: String) -> APIStatus {
        APIStatus(code: 410, reason: "Expired", message: message)
    }

    static func expired(_ message: String) -> KubeError {
        KubeError(code: .gone, message: message, httpStatus: 410, status: expiredStatus(message))
    }

    private static func details(_ resource: ResourceType, _ name: String, kind: String? = nil) -> APIStatus.Details {
        // `details.kind` is the plural resource name for most errors (as kube-apiserver fills it), the kind for 422.
        APIStatus.Details(name: name, group: resource.group, kind: kind ?? resource.plural)
    }

    private static func withDetails(
        _ code: KubeError.Code, _ message: String, _ details: APIStatus.Details?
    ) -> KubeError {
        var error = KubeError.simulated(code, message: message)
        error.status?.details = details
        return error
    }
}
