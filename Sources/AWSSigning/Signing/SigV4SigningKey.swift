import Crypto

/// The SigV4 signing key and signature: a chain of HMAC-SHA256 over the date, region, service and the terminator
/// `aws4_request`, keyed first by `"AWS4" + secret`.
///
/// The key depends only on the day, so a long-running client could cache it per day; at our request rates
/// (a few per poll) deriving it per request costs nothing worth the cache.
public enum SigV4SigningKey {
    /// The derived key for `dateStamp` (`yyyyMMdd`), `region` and `service`.
    public static func derive(secretAccessKey: String, dateStamp: String, region: String, service: String)
        -> [UInt8]
    {
        var key = Array(("AWS4" + secretAccessKey).utf8)
        for part in [dateStamp, region, service, "aws4_request"] {
            key = hmac(key: key, message: Array(part.utf8))
        }
        return key
    }

    /// Lower-case hex HMAC-SHA256 of `stringToSign` under `signingKey`.
    static func signature(signingKey: [UInt8], stringToSign: String) -> String {
        SigV4Hex.encode(hmac(key: signingKey, message: Array(stringToSign.utf8)))
    }

    private static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}
