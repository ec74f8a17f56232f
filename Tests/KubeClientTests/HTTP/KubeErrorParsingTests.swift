import Foundation
import KubeCore
import Testing

@testable import KubeClient

/// Error codes from the `Status` bodies an API server returns (bodies as kube-apiserver writes them).
@Suite struct KubeErrorParsingTests {
    static func status(_ code: Int, _ reason: String, _ message: String = "m") -> Data {
        Data(
            """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"\(message)",\
            "reason":"\(reason)","details":{"name":"a","kind":"configmaps"},"code":\(code)}
            """.utf8)
    }

    @Test(arguments: [
        (404, "NotFound", KubeError.Code.notFound),
        (409, "AlreadyExists", .alreadyExists),
        (409, "Conflict", .conflict),
        (410, "Expired", .gone),
        (410, "Gone", .gone),
        (422, "Invalid", .invalid),
        (401, "Unauthorized", .unauthorized),
        (403, "Forbidden", .forbidden),
        (415, "UnsupportedMediaType", .unsupportedMediaType),
        (429, "TooManyRequests", .tooManyRequests),
        (500, "InternalError", .serverError),
        (504, "Timeout", .timeout),
    ])
    func reasonSelectsTheCode(status: Int, reason: String, code: KubeError.Code) {
        let error = KubeError(httpStatus: status, body: Self.status(status, reason, "configmaps a is gone"))
        #expect(error.code == code)
        #expect(error.httpStatus == status)
        #expect(error.message == "configmaps a is gone")
        #expect(error.status?.details?.name == "a")
    }

    @Test func bodyThatIsNotAStatusFallsBackToTheHTTPCode() {
        let error = KubeError(httpStatus: 503, body: Data("<html>upstream down</html>".utf8))
        #expect(error.code == .serverError)
        #expect(error.status == nil)
        #expect(error.message == "HTTP 503")
    }

    @Test func emptyBodyFallsBackToTheHTTPCode() {
        #expect(KubeError(httpStatus: 404, body: Data()).code == .notFound)
        #expect(KubeError(httpStatus: 418, body: Data()).code == .other)
    }

    @Test func watchErrorEventCarriesA410() throws {
        let line = Data(
            """
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
            "message":"too old resource version: 5 (10)","reason":"Expired","code":410}}
            """.utf8)
        let event = try KubeJSON.decode(WatchEvent<core.v1.ConfigMap>.self, from: line)
        guard case .error(let status) = event else {
            Issue.record("expected an ERROR event, got \(event)")
            return
        }
        #expect(KubeError(status: status).code == .gone)
    }
}
