import Testing

@testable import ObjectStorage

/// Listing across pages, reading and deleting, with keys relative to the store's prefix.
@Suite struct S3ListReadDeleteTests {
    func store(_ s3: FakeS3, pageSize: Int = 1000) throws -> S3ObjectStore {
        try S3Fixtures.store(s3, listPageSize: pageSize)
    }

    func put(_ store: S3ObjectStore, _ key: String, _ bytes: [UInt8]) async throws {
        let upload = try await store.upload(key: key, contentType: "text/csv")
        try await upload.write(bytes)
        _ = try await upload.complete()
    }

    @Test func listingFollowsContinuationTokensAcrossPages() async throws {
        let s3 = FakeS3()
        let store = try store(s3, pageSize: 2)
        let keys = (1...7).map { "year=2026/month=\($0)/part 0.csv" }
        for (index, key) in keys.enumerated() { try await put(store, key, Array(repeating: 1, count: index)) }
        s3.state.withLock { $0.objects["outside/prefix.csv"] = ([], nil, "\"x\"") }

        let listed = try await store.list(prefix: "year=2026/")
        #expect(listed.map(\.key) == keys.sorted())
        #expect(listed.first { $0.key == keys[3] }?.size == 3)
        #expect(s3.log.filter { $0 == "GET ListObjectsV2" }.count == 4)  // 2 + 2 + 2 + 1
    }

    @Test func listingWithANarrowerPrefixAndNoMatches() async throws {
        let s3 = FakeS3()
        let store = try store(s3)
        try await put(store, "a/1.csv", [1])
        try await put(store, "b/2.csv", [2])
        #expect(try await store.list(prefix: "b/") == [StoredObject(key: "b/2.csv", size: 1)])
        #expect(try await store.list(prefix: "c/").isEmpty)
        #expect(try await store.list(prefix: "").map(\.key) == ["a/1.csv", "b/2.csv"])
    }

    @Test func readingAMissingKeyIsNil() async throws {
        let store = try store(FakeS3())
        #expect(try await store.read(key: "nothing/here.csv") == nil)
    }

    @Test func readingFromAMissingBucketIsMissing() async throws {
        let s3 = FakeS3()
        s3.state.withLock { $0.buckets = [] }
        let error = await #expect(throws: ObjectStoreError.self) { try await store(s3).read(key: "a") }
        #expect(error?.kind == .missing)
        #expect(error?.isRetriable == false)
    }

    @Test func deleteRemovesAndIsQuietForAMissingKey() async throws {
        let s3 = FakeS3()
        let store = try store(s3)
        try await put(store, "k=v/a b", [1, 2])
        try await store.delete(key: "k=v/a b")
        try await store.delete(key: "k=v/a b")
        #expect(s3.objects.isEmpty)
        #expect(try await store.read(key: "k=v/a b") == nil)
    }

    @Test func createBucketIsIdempotent() async throws {
        let s3 = FakeS3()
        var configuration = try store(s3).configuration
        configuration.location = S3Location(bucket: "new-bucket")
        let store = try S3ObjectStore(
            configuration: configuration, transport: s3, clock: RecordingClock(), now: { S3Fixtures.date })
        try await store.createBucket()
        try await store.createBucket()
        #expect(s3.state.withLock { $0.buckets.contains("new-bucket") })
    }
}
