import Foundation
import Synchronization
import Testing

@testable import AWSSigning
@testable import ObjectStorage

/// A clock that never waits: every sleep is recorded and time jumps to its deadline.
final class RecordingClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))

    var now: Instant { Instant(offset: state.withLock { $0.now }) }
    var minimumResolution: Duration { .zero }
    /// The waits asked for, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(deadline.offset - state.now)
            state.now = max(state.now, deadline.offset)
        }
    }
}

/// A transport answering from a closure, recording every request.
final class ScriptedTransport: S3HTTPTransport, Sendable {
    private let handler: @Sendable (S3HTTPRequest, Int) throws -> S3HTTPResponse
    private let recorded = Mutex<[S3HTTPRequest]>([])

    /// `handler` gets each request and its index (from 0).
    init(_ handler: @escaping @Sendable (S3HTTPRequest, Int) throws -> S3HTTPResponse) {
        self.handler = handler
    }

    /// Answers the scripted responses in order (an `Error` in the list is thrown); past the end, the last again.
    convenience init(_ script: [Result<S3HTTPResponse, S3TransportError>]) {
        self.init { _, index in try script[min(index, script.count - 1)].get() }
    }

    var requests: [S3HTTPRequest] { recorded.withLock { $0 } }

    func send(_ request: S3HTTPRequest, timeout: Duration) async throws -> S3HTTPResponse {
        let index = recorded.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        return try handler(request, index)
    }
}

/// Fixtures shared by the S3 suites.
enum S3Fixtures {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    /// 2026-11-03T10:15:00Z.
    static let date = Date(timeIntervalSince1970: 1_793_700_900)
    static let mebibyte = 1 << 20

    /// A path-style store on `http://127.0.0.1:9000`, bucket `finops`, prefix `focus/`, retries without waiting.
    static func store(
        _ transport: any S3HTTPTransport, clock: RecordingClock = RecordingClock(), partSize: Int = 5 << 20,
        listPageSize: Int = 1000, retry: S3RetryPolicy = S3RetryPolicy(jitter: 0),
        credentials: any S3CredentialsProvider = S3StaticCredentialsProvider(S3Fixtures.credentials)
    ) throws -> S3ObjectStore {
        var configuration = S3Configuration(
            location: S3Location(bucket: "finops", prefix: "focus"), region: "us-east-1",
            endpoint: "http://127.0.0.1:9000", credentials: credentials)
        configuration.partSize = partSize
        configuration.listPageSize = listPageSize
        configuration.retry = retry
        return try S3ObjectStore(
            configuration: configuration, transport: transport, clock: clock, now: { S3Fixtures.date },
            random: { 0.5 })
    }

    /// A block of a prime length, so that no two parts of a repetition of it are equal.
    static let block: [UInt8] = (0..<65_521).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }

    /// `count` bytes repeating ``block`` from offset `seed` (so misplaced or repeated parts show). Built by copying
    /// blocks: a byte-by-byte loop takes seconds for megabytes in a debug build.
    static func bytes(_ count: Int, seed: Int = 0) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        bytes += block[(seed % block.count)...].prefix(count)
        while bytes.count < count { bytes += block.prefix(count - bytes.count) }
        return bytes
    }

    static func xml(_ text: String, status: Int = 200) -> S3HTTPResponse {
        S3HTTPResponse(status: status, headers: [("Content-Type", "application/xml")], body: Array(text.utf8))
    }

    static func error(_ status: Int, _ code: String, _ message: String = "A message.") -> S3HTTPResponse {
        xml(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code><Message>\(message)</Message>"
                + "<RequestId>REQ1</RequestId></Error>", status: status)
    }
}

/// An in-memory S3 behind the transport seam: path-style buckets, objects, multipart uploads and ListObjectsV2
/// paging. Every request's signature is checked by signing it again (the store's clock is fixed).
final class FakeS3: S3HTTPTransport, Sendable {
    struct Upload: Sendable {
        var key: String
        var contentType: String?
        var parts: [Int: [UInt8]] = [:]
    }

    struct State: Sendable {
        var buckets: Set<String> = ["finops"]
        var objects: [String: (body: [UInt8], contentType: String?, etag: String)] = [:]
        var uploads: [String: Upload] = [:]
        var nextUploadID = 1
        /// `METHOD operation` of every request, e.g. `PUT UploadPart`.
        var log: [String] = []
    }

    let state = Mutex(State())
    /// Called before each request with its operation name; a non-nil answer replaces the real one, a thrown
    /// ``S3TransportError`` stands for a lost connection. `after` is the same after the operation took effect.
    let fault: @Sendable (_ operation: String, _ index: Int) throws -> S3HTTPResponse?
    let after: @Sendable (_ operation: String, _ index: Int) throws -> Void

    init(
        fault: @escaping @Sendable (String, Int) throws -> S3HTTPResponse? = { _, _ in nil },
        after: @escaping @Sendable (String, Int) throws -> Void = { _, _ in }
    ) {
        self.fault = fault
        self.after = after
    }

    var log: [String] { state.withLock { $0.log } }
    var objects: [String: [UInt8]] { state.withLock { $0.objects.mapValues(\.body) } }
    var openUploads: Int { state.withLock { $0.uploads.count } }

    func send(_ request: S3HTTPRequest, timeout: Duration) async throws -> S3HTTPResponse {
        try Self.checkSignature(request)
        guard let components = URLComponents(string: request.url) else { throw S3TransportError("bad URL") }
        let segments = components.percentEncodedPath.dropFirst().split(
            separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let bucket = segments.first.map(String.init) ?? ""
        let key = segments.count > 1 ? String(segments.last!).removingPercentEncoding : nil
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let operation = Self.operation(method: request.method, key: key, query: query)
        let index = state.withLock { state in
            state.log.append("\(request.method) \(operation)")
            return state.log.count - 1
        }
        if let injected = try fault(operation, index) { return injected }
        let response = state.withLock { state in
            Self.handle(&state, operation, bucket: bucket, key: key, query: query, request: request)
        }
        try after(operation, index)
        return response
    }

    static func operation(method: String, key: String?, query: [String: String]) -> String {
        switch (method, key != nil) {
        case ("PUT", false): return "CreateBucket"
        case ("GET", false): return query["uploads"] != nil ? "ListMultipartUploads" : "ListObjectsV2"
        case ("PUT", true): return query["uploadId"] != nil ? "UploadPart" : "PutObject"
        case ("POST", true): return query["uploads"] != nil ? "CreateMultipartUpload" : "CompleteMultipartUpload"
        case ("DELETE", true): return query["uploadId"] != nil ? "AbortMultipartUpload" : "DeleteObject"
        case ("GET", true): return "GetObject"
        case ("HEAD", true): return "HeadObject"
        default: return "Unknown"
        }
    }

    private static func handle(
        _ state: inout State, _ operation: String, bucket: String, key: String?, query: [String: String],
        request: S3HTTPRequest
    ) -> S3HTTPResponse {
        if operation == "CreateBucket" {
            if state.buckets.contains(bucket) { return S3Fixtures.error(409, "BucketAlreadyOwnedByYou") }
            state.buckets.insert(bucket)
            return S3HTTPResponse(status: 200)
        }
        guard state.buckets.contains(bucket) else { return S3Fixtures.error(404, "NoSuchBucket") }
        let key = key ?? ""
        switch operation {
        case "PutObject":
            state.objects[key] = (request.body, request.header("Content-Type"), "\"single\"")
            return S3HTTPResponse(status: 200, headers: [("ETag", "\"single\"")])
        case "GetObject", "HeadObject":
            guard let object = state.objects[key] else {
                return operation == "HeadObject" ? S3HTTPResponse(status: 404) : S3Fixtures.error(404, "NoSuchKey")
            }
            return S3HTTPResponse(
                status: 200, headers: [("Content-Length", String(object.body.count)), ("ETag", object.etag)],
                body: operation == "GetObject" ? object.body : [])
        case "DeleteObject":
            state.objects[key] = nil
            return S3HTTPResponse(status: 204)
        case "CreateMultipartUpload":
            let id = "upload-\(state.nextUploadID)"
            state.nextUploadID += 1
            state.uploads[id] = Upload(key: key, contentType: request.header("Content-Type"))
            return S3Fixtures.xml(
                "<InitiateMultipartUploadResult><Bucket>\(bucket)</Bucket><Key>\(S3XML.escape(key))</Key>"
                    + "<UploadId>\(id)</UploadId></InitiateMultipartUploadResult>")
        case "UploadPart":
            guard let id = query["uploadId"], state.uploads[id] != nil, let number = Int(query["partNumber"] ?? "")
            else { return S3Fixtures.error(404, "NoSuchUpload") }
            state.uploads[id]?.parts[number] = request.body
            return S3HTTPResponse(status: 200, headers: [("ETag", "\"etag-\(number)\"")])
        case "CompleteMultipartUpload":
            guard let id = query["uploadId"], let upload = state.uploads[id] else {
                return S3Fixtures.error(404, "NoSuchUpload")
            }
            guard let root = try? S3XML.parse(request.body) else { return S3Fixtures.error(400, "MalformedXML") }
            let listed = root.children("Part").map { (Int($0.value("PartNumber") ?? "") ?? 0, $0.value("ETag") ?? "") }
            guard listed.map(\.0) == Array(1...max(1, upload.parts.count)),
                listed.allSatisfy({ $0.1 == "\"etag-\($0.0)\"" })
            else { return S3Fixtures.error(400, "InvalidPart") }
            for (number, body) in upload.parts where number < upload.parts.count && body.count < 5 << 20 {
                return S3Fixtures.error(400, "EntityTooSmall")
            }
            let body = listed.flatMap { upload.parts[$0.0] ?? [] }
            state.objects[upload.key] = (body, upload.contentType, "\"multi-\(listed.count)\"")
            state.uploads[id] = nil
            return S3Fixtures.xml(
                "<CompleteMultipartUploadResult><Key>\(S3XML.escape(key))</Key></CompleteMultipartUploadResult>")
        case "AbortMultipartUpload":
            guard let id = query["uploadId"], state.uploads.removeValue(forKey: id) != nil else {
                return S3Fixtures.error(404, "NoSuchUpload")
            }
            return S3HTTPResponse(status: 204)
        case "ListObjectsV2":
            let prefix = query["prefix"] ?? ""
            let pageSize = Int(query["max-keys"] ?? "1000") ?? 1000
            var keys = state.objects.keys.filter { $0.hasPrefix(prefix) }.sorted {
                $0.utf8.lexicographicallyPrecedes($1.utf8)
            }
            if let token = query["continuation-token"] {
                // Tokens look like S3's: opaque, with characters that need encoding.
                let after = String(token.dropFirst("tok/".count).dropLast(2))
                keys = keys.filter { after.utf8.lexicographicallyPrecedes($0.utf8) }
            }
            let page = keys.prefix(pageSize)
            var xml =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>\(bucket)</Name>"
                + "<Prefix>\(S3XML.escape(prefix))</Prefix><KeyCount>\(page.count)</KeyCount>"
                + "<IsTruncated>\(keys.count > pageSize)</IsTruncated>"
            for key in page {
                xml +=
                    "<Contents><Key>\(S3XML.escape(key))</Key>"
                    + "<Size>\(state.objects[key]?.body.count ?? 0)</Size></Contents>"
            }
            if keys.count > pageSize, let last = page.last {
                xml += "<NextContinuationToken>\(S3XML.escape("tok/\(last)=="))</NextContinuationToken>"
            }
            return S3Fixtures.xml(xml + "</ListBucketResult>")
        case "ListMultipartUploads":
            var xml = "<ListMultipartUploadsResult><IsTruncated>false</IsTruncated>"
            for (id, upload) in state.uploads {
                xml += "<Upload><Key>\(S3XML.escape(upload.key))</Key><UploadId>\(id)</UploadId></Upload>"
            }
            return S3Fixtures.xml(xml + "</ListMultipartUploadsResult>")
        default:
            return S3Fixtures.error(400, "NotImplemented")
        }
    }

    /// Signs the request again from its own parts and compares the `Authorization` header.
    static func checkSignature(_ request: S3HTTPRequest) throws {
        guard let components = URLComponents(string: request.url) else { throw S3TransportError("bad URL") }
        let pathAndQuery = components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        let unsigned = request.headers.filter {
            !["authorization", "x-amz-date", "x-amz-content-sha256"].contains($0.name.lowercased())
        }
        let signer = SigV4Signer(credentials: S3Fixtures.credentials, region: "us-east-1", service: "s3")
        let expected = try signer.sign(
            method: request.method, url: pathAndQuery, headers: unsigned, payload: .bytes(request.body),
            date: S3Fixtures.date)
        guard request.header("Authorization") == expected.authorization,
            request.header("X-Amz-Content-Sha256") == SigV4Hex.sha256(of: request.body)
        else {
            throw S3TransportError("FakeS3: signature mismatch for \(request.method) \(request.url)")
        }
    }
}
