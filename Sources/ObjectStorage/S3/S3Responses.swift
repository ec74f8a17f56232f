/// The parts of S3's XML answers the store uses, read from ``S3XMLElement`` trees.

/// The `<Error>` body of a failed S3 call (or of a `200 OK` CompleteMultipartUpload that failed).
struct S3ErrorBody: Sendable, Hashable {
    /// `NoSuchKey`, `SlowDown`, `SignatureDoesNotMatch`, …
    var code: String
    /// S3's sentence; never holds credentials (S3 echoes the string to sign elsewhere, in fields not read here).
    var message: String
    /// The bucket's region, which S3 adds when a request was signed for the wrong one.
    var region: String?

    /// The error in `bytes`, or nil when they are empty or not an `<Error>` document. STS wraps its error in
    /// `<ErrorResponse>`; both shapes are accepted.
    init?(xml bytes: [UInt8]) {
        guard bytes.contains(where: { $0 == UInt8(ascii: "<") }), let root = try? S3XML.parse(bytes) else {
            return nil
        }
        let error: S3XMLElement
        if root.name == "Error" {
            error = root
        } else if root.name == "ErrorResponse", let inner = root.child("Error") {
            error = inner
        } else {
            return nil
        }
        guard let code = error.value("Code"), !code.isEmpty else { return nil }
        self.code = code
        self.message = error.value("Message") ?? ""
        self.region = error.value("Region")
    }

    init(code: String, message: String, region: String? = nil) {
        self.code = code
        self.message = message
        self.region = region
    }
}

/// One page of a ListObjectsV2 answer (`<ListBucketResult>`).
struct S3ListPage: Sendable, Hashable {
    /// Full keys (with the store's prefix) and sizes, in the order listed.
    var objects: [StoredObject]
    /// The token for the next page; nil on the last one.
    var nextContinuationToken: String?

    init(objects: [StoredObject], nextContinuationToken: String?) {
        self.objects = objects
        self.nextContinuationToken = nextContinuationToken
    }

    init(xml bytes: [UInt8]) throws(S3XMLError) {
        let root = try S3XML.parse(bytes)
        guard root.name == "ListBucketResult" else {
            throw S3XMLError(message: "expected <ListBucketResult>, got <\(root.name)>")
        }
        var objects: [StoredObject] = []
        for entry in root.children("Contents") {
            guard let key = entry.value("Key"), let sizeText = entry.value("Size"), let size = Int(sizeText) else {
                throw S3XMLError(message: "a <Contents> entry without a <Key> or a numeric <Size>")
            }
            objects.append(StoredObject(key: key, size: size))
        }
        self.objects = objects
        if root.value("IsTruncated") == "true" {
            guard let token = root.value("NextContinuationToken"), !token.isEmpty else {
                throw S3XMLError(message: "a truncated listing without a <NextContinuationToken>")
            }
            nextContinuationToken = token
        } else {
            nextContinuationToken = nil
        }
    }
}

/// The upload ID in an `<InitiateMultipartUploadResult>`.
enum S3InitiateMultipartUploadResult {
    static func uploadID(xml bytes: [UInt8]) throws(S3XMLError) -> String {
        let root = try S3XML.parse(bytes)
        guard root.name == "InitiateMultipartUploadResult", let id = root.value("UploadId"), !id.isEmpty else {
            throw S3XMLError(message: "expected <InitiateMultipartUploadResult> with an <UploadId>")
        }
        return id
    }
}

/// A multipart upload still open, from `<ListMultipartUploadsResult>`.
struct S3PendingUpload: Sendable, Hashable {
    /// The full key.
    var key: String
    var uploadID: String

    static func list(xml bytes: [UInt8]) throws(S3XMLError) -> (uploads: [S3PendingUpload], truncated: Bool) {
        let root = try S3XML.parse(bytes)
        guard root.name == "ListMultipartUploadsResult" else {
            throw S3XMLError(message: "expected <ListMultipartUploadsResult>, got <\(root.name)>")
        }
        let uploads = root.children("Upload").compactMap { upload -> S3PendingUpload? in
            guard let key = upload.value("Key"), let id = upload.value("UploadId") else { return nil }
            return S3PendingUpload(key: key, uploadID: id)
        }
        return (uploads, root.value("IsTruncated") == "true")
    }
}

/// The body of CompleteMultipartUpload: every part's number and ETag, in order.
enum S3CompleteMultipartUploadBody {
    static func make(parts: [(number: Int, etag: String)]) -> [UInt8] {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts {
            xml += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\(S3XML.escape(part.etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        return Array(xml.utf8)
    }
}
