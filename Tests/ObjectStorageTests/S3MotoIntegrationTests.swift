import AWSSigning
import Foundation
import Testing

@testable import ObjectStorage

/// The store against moto's S3 with SigV4 signature checking on (Tests/Integration/run-swift-tests.sh starts it and
/// sets `FINOPS_TEST_S3_ENDPOINT`, `FINOPS_TEST_S3_ACCESS_KEY` and `FINOPS_TEST_S3_SECRET_KEY`). Every test works in
/// a bucket of its own.
@Suite(
    .enabled(if: MotoS3.endpoint != nil, "set FINOPS_TEST_S3_ENDPOINT (Tests/Integration/run-swift-tests.sh)"))
struct S3MotoIntegrationTests {
    @Test func aSmallObjectRoundTripsUnderAHivePathWithSpaces() async throws {
        let store = try await MotoS3.store()
        let key = "year=2026/month=11/cost report #1 (eu).csv"
        let bytes = Array("BilledCost,ServiceName\n1.5,Amazon S3\n".utf8)
        let upload = try await store.upload(key: key, contentType: "text/csv")
        try await upload.write(bytes)
        #expect(try await store.read(key: key) == nil)  // not visible before complete()
        let object = try await upload.complete()
        #expect(object == StoredObject(key: key, size: bytes.count))
        #expect(try await store.read(key: key) == bytes)
        #expect(try await store.list(prefix: "year=2026/") == [object])
        #expect(try await store.list(prefix: "year=2026/month=11/cost report") == [object])
    }

    @Test func aMultipartObjectReadsBackByteIdentical() async throws {
        let store = try await MotoS3.store()
        let bytes = S3Fixtures.bytes(12 << 20, seed: 3)
        let upload = try await store.upload(key: "big/focus.parquet", contentType: "application/vnd.apache.parquet")
        for offset in stride(from: 0, to: bytes.count, by: 3 << 20) {
            try await upload.write(Array(bytes[offset..<min(bytes.count, offset + (3 << 20))]))
        }
        let object = try await upload.complete()
        #expect(object.size == 12 << 20)
        let read = try #require(try await store.read(key: "big/focus.parquet"))
        #expect(read.count == bytes.count)
        #expect(read == bytes)
        #expect(try await store.list(prefix: "big/") == [StoredObject(key: "big/focus.parquet", size: 12 << 20)])
        #expect(try await store.pendingUploads().isEmpty)
    }

    @Test func anAbortedMultipartUploadLeavesNoObjectAndNoUpload() async throws {
        let store = try await MotoS3.store()
        let upload = try await store.upload(key: "aborted.parquet", contentType: "application/octet-stream")
        try await upload.write(S3Fixtures.bytes(11 << 20))
        #expect(try await store.pendingUploads().map(\.key) == ["aborted.parquet"])
        await upload.abort()
        #expect(try await store.pendingUploads().isEmpty)
        #expect(try await store.read(key: "aborted.parquet") == nil)
        #expect(try await store.list(prefix: "").isEmpty)
    }

    @Test func listingPagesThroughEveryKey() async throws {
        let store = try await MotoS3.store(listPageSize: 3)
        let keys = (0..<11).map { "billing_period=2026-\(String(format: "%02d", $0 % 12 + 1))/part \($0).csv" }
        for key in keys {
            let upload = try await store.upload(key: key, contentType: "text/csv")
            try await upload.write(Array(key.utf8))
            _ = try await upload.complete()
        }
        let listed = try await store.list(prefix: "")
        #expect(listed.map(\.key) == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(listed.allSatisfy { $0.size == $0.key.utf8.count })
        #expect(
            try await store.list(prefix: "billing_period=2026-03/").map(\.key) == ["billing_period=2026-03/part 2.csv"])
    }

    @Test func deleteRemovesTheObject() async throws {
        let store = try await MotoS3.store()
        let upload = try await store.upload(key: "x=1/y z.csv", contentType: "text/csv")
        try await upload.write([1, 2, 3])
        _ = try await upload.complete()
        try await store.delete(key: "x=1/y z.csv")
        try await store.delete(key: "x=1/y z.csv")
        #expect(try await store.read(key: "x=1/y z.csv") == nil)
    }

    @Test func aWrongSecretKeyIsDeniedWithoutTheSecretInTheMessage() async throws {
        let good = try await MotoS3.store()
        let wrongSecret = "Wrong+Secret/\(UUID().uuidString)"
        let store = try MotoS3.store(
            bucket: good.configuration.bucket,
            credentials: AWSCredentials(accessKeyID: try #require(MotoS3.accessKey), secretAccessKey: wrongSecret))
        let error = await #expect(throws: ObjectStoreError.self) { try await store.list(prefix: "") }
        #expect(error?.kind == .denied)
        #expect(error?.message.contains("SignatureDoesNotMatch") == true)
        #expect(error?.message.contains(wrongSecret) == false)
        let upload = try await store.upload(key: "denied.csv", contentType: "text/csv")
        try await upload.write([1])
        let uploadError = await #expect(throws: ObjectStoreError.self) { _ = try await upload.complete() }
        #expect(uploadError?.kind == .denied)
    }

    @Test func anUnknownAccessKeyIsDenied() async throws {
        let good = try await MotoS3.store()
        let store = try MotoS3.store(
            bucket: good.configuration.bucket,
            credentials: AWSCredentials(accessKeyID: "AKIANOTAREALKEY00000", secretAccessKey: "whatever-secret"))
        let error = await #expect(throws: ObjectStoreError.self) { try await store.read(key: "a") }
        #expect(error?.kind == .denied)
        #expect(error?.message.contains("whatever-secret") == false)
    }

    @Test func aMissingBucketIsMissing() async throws {
        let store = try MotoS3.store(bucket: "finops-missing-\(UUID().uuidString.lowercased().prefix(8))")
        let error = await #expect(throws: ObjectStoreError.self) { try await store.list(prefix: "") }
        #expect(error?.kind == .missing)
        #expect(error?.isRetriable == false)
        let readError = await #expect(throws: ObjectStoreError.self) { try await store.read(key: "a") }
        #expect(readError?.kind == .missing)
    }
}

/// The moto server of the integration run.
enum MotoS3 {
    static let environment = ProcessInfo.processInfo.environment
    static let endpoint = environment["FINOPS_TEST_S3_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
    static let accessKey = environment["FINOPS_TEST_S3_ACCESS_KEY"]
    static let secretKey = environment["FINOPS_TEST_S3_SECRET_KEY"]
    static let region = environment["FINOPS_TEST_S3_REGION"] ?? "us-east-1"
    /// One client for the whole run (an HTTPClient must be shut down before it is released; this one never is).
    static let transport = S3AsyncHTTPClientTransport(
        configuration: S3AsyncHTTPClientTransport.recommendedConfiguration)

    static var credentials: AWSCredentials {
        AWSCredentials(accessKeyID: accessKey ?? "", secretAccessKey: secretKey ?? "")
    }

    /// A store on a bucket that is created first, under the prefix `exports/`.
    static func store(listPageSize: Int = 1000) async throws -> S3ObjectStore {
        let store = try store(bucket: "finops-\(UUID().uuidString.lowercased())", listPageSize: listPageSize)
        try await store.createBucket()
        return store
    }

    /// A store on `bucket` (not created), 5 MiB parts, quick retries.
    static func store(
        bucket: String, listPageSize: Int = 1000, credentials: AWSCredentials = MotoS3.credentials
    ) throws -> S3ObjectStore {
        var configuration = S3Configuration(
            location: S3Location(bucket: bucket, prefix: "exports"), region: region, endpoint: endpoint,
            credentials: credentials)
        configuration.partSize = S3Configuration.minimumPartSize
        configuration.listPageSize = listPageSize
        configuration.retry = S3RetryPolicy(maximumAttempts: 3, initialDelay: .milliseconds(50))
        return try S3ObjectStore(configuration: configuration, transport: transport, clock: RecordingClock())
    }
}
