/// An AWS access key pair, optionally with the session token of temporary (STS) credentials.
///
/// Guarantees: the secret access key and the session token never appear in `description`, `debugDescription`,
/// string interpolation, `dump(_:)` or any other `Mirror`-based printing, so credentials can travel through logs
/// and error messages without leaking. Only ``accessKeyID`` (which AWS itself treats as non-secret and puts in
/// every `Authorization` header) is shown.
public struct AWSCredentials: Sendable, Hashable {
    /// The access key ID (`AKIA…` or, for temporary credentials, `ASIA…`).
    public var accessKeyID: String
    /// The secret access key; only ever used as HMAC key material.
    public var secretAccessKey: String
    /// The session token of temporary credentials; sent as `X-Amz-Security-Token`.
    public var sessionToken: String?

    /// Credentials from their parts; `sessionToken` only for temporary credentials.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The access key ID with the secrets replaced by `<redacted>`.
    public var description: String {
        let token = sessionToken == nil ? "nil" : "<redacted>"
        return "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, sessionToken: \(token))"
    }

    /// Same as ``description``: debug output must not leak the secret either.
    public var debugDescription: String { description }

    /// A mirror without the secret fields, so `dump(_:)` and reflection-based printers stay safe.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": accessKeyID, "secretAccessKey": "<redacted>",
                "sessionToken": sessionToken == nil ? "nil" : "<redacted>",
            ],
            displayStyle: .struct)
    }
}
