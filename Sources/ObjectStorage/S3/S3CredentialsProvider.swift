import AWSSigning

/// Where the S3 store gets the credentials it signs with. Asked before every request (retries included), so a
/// provider of temporary credentials can hand out fresh ones; it should cache them.
public protocol S3CredentialsProvider: Sendable {
    /// Credentials valid for the next request. Throws ``ObjectStoreError`` (``ObjectStoreError/Kind/denied`` when
    /// there are none or they were refused, ``ObjectStoreError/Kind/unreachable`` or
    /// ``ObjectStoreError/Kind/unavailable`` when a credentials service could not answer).
    func credentials() async throws -> AWSCredentials
}

/// Fixed credentials, e.g. read by the caller from a Kubernetes Secret. Read the Secret again and build a new store
/// to pick up a rotated key.
public struct S3StaticCredentialsProvider: S3CredentialsProvider {
    private let value: AWSCredentials

    /// A provider that always answers `credentials`.
    public init(_ credentials: AWSCredentials) {
        self.value = credentials
    }

    /// Credentials from a Secret's values (already decoded to text). Each value is looked up under the first of its
    /// key names that the Secret has: by default the project's `aws-access-key`, `aws-secret-key`,
    /// `aws-session-token` (optional), then the SDKs' `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`. Surrounding whitespace (a trailing newline) is dropped. Throws
    /// ``ObjectStoreError/Kind/denied`` naming the missing key (never a value).
    public init(
        secretValues: [String: String], accessKeyIDKeys: [String] = ["aws-access-key", "AWS_ACCESS_KEY_ID"],
        secretAccessKeyKeys: [String] = ["aws-secret-key", "AWS_SECRET_ACCESS_KEY"],
        sessionTokenKeys: [String] = ["aws-session-token", "AWS_SESSION_TOKEN"]
    ) throws(ObjectStoreError) {
        func value(_ keys: [String]) -> String? {
            keys.lazy.compactMap { secretValues[$0].map(S3Text.trimmed) }.first { !$0.isEmpty }
        }
        func required(_ keys: [String]) throws(ObjectStoreError) -> String {
            guard let found = value(keys) else {
                let names = keys.joined(separator: " or ")
                throw ObjectStoreError(.denied, "The S3 credentials Secret has no value for the key \(names).")
            }
            return found
        }
        self.value = AWSCredentials(
            accessKeyID: try required(accessKeyIDKeys), secretAccessKey: try required(secretAccessKeyKeys),
            sessionToken: value(sessionTokenKeys))
    }

    public func credentials() async throws -> AWSCredentials { value }
}

/// The AWS SDKs' environment variables.
public enum S3Environment {
    /// The region from `AWS_REGION`, else `AWS_DEFAULT_REGION`.
    public static func region(_ environment: [String: String]) -> String? {
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let value = environment[name].map(S3Text.trimmed), !value.isEmpty { return value }
        }
        return nil
    }

    /// Static keys from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`; nil when the first two
    /// are not both set.
    public static func staticCredentials(_ environment: [String: String]) -> AWSCredentials? {
        guard let id = environment["AWS_ACCESS_KEY_ID"].map(S3Text.trimmed), !id.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"].map(S3Text.trimmed), !secret.isEmpty
        else { return nil }
        let token = environment["AWS_SESSION_TOKEN"].map(S3Text.trimmed)
        return AWSCredentials(
            accessKeyID: id, secretAccessKey: secret, sessionToken: token?.isEmpty == false ? token : nil)
    }

    /// The provider the environment describes, in the SDKs' order: web identity (IRSA: `AWS_WEB_IDENTITY_TOKEN_FILE`
    /// and `AWS_ROLE_ARN`, exchanged at STS through `transport`) first, then static keys. Throws
    /// ``ObjectStoreError/Kind/denied`` when neither is configured.
    public static func credentialsProvider(
        _ environment: [String: String], transport: any S3HTTPTransport
    ) throws(ObjectStoreError) -> any S3CredentialsProvider {
        if let webIdentity = S3WebIdentityCredentialsProvider(environment: environment, transport: transport) {
            return webIdentity
        }
        if let keys = staticCredentials(environment) { return S3StaticCredentialsProvider(keys) }
        throw ObjectStoreError(
            .denied,
            "No AWS credentials in the environment: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
                + "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN (IRSA).")
    }
}

/// Small text helpers shared by the S3 files.
enum S3Text {
    /// `text` without leading and trailing whitespace and newlines (values from Secrets often end in `\n`).
    static func trimmed(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }

    /// `message` with every occurrence of the non-empty `secrets` replaced by `<redacted>`.
    static func redacting(_ secrets: [String?], in message: String) -> String {
        var message = message
        for case let secret? in secrets where secret.utf8.count >= 4 {
            message = message.replacing(secret, with: "<redacted>")
        }
        return message
    }
}
