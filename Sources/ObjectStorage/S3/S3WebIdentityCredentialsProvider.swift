import AWSSigning
import Foundation
import Logging

/// Temporary credentials for a pod's service account (EKS IRSA and the like): the projected web identity token is
/// exchanged at STS (`AssumeRoleWithWebIdentity`, an unsigned call) for keys of the role, cached until shortly
/// before they expire.
///
/// Guarantees:
/// - The token file is read at each exchange, so the kubelet's rotation of it is followed.
/// - Concurrent callers share one exchange; credentials are refreshed ``refreshMargin`` before they expire, and if a
///   refresh fails while the old ones are still valid, those are used (and the failure logged).
/// - Failed exchanges are retried like S3 requests; a refused token is ``ObjectStoreError/Kind/denied``. Messages
///   never hold the token or the keys.
public actor S3WebIdentityCredentialsProvider: S3CredentialsProvider {
    /// The role to assume, `arn:aws:iam::123456789012:role/finops`.
    nonisolated public let roleARN: String
    /// The file holding the web identity token (a JWT).
    nonisolated public let tokenFile: String
    /// The name of the role session, shown in CloudTrail.
    nonisolated public let sessionName: String
    /// Credentials are renewed this long before they expire.
    nonisolated public let refreshMargin: Duration

    private let stsURL: String
    private let stsHost: String
    private let stsPath: String
    private let transport: any S3HTTPTransport
    private let requestTimeout: Duration
    private let retrier: S3Retrier
    private let now: @Sendable () -> Date
    private var cached: (credentials: AWSCredentials, expiration: Date)?
    private var refreshing: Task<(credentials: AWSCredentials, expiration: Date), any Error>?

    /// A provider assuming `roleARN` with the token in `tokenFile`.
    ///
    /// - Parameters:
    ///   - stsEndpoint: the STS URL; nil for the regional endpoint `https://sts.<region>.amazonaws.com` (the global
    ///     `https://sts.amazonaws.com` without a region).
    ///   - clock, now, random: time for retries and expiry, injectable for tests.
    public init(
        roleARN: String, tokenFile: String, sessionName: String = "finops-operator", region: String?,
        stsEndpoint: String? = nil, transport: any S3HTTPTransport, retry: S3RetryPolicy = .init(),
        requestTimeout: Duration = .seconds(30), refreshMargin: Duration = .seconds(300),
        logger: Logger = Logger(label: "finops.objectstorage.sts"), clock: any Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { .random(in: 0..<1) }
    ) throws(ObjectStoreError) {
        self.roleARN = roleARN
        self.tokenFile = tokenFile
        self.sessionName = sessionName
        self.refreshMargin = refreshMargin
        let endpoint: (scheme: String, host: String, port: Int?, basePath: String)
        if let stsEndpoint {
            endpoint = try S3Endpoint.parse(stsEndpoint)
        } else if let region, !region.isEmpty {
            let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
            endpoint = ("https", "sts.\(region).\(suffix)", nil, "")
        } else {
            endpoint = ("https", "sts.amazonaws.com", nil, "")
        }
        stsHost = endpoint.port.map { "\(endpoint.host):\($0)" } ?? endpoint.host
        stsPath = endpoint.basePath + "/"
        stsURL = "\(endpoint.scheme)://\(stsHost)\(stsPath)"
        self.transport = transport
        self.requestTimeout = requestTimeout
        self.retrier = S3Retrier(policy: retry, clock: clock, random: random, logger: logger)
        self.now = now
    }

    /// The provider the SDKs' variables describe: `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN` (both required),
    /// `AWS_ROLE_SESSION_NAME`, the region from `AWS_REGION`/`AWS_DEFAULT_REGION`, and the STS endpoint from
    /// `AWS_ENDPOINT_URL_STS`. Nil when the two required variables are not set (or the endpoint is invalid).
    public init?(environment: [String: String], transport: any S3HTTPTransport) {
        guard let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"].map(S3Text.trimmed), !tokenFile.isEmpty,
            let roleARN = environment["AWS_ROLE_ARN"].map(S3Text.trimmed), !roleARN.isEmpty
        else { return nil }
        let sessionName = environment["AWS_ROLE_SESSION_NAME"].map(S3Text.trimmed)
        let endpoint = environment["AWS_ENDPOINT_URL_STS"].map(S3Text.trimmed)
        try? self.init(
            roleARN: roleARN, tokenFile: tokenFile,
            sessionName: sessionName?.isEmpty == false ? sessionName! : "finops-operator",
            region: S3Environment.region(environment), stsEndpoint: endpoint?.isEmpty == false ? endpoint : nil,
            transport: transport)
    }

    public func credentials() async throws -> AWSCredentials {
        let current = now()
        if let cached, current < cached.expiration.addingTimeInterval(-Self.seconds(refreshMargin)) {
            return cached.credentials
        }
        let task: Task<(credentials: AWSCredentials, expiration: Date), any Error>
        if let refreshing {
            task = refreshing
        } else {
            task = Task { try await self.assumeRole() }
            refreshing = task
        }
        do {
            let fresh = try await task.value
            refreshing = nil
            cached = fresh
            return fresh.credentials
        } catch {
            refreshing = nil
            // Keys that are still valid beat an outage of STS.
            if let cached, now() < cached.expiration {
                retrier.logger.warning(
                    "STS refresh failed, using the current credentials until they expire",
                    metadata: ["error": "\(error)", "aws.role_arn": "\(roleARN)"])
                return cached.credentials
            }
            throw error
        }
    }

    // MARK: - The exchange

    /// Reads the token and exchanges it at STS.
    nonisolated private func assumeRole() async throws -> (credentials: AWSCredentials, expiration: Date) {
        let operation = "STS AssumeRoleWithWebIdentity for \(roleARN)"
        let token = try readToken()
        let form = [
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleARN),
            ("RoleSessionName", sessionName), ("WebIdentityToken", token),
        ].map { "\($0)=\(SigV4PercentEncoding.encode($1))" }.joined(separator: "&")
        let request = S3HTTPRequest(
            method: "POST", url: stsURL,
            headers: [
                ("Host", stsHost), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                ("Accept", "application/xml"),
            ],
            body: Array(form.utf8))
        let response: S3HTTPResponse
        do {
            response = try await retrier.run(
                operation, attempt: { _ in try await transport.send(request, timeout: requestTimeout) },
                judge: { response, _ in
                    if (200..<300).contains(response.status) { return .success }
                    return S3FailureClassifier.classify(
                        response, error: S3ErrorBody(xml: response.body), operation: operation)
                },
                redact: { S3Text.redacting([token], in: $0) })
        } catch var error as ObjectStoreError {
            error.message = S3Text.redacting([token], in: error.message)
            throw error
        }
        return try Self.parseCredentials(response.body, operation: operation)
    }

    nonisolated private func readToken() throws(ObjectStoreError) -> String {
        guard let data = FileManager.default.contents(atPath: tokenFile),
            case let token = S3Text.trimmed(String(decoding: data, as: UTF8.self)), !token.isEmpty
        else {
            throw ObjectStoreError(.denied, "The web identity token file \(tokenFile) cannot be read or is empty.")
        }
        return token
    }

    /// The credentials and their expiry in an `AssumeRoleWithWebIdentityResponse`.
    static func parseCredentials(_ body: [UInt8], operation: String) throws(ObjectStoreError) -> (
        credentials: AWSCredentials, expiration: Date
    ) {
        let root: S3XMLElement
        do { root = try S3XML.parse(body) } catch {
            throw ObjectStoreError(.rejected, "\(operation) answered \(error).")
        }
        guard root.name == "AssumeRoleWithWebIdentityResponse",
            let credentials = root.child("AssumeRoleWithWebIdentityResult")?.child("Credentials"),
            let accessKeyID = credentials.value("AccessKeyId"), !accessKeyID.isEmpty,
            let secret = credentials.value("SecretAccessKey"), !secret.isEmpty,
            let expirationText = credentials.value("Expiration"),
            let expiration = parseTimestamp(S3Text.trimmed(expirationText))
        else {
            throw ObjectStoreError(.rejected, "\(operation) answered without complete credentials.")
        }
        let token = credentials.value("SessionToken")
        return (
            AWSCredentials(
                accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token?.isEmpty == false ? token : nil),
            expiration
        )
    }

    /// An ISO 8601 timestamp as STS writes it (`2026-11-03T10:15:00Z`, fractions and offsets accepted).
    static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
