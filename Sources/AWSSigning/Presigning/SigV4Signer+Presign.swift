import Foundation

extension SigV4Signer {
    /// The longest validity AWS accepts for a presigned URL: seven days.
    public static let maximumPresignedExpiry = 604_800

    /// A presigned URL (path and query) that grants `method` on `url` to whoever holds it, until `expires` seconds
    /// after `date`. The authentication travels in the query (`X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
    /// `X-Amz-Expires`, `X-Amz-SignedHeaders`, `X-Amz-Security-Token`, `X-Amz-Signature`); only `host` is signed.
    ///
    /// For S3 the body is `UNSIGNED-PAYLOAD` (the holder may upload any bytes); for other services the body must
    /// be empty.
    ///
    /// - Parameters:
    ///   - url: path and query as sent, percent-encoded, as for ``sign(method:url:headers:payload:date:)``.
    ///   - host: the `Host` the request will go to (`bucket.s3.eu-west-1.amazonaws.com`).
    ///   - expires: validity in seconds, 1…604800.
    /// - Returns: the path followed by `?` and the query, with the existing parameters and the authentication
    ///   parameters in canonical order and `X-Amz-Signature` last.
    public func presignedURL(method: String, url: String, host: String, expires: Int, date: Date)
        throws(SigV4Error) -> String
    {
        guard (1...Self.maximumPresignedExpiry).contains(expires) else {
            throw SigV4Error(
                .invalidExpiry,
                "a presigned URL expires after 1 to \(Self.maximumPresignedExpiry) seconds, not \(expires)")
        }
        let (path, query) = try Self.split(url: url)
        let timestamp = SigV4Timestamp(date)
        let headers = try CanonicalHeaders([(name: "host", value: host)])

        var pairs = CanonicalQuery.parse(query)
        var authentication: [(name: Substring, value: Substring)] = [
            ("X-Amz-Algorithm", Substring(Self.algorithm)),
            (
                "X-Amz-Credential",
                Substring(SigV4PercentEncoding.encode("\(credentials.accessKeyID)/\(scope(timestamp))"))
            ),
            ("X-Amz-Date", Substring(timestamp.amzDate)),
            ("X-Amz-Expires", Substring(String(expires))),
            ("X-Amz-SignedHeaders", Substring(headers.signedNames)),
        ]
        if let token = credentials.sessionToken {
            authentication.append(("X-Amz-Security-Token", Substring(SigV4PercentEncoding.encode(token))))
        }
        pairs += authentication
        let canonicalQuery = CanonicalQuery.make(pairs: pairs)

        let canonicalRequest = [
            Self.uppercased(method),
            CanonicalURI.make(path: path, s3Rules: usesS3Rules),
            canonicalQuery,
            headers.canonical,
            headers.signedNames,
            usesS3Rules ? SigV4Payload.unsigned.hashText : SigV4Payload.empty.hashText,
        ].joined(separator: "\n")
        let signature = sign(canonicalRequest: canonicalRequest, timestamp: timestamp).signature
        return "\(path)?\(canonicalQuery)&X-Amz-Signature=\(signature)"
    }
}
