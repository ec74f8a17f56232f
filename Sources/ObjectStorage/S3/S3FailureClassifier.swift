/// What the retry loop does after one attempt.
enum S3AttemptVerdict: Sendable, Hashable {
    /// The answer is the one wanted.
    case success
    /// The failure may pass: try again while attempts remain, else fail with this error.
    case retry(ObjectStoreError)
    /// Trying again will not help.
    case fail(ObjectStoreError)
}

/// Decides, from an S3 or STS answer or a transport failure, whether to retry and which ``ObjectStoreError`` to
/// report. Decisions use the status and the error code, never the message text.
///
/// | answer | verdict | kind |
/// |---|---|---|
/// | no answer (connection, DNS, TLS, timeout) | retry | unreachable |
/// | 5xx, 429, a throttling code, `RequestTimeout`, `InternalError`, `OperationAborted` | retry | unavailable |
/// | 401, 403, `AccessDenied`, `InvalidAccessKeyId`, `SignatureDoesNotMatch`, `ExpiredToken`, … | fail | denied |
/// | `NoSuchBucket` | fail | missing |
/// | any other 3xx or 4xx | fail | rejected |
enum S3FailureClassifier {
    /// Codes that ask the client to slow down; retried whatever the status.
    static let throttlingCodes: Set<String> = [
        "SlowDown", "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled",
        "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "ProvisionedThroughputExceededException", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// Codes of failures on the server's side or in transit that a repeat may not meet.
    static let transientCodes: Set<String> = [
        "InternalError", "InternalFailure", "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException",
        "OperationAborted", "IDPCommunicationError",
    ]
    /// Codes that mean the credentials are missing, wrong, expired or lack permission.
    static let deniedCodes: Set<String> = [
        "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException",
        "InvalidToken", "TokenRefreshRequired", "InvalidClientTokenId", "MissingAuthenticationToken",
        "UnrecognizedClientException", "AccountProblem", "AllAccessDisabled", "InvalidIdentityToken",
        "InvalidSecurity", "NotSignedUp", "InvalidPayer",
    ]
    /// Codes S3 answers when the request was signed for, or sent to, the bucket's wrong region.
    static let wrongRegionCodes: Set<String> = [
        "AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException",
    ]

    /// The verdict on an answer that was not the one wanted. `operation` starts the message, e.g.
    /// `PUT s3://bucket/prefix/key`.
    static func classify(_ response: S3HTTPResponse, error: S3ErrorBody?, operation: String) -> S3AttemptVerdict {
        let status = response.status
        let code = error?.code
        let requestID = response.header("x-amz-request-id").map { " (request ID \($0))" } ?? ""
        var detail = "HTTP \(status)"
        if let code { detail += " \(code)" }
        if let message = error?.message, !message.isEmpty { detail += ": \(message)" }
        // S3's messages are sentences; end ours with one full stop.
        while detail.hasSuffix(".") { detail.removeLast() }
        func failure(_ kind: ObjectStoreError.Kind, _ hint: String = "") -> ObjectStoreError {
            ObjectStoreError(kind, "\(operation) failed: \(detail)\(requestID).\(hint)")
        }

        if let code, throttlingCodes.contains(code) || transientCodes.contains(code) {
            return .retry(failure(.unavailable))
        }
        if status == 429 || status >= 500 { return .retry(failure(.unavailable)) }
        if let code, wrongRegionCodes.contains(code) || (300..<400).contains(status) {
            let region = bucketRegion(error?.region, response)
            let hint = region.map { " The bucket is in region \($0); configure that region." } ?? ""
            return .fail(failure(.rejected, hint))
        }
        if code == "NoSuchBucket" { return .fail(failure(.missing, " Create the bucket or correct its name.")) }
        if let code, deniedCodes.contains(code) {
            return .fail(failure(.denied, " Check the credentials and their permissions."))
        }
        if status == 401 || status == 403 {
            return .fail(failure(.denied, " Check the credentials and their permissions."))
        }
        return .fail(failure(.rejected))
    }

    /// The verdict on an attempt that got no answer.
    static func classify(_ failure: S3TransportError, operation: String) -> S3AttemptVerdict {
        var message = failure.message
        while message.hasSuffix(".") { message.removeLast() }
        return .retry(ObjectStoreError(.unreachable, "\(operation) failed: \(message)."))
    }

    /// The bucket's region from the error body or the `x-amz-bucket-region` header.
    private static func bucketRegion(_ region: String?, _ response: S3HTTPResponse) -> String? {
        if let region, !region.isEmpty { return region }
        return response.header("x-amz-bucket-region")
    }
}
