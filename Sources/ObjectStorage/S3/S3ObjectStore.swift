import AWSSigning
import AsyncHTTPClient
import Foundation
import Logging

/// An ``ObjectStore`` in an S3 bucket (AWS or any S3-compatible server), under a key prefix.
///
/// Guarantees:
/// - Keys given and returned are relative to ``S3Configuration/prefix``; they are percent-encoded byte by byte, so
///   Hive paths (`year=2026/month=11/part 0.parquet`) round-trip and sign correctly.
/// - An upload is invisible until ``ObjectUpload/complete()`` returns: objects of at most one part go in a single PUT
///   sent at completion, larger ones in a multipart upload that is aborted on ``ObjectUpload/abort()``, on any
///   failure and on cancellation.
/// - Every request is signed with SigV4 (payload hash included) using credentials asked for at each attempt, and
///   retried per ``S3Configuration/retry`` when the failure may pass (no answer, 5xx, 429 and throttling codes).
/// - Errors are ``ObjectStoreError``s whose messages never hold the secret key, session token or signature.
///
/// Caveats: an object is read whole into memory. A CreateMultipartUpload retried after a lost answer can leave an
/// empty multipart upload behind; give the bucket a lifecycle rule that aborts incomplete uploads after a day.
public struct S3ObjectStore: ObjectStore {
    /// The configuration the store was made with.
    public let configuration: S3Configuration
    let client: S3Client

    /// A store sending its requests through `httpClient` (owned and shut down by the caller; see
    /// ``S3AsyncHTTPClientTransport/recommendedConfiguration``). Throws ``ObjectStoreError/Kind/rejected`` for an
    /// invalid configuration.
    public init(
        configuration: S3Configuration, httpClient: HTTPClient,
        logger: Logger = Logger(label: "finops.objectstorage.s3")
    ) throws(ObjectStoreError) {
        try self.init(
            configuration: configuration, transport: S3AsyncHTTPClientTransport(client: httpClient), logger: logger)
    }

    /// A store over any transport, with injectable time: `clock` paces retries, `now` dates signatures and `random`
    /// (0..<1) spreads retry waits. Throws ``ObjectStoreError/Kind/rejected`` for an invalid configuration.
    public init(
        configuration: S3Configuration, transport: any S3HTTPTransport,
        logger: Logger = Logger(label: "finops.objectstorage.s3"), clock: any Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { .random(in: 0..<1) }
    ) throws(ObjectStoreError) {
        guard (S3Configuration.minimumPartSize...S3Configuration.maximumPartSize).contains(configuration.partSize)
        else {
            throw ObjectStoreError(
                .rejected,
                "The S3 part size \(configuration.partSize) is outside \(S3Configuration.minimumPartSize)…"
                    + "\(S3Configuration.maximumPartSize) bytes.")
        }
        guard (1...1000).contains(configuration.listPageSize) else {
            throw ObjectStoreError(
                .rejected, "The S3 list page size \(configuration.listPageSize) is outside 1…1000.")
        }
        guard configuration.requestTimeout > .zero else {
            throw ObjectStoreError(.rejected, "The S3 request timeout must be positive.")
        }
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "s3.bucket"] = "\(configuration.bucket)"
        client = S3Client(
            endpoint: try S3Endpoint(configuration), region: configuration.region,
            credentials: configuration.credentials, transport: transport, requestTimeout: configuration.requestTimeout,
            retrier: S3Retrier(policy: configuration.retry, clock: clock, random: random, logger: logger), now: now,
            logger: logger)
    }

    /// `s3://bucket/prefix/`.
    public var location: String { configuration.location.description }

    public func upload(key: String, contentType: String) async throws -> any ObjectUpload {
        let fullKey = try self.fullKey(key)
        return S3Upload(
            client: client, key: key, fullKey: fullKey,
            contentType: contentType.isEmpty ? configuration.defaultContentType : contentType,
            partSize: configuration.partSize)
    }

    public func list(prefix: String) async throws -> [StoredObject] {
        try Self.validate(prefix, what: "prefix")
        let root = configuration.prefix
        var objects: [StoredObject] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String?)] = [
                ("list-type", "2"), ("prefix", root + prefix), ("max-keys", String(configuration.listPageSize)),
            ]
            if let token { query.append(("continuation-token", token)) }
            let response = try await client.send(
                S3Call(method: "GET", key: nil, query: query, subject: root + prefix))
            let page: S3ListPage
            do { page = try S3ListPage(xml: response.body) } catch {
                throw ObjectStoreError(.rejected, "\(client.describe("GET", key: root + prefix)) answered \(error).")
            }
            for object in page.objects where object.key.hasPrefix(root) {
                objects.append(StoredObject(key: String(object.key.dropFirst(root.count)), size: object.size))
            }
            token = page.nextContinuationToken
        } while token != nil
        return objects.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    public func read(key: String) async throws -> [UInt8]? {
        let response = try await client.send(
            S3Call(
                method: "GET", key: try fullKey(key),
                accepts: { response, error, _ in Self.isMissingKey(response, error) }))
        // The only 404 accepted is a missing key.
        return response.status == 404 ? nil : response.body
    }

    public func delete(key: String) async throws {
        _ = try await client.send(
            S3Call(
                method: "DELETE", key: try fullKey(key),
                accepts: { response, error, _ in Self.isMissingKey(response, error) }))
    }

    /// Creates the bucket in the configured region; nothing happens when this account owns it already. For tests
    /// and first-time setup: the operator does not create buckets on its own.
    public func createBucket() async throws {
        var body: [UInt8] = []
        if configuration.region != "us-east-1" {
            body = Array(
                ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>"
                    + S3XML.escape(configuration.region) + "</LocationConstraint></CreateBucketConfiguration>").utf8)
        }
        _ = try await client.send(
            S3Call(
                method: "PUT", key: nil, headers: body.isEmpty ? [] : [("Content-Type", "application/xml")], body: body,
                accepts: { _, error, _ in error?.code == "BucketAlreadyOwnedByYou" }))
    }

    // MARK: - Keys

    /// The full key of the relative `key`. Refused: an empty key, a leading `/`, `.` or `..` segments (proxies and
    /// local directories would resolve them), control characters (XML listings cannot carry them) and full keys
    /// over S3's 1024 bytes.
    func fullKey(_ key: String) throws(ObjectStoreError) -> String {
        guard !key.isEmpty, !key.hasPrefix("/") else {
            throw ObjectStoreError(.rejected, "The object key \"\(key)\" is empty or starts with '/'.")
        }
        guard !key.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == "." || $0 == ".." })
        else {
            throw ObjectStoreError(.rejected, "The object key \"\(key)\" has a '.' or '..' segment.")
        }
        try Self.validate(key, what: "key")
        let full = configuration.prefix + key
        guard full.utf8.count <= 1024 else {
            throw ObjectStoreError(.rejected, "The object key \"\(full)\" is longer than S3's 1024 bytes.")
        }
        return full
    }

    static func validate(_ text: String, what: String) throws(ObjectStoreError) {
        guard !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw ObjectStoreError(
                .rejected, "The object \(what) \"\(text.debugDescription)\" has a control character.")
        }
    }

    /// A `404` for a missing key (not a missing bucket): `NoSuchKey`, or no error body at all.
    static func isMissingKey(_ response: S3HTTPResponse, _ error: S3ErrorBody?) -> Bool {
        response.status == 404 && (error == nil || error?.code == "NoSuchKey")
    }
}
