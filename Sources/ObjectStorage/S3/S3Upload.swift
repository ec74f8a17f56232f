import Logging

/// An upload to S3: bytes gather in an ``S3PartBuffer``; an object of at most one part is sent in a single PUT at
/// ``complete()``, a larger one as a multipart upload whose parts are sent as they fill.
///
/// Guarantees: nothing is visible before ``complete()`` returns. A failure of any call, a cancelled task or
/// ``abort()`` aborts the multipart upload (the abort itself runs even when the task was cancelled). ``abort()``
/// called while a write is in flight waits for it, so when it returns no upload is left open.
///
/// Caveats: calls must not overlap (write, write, complete, in order); an overlapping write or complete is refused.
/// When every answer to CompleteMultipartUpload is lost, S3 may have made the object although ``complete()`` failed
/// (a retry that finds the upload gone checks the object with HEAD to tell).
actor S3Upload: ObjectUpload {
    private enum Phase {
        case open
        case completed(StoredObject)
        case aborted
        case failed(ObjectStoreError)
    }

    private let client: S3Client
    /// The key relative to the store's prefix, as the caller gave it.
    private let key: String
    private let fullKey: String
    private let contentType: String
    private var buffer: S3PartBuffer
    private var phase = Phase.open
    /// The multipart upload, once created and until completed or aborted.
    private var uploadID: String?
    private var parts: [(number: Int, etag: String)] = []
    /// A write or complete is running (it may be suspended in a request).
    private var busy = false
    private var abortRequested = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    init(client: S3Client, key: String, fullKey: String, contentType: String, partSize: Int) {
        self.client = client
        self.key = key
        self.fullKey = fullKey
        self.contentType = contentType
        self.buffer = S3PartBuffer(partSize: partSize)
    }

    func write(_ bytes: [UInt8]) async throws {
        try begin("write")
        defer { end() }
        buffer.append(bytes)
        do {
            while let part = buffer.takeFullPart() {
                try await sendPart(part)
            }
        } catch {
            throw await failed(error)
        }
    }

    func complete() async throws -> StoredObject {
        try begin("complete")
        defer { end() }
        do {
            let object = StoredObject(key: key, size: buffer.totalBytes)
            if buffer.partsCut == 0 {
                try await putObject(buffer.takeRest())
            } else {
                try await sendPart(buffer.takeRest())
                try await completeMultipartUpload(size: object.size)
            }
            phase = .completed(object)
            return object
        } catch {
            throw await failed(error)
        }
    }

    func abort() async {
        abortRequested = true
        while busy { await withCheckedContinuation { idleWaiters.append($0) } }
        if case .completed = phase { return }
        phase = .aborted
        buffer.discard()
        await abortMultipartUpload()
    }

    // MARK: - Calls in order

    /// Starts a write or complete: refused after the end, after an abort and while another call runs.
    private func begin(_ call: String) throws(ObjectStoreError) {
        let name = "the upload of \(client.describe("PUT", key: fullKey))"
        switch phase {
        case .open: break
        case .completed: throw ObjectStoreError(.rejected, "\(call) after \(name) completed.")
        case .aborted: throw ObjectStoreError(.rejected, "\(call) after \(name) was aborted.")
        case .failed(let error): throw ObjectStoreError(error.kind, "\(call) after \(name) failed: \(error.message)")
        }
        guard !abortRequested else { throw ObjectStoreError(.rejected, "\(call) after \(name) was aborted.") }
        guard !busy else {
            throw ObjectStoreError(
                .rejected, "\(call) while another call on \(name) is running; calls must not overlap.")
        }
        busy = true
    }

    /// Ends a write or complete and wakes an ``abort()`` waiting for it.
    private func end() {
        busy = false
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Records a failure, aborts the multipart upload, and returns the error to throw (cancellation stays
    /// `CancellationError`).
    private func failed(_ error: any Error) async -> any Error {
        let storeError =
            error as? ObjectStoreError
            ?? ObjectStoreError(.rejected, "The upload of \(client.describe("PUT", key: fullKey)) was cancelled.")
        phase = .failed(storeError)
        buffer.discard()
        await abortMultipartUpload()
        return error
    }

    /// Throws when ``abort()`` was called while a request was in flight.
    private func checkAbort() throws(ObjectStoreError) {
        if abortRequested {
            throw ObjectStoreError(.rejected, "The upload of \(client.describe("PUT", key: fullKey)) was aborted.")
        }
    }

    // MARK: - Requests

    private func putObject(_ bytes: [UInt8]) async throws {
        _ = try await client.send(
            S3Call(method: "PUT", key: fullKey, headers: [("Content-Type", contentType)], body: bytes))
    }

    /// Sends the next part, creating the multipart upload before the first.
    private func sendPart(_ bytes: [UInt8]) async throws {
        let uploadID = try await multipartUploadID()
        let number = parts.count + 1
        guard number <= S3Configuration.maximumPartCount else {
            throw ObjectStoreError(
                .rejected,
                "\(client.describe("PUT", key: fullKey)) needs more than \(S3Configuration.maximumPartCount) parts "
                    + "of \(buffer.partSize) bytes; configure a larger part size.")
        }
        let response = try await client.send(
            S3Call(
                method: "PUT", key: fullKey, query: [("partNumber", String(number)), ("uploadId", uploadID)],
                body: bytes))
        try checkAbort()
        guard let etag = response.header("ETag"), !etag.isEmpty else {
            throw ObjectStoreError(.rejected, "\(client.describe("PUT", key: fullKey)) part \(number): no ETag.")
        }
        parts.append((number, etag))
    }

    private func multipartUploadID() async throws -> String {
        if let uploadID { return uploadID }
        let response = try await client.send(
            S3Call(method: "POST", key: fullKey, query: [("uploads", nil)], headers: [("Content-Type", contentType)]))
        let created: String
        do {
            created = try S3InitiateMultipartUploadResult.uploadID(xml: response.body)
        } catch {
            throw ObjectStoreError(.rejected, "\(client.describe("POST", key: fullKey)) answered \(error).")
        }
        // Recorded before the abort check, so that an abort that came meanwhile removes it.
        uploadID = created
        try checkAbort()
        return created
    }

    private func completeMultipartUpload(size: Int) async throws {
        guard let uploadID else { return }
        let partCount = parts.count
        let response = try await client.send(
            S3Call(
                method: "POST", key: fullKey, query: [("uploadId", uploadID)],
                headers: [("Content-Type", "application/xml")], body: S3CompleteMultipartUploadBody.make(parts: parts),
                // A retry that finds the upload gone may follow an attempt that completed it but lost the answer.
                accepts: { response, error, attempt in
                    attempt > 1 && response.status == 404 && error?.code == "NoSuchUpload"
                },
                errorMayComeWith200: true))
        if response.status == 404 {
            try await confirmCompleted(size: size, partCount: partCount)
        }
        self.uploadID = nil
    }

    /// Checks with HEAD that the object is the one a lost CompleteMultipartUpload answer made: its size and a
    /// multipart ETag (`"…-N"`) with our number of parts.
    private func confirmCompleted(size: Int, partCount: Int) async throws {
        let head = try await client.send(
            S3Call(method: "HEAD", key: fullKey, accepts: { response, _, _ in response.status == 404 }))
        let etag = head.header("ETag")?.filter { $0 != "\"" }
        guard head.status == 200, head.header("Content-Length") == String(size),
            etag?.hasSuffix("-\(partCount)") == true
        else {
            throw ObjectStoreError(
                .rejected,
                "\(client.describe("POST", key: fullKey)) failed: the multipart upload disappeared before it completed."
            )
        }
    }

    /// Aborts the multipart upload if there is one, in a task of its own so that a cancelled caller still cleans up.
    /// A failure is logged (with the upload ID, for manual cleanup) and otherwise ignored.
    private func abortMultipartUpload() async {
        guard let uploadID else { return }
        self.uploadID = nil
        let client = self.client
        let fullKey = self.fullKey
        await Task {
            do {
                _ = try await client.send(
                    S3Call(
                        method: "DELETE", key: fullKey, query: [("uploadId", uploadID)],
                        accepts: { response, error, _ in response.status == 404 && error?.code == "NoSuchUpload" }))
            } catch {
                client.logger.warning(
                    "S3 multipart upload could not be aborted",
                    metadata: [
                        "s3.key": "\(fullKey)", "s3.upload_id": "\(uploadID)", "error": "\(error)",
                    ])
            }
        }.value
    }
}
