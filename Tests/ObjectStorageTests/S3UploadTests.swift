import Testing

@testable import ObjectStorage

/// Single PUTs, multipart uploads, and that failures and aborts leave neither an object nor an open upload, against
/// the in-memory ``FakeS3`` (which checks every signature).
@Suite struct S3UploadTests {
    static let partSize = 5 << 20

    @Test func thePartBufferCutsOnlyWhileMoreThanAPartIsPending() {
        var buffer = S3PartBuffer(partSize: 4)
        buffer.append([1, 2, 3, 4])
        #expect(buffer.takeFullPart() == nil)  // exactly one part: it may be the whole object
        buffer.append([5])
        #expect(buffer.takeFullPart() == [1, 2, 3, 4])
        #expect(buffer.takeFullPart() == nil)
        buffer.append([6, 7, 8, 9, 10, 11, 12, 13])
        #expect(buffer.takeFullPart() == [5, 6, 7, 8])
        #expect(buffer.takeFullPart() == [9, 10, 11, 12])
        #expect(buffer.takeFullPart() == nil)
        #expect(buffer.takeRest() == [13])
        #expect(buffer.totalBytes == 13)
        #expect(buffer.partsCut == 3)
    }

    @Test(arguments: [0, 1, 5 << 20])
    func anObjectOfAtMostOnePartIsOneSinglePut(_ size: Int) async throws {
        let s3 = FakeS3()
        let store = try S3Fixtures.store(s3)
        let bytes = S3Fixtures.bytes(size)
        let upload = try await store.upload(key: "year=2026/month=11/small file.csv", contentType: "text/csv")
        for chunk in stride(from: 0, to: size, by: 1 << 20) {
            try await upload.write(Array(bytes[chunk..<min(size, chunk + (1 << 20))]))
        }
        #expect(s3.log.isEmpty)  // nothing is sent before complete()
        let object = try await upload.complete()
        #expect(object == StoredObject(key: "year=2026/month=11/small file.csv", size: size))
        #expect(s3.log == ["PUT PutObject"])
        #expect(s3.objects["focus/year=2026/month=11/small file.csv"] == bytes)
        #expect(try await store.read(key: "year=2026/month=11/small file.csv") == bytes)
    }

    @Test func aLargerObjectGoesInPartsSentAsTheyFill() async throws {
        let s3 = FakeS3()
        let store = try S3Fixtures.store(s3)
        let size = 12 << 20
        let bytes = S3Fixtures.bytes(size, seed: 7)
        let upload = try await store.upload(key: "big.parquet", contentType: "application/vnd.apache.parquet")
        try await upload.write(Array(bytes[..<(6 << 20)]))
        #expect(s3.log == ["POST CreateMultipartUpload", "PUT UploadPart"])
        try await upload.write(Array(bytes[(6 << 20)...]))
        let object = try await upload.complete()
        #expect(object.size == size)
        #expect(
            s3.log == [
                "POST CreateMultipartUpload", "PUT UploadPart", "PUT UploadPart", "PUT UploadPart",
                "POST CompleteMultipartUpload",
            ])
        #expect(s3.objects["focus/big.parquet"] == bytes)
        #expect(s3.openUploads == 0)
    }

    @Test func oneByteMoreThanAPartMakesALastPartOfOneByte() async throws {
        let s3 = FakeS3()
        let store = try S3Fixtures.store(s3)
        let bytes = S3Fixtures.bytes(Self.partSize + 1)
        let upload = try await store.upload(key: "edge", contentType: "")
        try await upload.write(bytes)
        _ = try await upload.complete()
        #expect(s3.log.filter { $0 == "PUT UploadPart" }.count == 2)
        #expect(s3.objects["focus/edge"] == bytes)
    }

    @Test func aFailedPartAbortsTheUploadAndLeavesNothing() async throws {
        let s3 = FakeS3(fault: { operation, index in
            operation == "UploadPart" && index == 2 ? S3Fixtures.error(403, "AccessDenied") : nil
        })
        let store = try S3Fixtures.store(s3)
        let upload = try await store.upload(key: "denied.csv", contentType: "text/csv")
        try await upload.write(S3Fixtures.bytes(Self.partSize + 10))
        let error = await #expect(throws: ObjectStoreError.self) {
            try await upload.write(S3Fixtures.bytes(Self.partSize))
        }
        #expect(error?.kind == .denied)
        #expect(s3.log.last == "DELETE AbortMultipartUpload")
        #expect(s3.openUploads == 0)
        #expect(s3.objects.isEmpty)
        // The upload stays failed; abort() afterwards is harmless.
        let again = await #expect(throws: ObjectStoreError.self) { _ = try await upload.complete() }
        #expect(again?.kind == .denied)
        await upload.abort()
        #expect(s3.log.filter { $0 == "DELETE AbortMultipartUpload" }.count == 1)
    }

    @Test func abortAfterPartsRemovesTheUpload() async throws {
        let s3 = FakeS3()
        let store = try S3Fixtures.store(s3)
        let upload = try await store.upload(key: "abandoned", contentType: "text/csv")
        try await upload.write(S3Fixtures.bytes(2 * Self.partSize + 1))
        #expect(s3.openUploads == 1)
        await upload.abort()
        await upload.abort()
        #expect(s3.openUploads == 0)
        #expect(s3.objects.isEmpty)
        #expect(s3.log.filter { $0 == "DELETE AbortMultipartUpload" }.count == 1)
        let error = await #expect(throws: ObjectStoreError.self) { try await upload.write([1]) }
        #expect(error?.kind == .rejected)
        #expect(try await store.pendingUploads().isEmpty)
    }

    @Test func abortOfASmallUploadSendsNothing() async throws {
        let s3 = FakeS3()
        let upload = try await S3Fixtures.store(s3).upload(key: "small", contentType: "text/csv")
        try await upload.write([1, 2, 3])
        await upload.abort()
        #expect(s3.log.isEmpty)
        await #expect(throws: ObjectStoreError.self) { _ = try await upload.complete() }
    }

    @Test func aCompleteAnsweringTwoHundredWithAnInternalErrorIsRetried() async throws {
        let s3 = FakeS3(fault: { operation, index in
            operation == "CompleteMultipartUpload" && index == 3
                ? S3Fixtures.error(200, "InternalError", "We encountered an internal error. Please try again.") : nil
        })
        let store = try S3Fixtures.store(s3)
        let upload = try await store.upload(key: "retried", contentType: "text/csv")
        let bytes = S3Fixtures.bytes(Self.partSize + 5)
        try await upload.write(bytes)
        _ = try await upload.complete()
        #expect(s3.log.suffix(2) == ["POST CompleteMultipartUpload", "POST CompleteMultipartUpload"])
        #expect(s3.objects["focus/retried"] == bytes)
    }

    @Test func aCompleteAnsweringTwoHundredWithAFatalErrorFailsAndAborts() async throws {
        let s3 = FakeS3(fault: { operation, _ in
            operation == "CompleteMultipartUpload" ? S3Fixtures.error(200, "InvalidPart", "One part is missing.") : nil
        })
        let store = try S3Fixtures.store(s3)
        let upload = try await store.upload(key: "broken", contentType: "text/csv")
        try await upload.write(S3Fixtures.bytes(Self.partSize + 5))
        let error = await #expect(throws: ObjectStoreError.self) { _ = try await upload.complete() }
        #expect(error?.kind == .rejected)
        #expect(error?.message.contains("HTTP 200 InvalidPart: One part is missing.") == true)
        #expect(s3.log.last == "DELETE AbortMultipartUpload")
        #expect(s3.openUploads == 0)
        #expect(s3.objects.isEmpty)
    }

    @Test func aCompleteWhoseAnswerWasLostIsConfirmedByItsObject() async throws {
        // The first CompleteMultipartUpload takes effect, then the connection drops before the answer.
        let s3 = FakeS3(after: { operation, index in
            if operation == "CompleteMultipartUpload" && index == 3 { throw S3TransportError("connection reset") }
        })
        let store = try S3Fixtures.store(s3)
        let upload = try await store.upload(key: "lost-answer", contentType: "text/csv")
        let bytes = S3Fixtures.bytes(Self.partSize + 5)
        try await upload.write(bytes)
        let object = try await upload.complete()
        #expect(object.size == bytes.count)
        #expect(
            s3.log.suffix(3) == ["POST CompleteMultipartUpload", "POST CompleteMultipartUpload", "HEAD HeadObject"])
        #expect(s3.objects["focus/lost-answer"] == bytes)
    }

    @Test func anUploadGoneOnTheFirstCompleteIsAFailure() async throws {
        let s3 = FakeS3(fault: { operation, _ in
            operation == "CompleteMultipartUpload" ? S3Fixtures.error(404, "NoSuchUpload") : nil
        })
        let upload = try await S3Fixtures.store(s3).upload(key: "gone", contentType: "text/csv")
        try await upload.write(S3Fixtures.bytes(Self.partSize + 5))
        let error = await #expect(throws: ObjectStoreError.self) { _ = try await upload.complete() }
        #expect(error?.kind == .rejected)
        #expect(!s3.log.contains("HEAD HeadObject"))
    }

    @Test func writesAfterCompleteAreRefused() async throws {
        let s3 = FakeS3()
        let upload = try await S3Fixtures.store(s3).upload(key: "done", contentType: "text/csv")
        try await upload.write([1])
        _ = try await upload.complete()
        await #expect(throws: ObjectStoreError.self) { try await upload.write([2]) }
        await #expect(throws: ObjectStoreError.self) { _ = try await upload.complete() }
        await upload.abort()  // too late to drop a completed object: nothing happens
        #expect(s3.objects["focus/done"] == [1])
    }

    @Test func aCancelledWriteStillAbortsTheUpload() async throws {
        // The task is cancelled while its part is throttled; the retry wait sees the cancellation.
        let s3 = FakeS3(fault: { operation, _ in
            guard operation == "UploadPart" else { return nil }
            withUnsafeCurrentTask { $0?.cancel() }
            return S3Fixtures.error(503, "SlowDown")
        })
        let store = try S3Fixtures.store(s3)
        let upload = try await store.upload(key: "cancelled", contentType: "text/csv")
        let task = Task { try await upload.write(S3Fixtures.bytes(Self.partSize + 1)) }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(s3.log == ["POST CreateMultipartUpload", "PUT UploadPart", "DELETE AbortMultipartUpload"])
        #expect(s3.openUploads == 0)
        #expect(s3.objects.isEmpty)
    }

    @Test func theContentTypeIsSentWithTheObject() async throws {
        let s3 = FakeS3()
        let store = try S3Fixtures.store(s3)
        let upload = try await store.upload(key: "typed", contentType: "text/csv")
        try await upload.write([1])
        _ = try await upload.complete()
        #expect(s3.state.withLock { $0.objects["focus/typed"]?.contentType } == "text/csv")
        let untyped = try await store.upload(key: "untyped", contentType: "")
        _ = try await untyped.complete()
        #expect(s3.state.withLock { $0.objects["focus/untyped"]?.contentType } == "application/octet-stream")
    }
}
