import AWSSigning
import Foundation
import Logging

/// One S3 call, before addressing and signing.
struct S3Call: Sendable {
    /// The HTTP method.
    var method: String
    /// The full key (prefix included); nil for a bucket-level call.
    var key: String?
    /// Query parameters, raw (encoded when the URL is built); nil value for a bare name such as `uploads`.
    var query: [(name: String, value: String?)] = []
    /// Headers beyond `Host` and the signature, all signed (`Content-Type`, …).
    var headers: [(name: String, value: String)] = []
    /// The body; its SHA-256 is signed.
    var body: [UInt8] = []
    /// Answers that are not failures although they are not 2xx (e.g. `404 NoSuchKey` for a read), given the answer,
    /// its error body and the attempt number (from 1).
    var accepts: @Sendable (S3HTTPResponse, S3ErrorBody?, Int) -> Bool = { _, _, _ in false }
    /// Whether a `200 OK` may carry an `<Error>` body (CompleteMultipartUpload, CopyObject).
    var errorMayComeWith200 = false
    /// What messages name instead of the key, e.g. the prefix of a listing.
    var subject: String?
}

/// Sends ``S3Call``s: builds the URL, signs with the current credentials, sends through the transport, retries and
/// turns failures into ``ObjectStoreError``s without secrets.
struct S3Client: Sendable {
    let endpoint: S3Endpoint
    let region: String
    let credentials: any S3CredentialsProvider
    let transport: any S3HTTPTransport
    let requestTimeout: Duration
    let retrier: S3Retrier
    let now: @Sendable () -> Date
    let logger: Logger

    /// `s3://bucket/key` for messages, from a full key (nil: the bucket).
    func describe(_ method: String, key: String?) -> String {
        "S3 \(method) s3://\(endpoint.bucket)/\(key ?? "")"
    }

    /// Sends `call` until it succeeds or fails for good. Returns the accepted answer.
    func send(_ call: S3Call) async throws -> S3HTTPResponse {
        let operation = describe(call.method, key: call.subject ?? call.key)
        let target = endpoint.target(key: call.key, query: call.query)
        var secrets: [String?] = []
        do {
            return try await retrier.run(
                operation,
                attempt: { attempt in
                    let credentials: AWSCredentials
                    do {
                        credentials = try await self.credentials.credentials()
                    } catch let error as ObjectStoreError {
                        throw error
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        throw ObjectStoreError(.denied, "\(operation) failed: no credentials: \(error)")
                    }
                    let request = try sign(call, target: target, credentials: credentials)
                    secrets = [credentials.secretAccessKey, credentials.sessionToken, request.header("Authorization")]
                    let response = try await transport.send(request, timeout: requestTimeout)
                    logger.debug(
                        "S3 request",
                        metadata: [
                            "s3.method": "\(call.method)", "s3.bucket": "\(endpoint.bucket)",
                            "s3.key": "\(call.key ?? "")", "s3.status": "\(response.status)",
                            "s3.attempt": "\(attempt)",
                        ])
                    return response
                },
                judge: { response, attempt in
                    Self.judge(response, attempt: attempt, call: call, operation: operation)
                },
                redact: { message in
                    S3Text.redacting(secrets + Self.signatureParts(secrets), in: message)
                })
        } catch var error as ObjectStoreError {
            // Errors from the credentials provider did not pass through the retrier's redaction.
            error.message = S3Text.redacting(secrets + Self.signatureParts(secrets), in: error.message)
            throw error
        }
    }

    /// The verdict on one answer to `call`.
    static func judge(_ response: S3HTTPResponse, attempt: Int, call: S3Call, operation: String) -> S3AttemptVerdict {
        let isSuccess = (200..<300).contains(response.status)
        // Only parse bodies that can hold an error: failures, and 200s of calls that may hide one.
        let error = isSuccess && !call.errorMayComeWith200 ? nil : S3ErrorBody(xml: response.body)
        if call.accepts(response, error, attempt) { return .success }
        if isSuccess, error == nil { return .success }
        // A failure, or a 200 with an <Error> body (S3 failed after it had started answering), which the classifier
        // judges by its code: InternalError and SlowDown are retried, anything else fails.
        return S3FailureClassifier.classify(response, error: error, operation: operation)
    }

    /// The request for `call`, signed now with `credentials`.
    func sign(_ call: S3Call, target: S3Endpoint.Target, credentials: AWSCredentials) throws -> S3HTTPRequest {
        let signer = SigV4Signer(credentials: credentials, region: region, service: "s3")
        let headers = [(name: "Host", value: target.host)] + call.headers
        let signed: SigV4SignedHeaders
        do {
            signed = try signer.sign(
                method: call.method, url: target.pathAndQuery, headers: headers,
                payload: call.body.isEmpty ? .empty : .bytes(call.body), date: now())
        } catch {
            throw ObjectStoreError(.rejected, "\(describe(call.method, key: call.key)) cannot be signed: \(error)")
        }
        return S3HTTPRequest(method: call.method, url: target.url, headers: headers + signed.headers, body: call.body)
    }

    /// The signature alone, cut from an `Authorization` header, so it is redacted wherever it appears.
    static func signatureParts(_ secrets: [String?]) -> [String?] {
        secrets.compactMap { $0 }.compactMap { value in
            value.firstRange(of: "Signature=").map { String(value[$0.upperBound...]) }
        }
    }
}
