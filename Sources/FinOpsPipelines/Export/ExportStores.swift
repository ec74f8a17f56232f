import AWSSigning
import FinOpsAPI
import Foundation
import KubeClient
import KubeCore
import Logging
import ObjectStorage
import Synchronization

/// The stores exports write to: a ``LocalDirectoryStore`` for `file://` destinations, an ``S3ObjectStore`` for
/// `s3://` ones with credentials read at each run (so a rotated Secret applies to the next run) from the
/// `credentialsSecretRef` Secret (`aws-access-key`, `aws-secret-key`, optionally `aws-session-token`) or the
/// operator's environment (static keys or an IRSA web identity token, whose exchanged keys are cached across runs).
///
/// Requests go through one process-wide HTTP client configured for S3 (no redirects: a signed request must not
/// follow S3's wrong-region answer; no transparent decompression; timeouts per exchange).
public final class ExportStores: ObjectStoreMaking {
    static let transport = S3AsyncHTTPClientTransport(
        configuration: S3AsyncHTTPClientTransport.recommendedConfiguration)

    let api: (any KubeAPI)?
    let environment: [String: String]
    /// Local mode: `s3://bucket/…` destinations are written under `<s3Directory>/<bucket>/…` instead.
    let s3Directory: String?
    let logger: Logger
    /// The environment's provider, made once: a web identity provider keeps its STS keys until near expiry.
    private let environmentProvider = Mutex<(any S3CredentialsProvider)?>(nil)

    public init(
        api: (any KubeAPI)?, environment: [String: String] = ProcessInfo.processInfo.environment,
        s3Directory: String? = nil, logger: Logger
    ) {
        self.api = api
        self.environment = environment
        self.s3Directory = s3Directory
        self.logger = logger
    }

    public func store(for export: NormalizedFocusExport, owner: ObjectKey) async throws -> any ObjectStore {
        switch export.destination {
        case .directory(let path):
            return LocalDirectoryStore(root: path)
        case .s3(let bucket, _):
            if let s3Directory { return LocalDirectoryStore(root: "\(s3Directory)/\(bucket)") }
            let credentials: any S3CredentialsProvider
            if let secret = export.credentials {
                credentials = S3StaticCredentialsProvider(try await read(secret))
            } else {
                credentials = try fromEnvironment()
            }
            let configuration = S3Configuration(
                location: try S3Location(url: "s3://\(bucket)/"),
                region: export.region ?? S3Environment.region(environment) ?? "us-east-1", endpoint: export.endpoint,
                addressing: export.pathStyle.map { $0 ? .pathStyle : .virtualHost }, credentials: credentials)
            return try S3ObjectStore(configuration: configuration, transport: Self.transport, logger: logger)
        }
    }

    private func fromEnvironment() throws -> any S3CredentialsProvider {
        if let provider = environmentProvider.withLock({ $0 }) { return provider }
        let provider = try S3Environment.credentialsProvider(environment, transport: Self.transport)
        environmentProvider.withLock { $0 = provider }
        return provider
    }

    /// The keys of the credentials Secret.
    func read(_ key: ObjectKey) async throws -> AWSCredentials {
        guard let api else {
            throw ObjectStoreError(.denied, "Secret \(key) cannot be read without a Kubernetes API.")
        }
        let secret: core.v1.Secret
        do {
            secret = try await api.get(core.v1.Secret.self, key)
        } catch {
            throw ObjectStoreError(.denied, "Secret \(key) with the object store credentials cannot be read: \(error).")
        }
        func text(_ name: String) -> String? {
            secret.value(forKey: name).flatMap { String(bytes: $0, encoding: .utf8) }?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let id = text("aws-access-key"), !id.isEmpty, let secretKey = text("aws-secret-key"), !secretKey.isEmpty
        else {
            throw ObjectStoreError(.denied, "Secret \(key) needs the keys aws-access-key and aws-secret-key.")
        }
        let token = text("aws-session-token")
        return AWSCredentials(
            accessKeyID: id, secretAccessKey: secretKey, sessionToken: token?.isEmpty == false ? token : nil)
    }
}
