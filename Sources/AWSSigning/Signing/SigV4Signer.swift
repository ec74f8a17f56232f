import Foundation

/// Signs HTTP requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`), in an `Authorization` header or as a
/// presigned URL (``presignedURL(method:url:host:expires:date:)``).
///
/// Guarantees:
/// - Pure: no clock, no I/O. The signing time is a parameter, so tests and retries are deterministic.
/// - The canonical URI follows the service's rule: S3 signs the path as sent (encoded once, not normalised),
///   every other service normalises the path and encodes it again (see ``CanonicalURI``).
/// - Only the headers passed in are signed, plus the ones the signer adds (`X-Amz-Date`, `X-Amz-Content-Sha256`
///   for S3, `X-Amz-Security-Token`). Pass `Host` and the headers that no proxy will rewrite; leave out
///   `User-Agent`, `Connection` and the like.
///
/// Caveats: the body hash must describe the bytes actually sent; chunked (`STREAMING-…`) signing is not supported.
public struct SigV4Signer: Sendable {
    /// The signing identity.
    public let credentials: AWSCredentials
    /// The region in the credential scope, e.g. `eu-west-1`.
    public let region: String
    /// The service in the credential scope, e.g. `s3`, `iam`, `execute-api`.
    public let service: String
    /// Whether S3's rules apply: path encoded once and not normalised, `X-Amz-Content-Sha256` always sent. True for
    /// `s3` and its variants (`s3-object-lambda`, `s3-outposts`).
    public let usesS3Rules: Bool

    /// The algorithm name in the `Authorization` header and the string to sign.
    static let algorithm = "AWS4-HMAC-SHA256"

    /// A signer for `service` in `region`.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.usesS3Rules = service == "s3" || service.hasPrefix("s3-")
    }

    /// Signs a request and returns the headers to add.
    ///
    /// - Parameters:
    ///   - method: the HTTP method (`GET`, `PUT`, …).
    ///   - url: the path and query as sent, percent-encoded (`/bucket/report%20v1.csv?versionId=3`). Build S3 keys
    ///     with ``SigV4PercentEncoding/encode(_:keepingSlashes:)``.
    ///   - headers: the headers to sign; must include `Host`. A name may repeat (its values are joined in order).
    ///     Any `Authorization`, `X-Amz-Date`, `X-Amz-Content-Sha256` or `X-Amz-Security-Token` given is replaced.
    ///   - payload: the body, its SHA-256, or ``SigV4Payload/unsigned``.
    ///   - date: the signing time; AWS rejects signatures more than 15 minutes off its clock.
    public func sign(
        method: String, url: String, headers: [(name: String, value: String)], payload: SigV4Payload = .empty,
        date: Date
    ) throws(SigV4Error) -> SigV4SignedHeaders {
        let (path, query) = try Self.split(url: url)
        let timestamp = SigV4Timestamp(date)
        let payloadHash = payload.hashText

        var added: [(name: String, value: String)] = [("X-Amz-Date", timestamp.amzDate)]
        if usesS3Rules { added.append(("X-Amz-Content-Sha256", payloadHash)) }
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }

        let replaced: Set<String> = ["authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"]
        let kept = headers.filter { !replaced.contains(CanonicalHeaders.lowercased(CanonicalHeaders.trimmed($0.name))) }
        guard kept.contains(where: { CanonicalHeaders.lowercased(CanonicalHeaders.trimmed($0.name)) == "host" }) else {
            throw SigV4Error(.missingHost, "the headers to sign have no Host header; SigV4 requires it")
        }
        let canonicalHeaders = try CanonicalHeaders(kept + added)

        let canonicalRequest = [
            Self.uppercased(method),
            CanonicalURI.make(path: path, s3Rules: usesS3Rules),
            CanonicalQuery.make(query: query),
            canonicalHeaders.canonical,
            canonicalHeaders.signedNames,
            payloadHash,
        ].joined(separator: "\n")
        let (stringToSign, signature) = sign(canonicalRequest: canonicalRequest, timestamp: timestamp)
        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(timestamp)), "
            + "SignedHeaders=\(canonicalHeaders.signedNames), Signature=\(signature)"
        return SigV4SignedHeaders(
            headers: added + [("Authorization", authorization)], authorization: authorization, signature: signature,
            canonicalRequest: canonicalRequest, stringToSign: stringToSign)
    }

    /// The credential scope: `yyyyMMdd/region/service/aws4_request`.
    func scope(_ timestamp: SigV4Timestamp) -> String {
        "\(timestamp.dateStamp)/\(region)/\(service)/aws4_request"
    }

    /// The string to sign for `canonicalRequest` and its signature.
    func sign(canonicalRequest: String, timestamp: SigV4Timestamp) -> (stringToSign: String, signature: String) {
        let stringToSign = [
            Self.algorithm, timestamp.amzDate, scope(timestamp), SigV4Hex.sha256(of: Array(canonicalRequest.utf8)),
        ].joined(separator: "\n")
        let key = SigV4SigningKey.derive(
            secretAccessKey: credentials.secretAccessKey, dateStamp: timestamp.dateStamp, region: region,
            service: service)
        return (stringToSign, SigV4SigningKey.signature(signingKey: key, stringToSign: stringToSign))
    }

    /// `url` split into path and query; a fragment is dropped (it is never sent).
    static func split(url: String) throws(SigV4Error) -> (path: Substring, query: Substring) {
        guard url.first == "/" else {
            throw SigV4Error(.invalidURL, "the URL to sign must be a path and query starting with '/', got \"\(url)\"")
        }
        let withoutFragment = url[..<(url.firstIndex(of: "#") ?? url.endIndex)]
        guard let question = withoutFragment.firstIndex(of: "?") else {
            return (withoutFragment, withoutFragment[withoutFragment.endIndex...])
        }
        return (withoutFragment[..<question], withoutFragment[withoutFragment.index(after: question)...])
    }

    /// ASCII upper-casing for the method.
    static func uppercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }
}
