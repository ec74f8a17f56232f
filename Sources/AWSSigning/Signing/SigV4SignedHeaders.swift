/// The result of ``SigV4Signer/sign(method:url:headers:payload:date:)``: the headers to add to the request, and
/// the intermediate texts for diagnosing a `SignatureDoesNotMatch` (none of them contains the secret).
public struct SigV4SignedHeaders: Sendable {
    /// Headers to set on the request, in this order: `X-Amz-Date`, `X-Amz-Content-Sha256` (S3 only),
    /// `X-Amz-Security-Token` (temporary credentials only), `Authorization`.
    public var headers: [(name: String, value: String)]
    /// The `Authorization` header value.
    public var authorization: String
    /// The hex signature inside ``authorization``.
    public var signature: String
    /// The canonical request that was signed; compare with the one in AWS's error response.
    public var canonicalRequest: String
    /// The string to sign (algorithm, time, scope, hash of the canonical request).
    public var stringToSign: String

    /// The value of the added header `name` (any case), if it is one of ``headers``.
    public func value(of name: String) -> String? {
        let lowered = CanonicalHeaders.lowercased(name)
        return headers.first { CanonicalHeaders.lowercased($0.name) == lowered }?.value
    }
}
