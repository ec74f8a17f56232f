/// A place FOCUS files are written to: an S3 bucket (``S3ObjectStore``) or a local directory
/// (``LocalDirectoryStore``). Keys are `/`-separated paths relative to the store's root.
///
/// An object becomes visible only when its upload completes: a failed or abandoned upload leaves nothing behind
/// (S3: the multipart upload is aborted; a directory: the temporary file is removed). Writing a key again replaces
/// the object as a whole, so re-runs overwrite rather than duplicate.
public protocol ObjectStore: Sendable {
    /// A human-readable location without credentials, e.g. `s3://bucket/prefix/` or `file:///var/focus/`.
    var location: String { get }

    /// Starts writing the object at `key`.
    func upload(key: String, contentType: String) async throws -> any ObjectUpload

    /// Every object whose key starts with `prefix`, in key order (all pages of a listing).
    func list(prefix: String) async throws -> [StoredObject]

    /// The whole object at `key`, or nil when there is none.
    func read(key: String) async throws -> [UInt8]?

    /// Removes the object at `key`; nothing happens when there is none.
    func delete(key: String) async throws
}

/// An object being written: bytes in order, then ``complete()`` (visible, whole) or ``abort()`` (nothing left).
public protocol ObjectUpload: AnyObject, Sendable {
    /// Appends bytes; the upload may send a part once enough have gathered.
    func write(_ bytes: [UInt8]) async throws
    /// Makes the object visible with everything written so far.
    func complete() async throws -> StoredObject
    /// Drops everything written; safe to call after a failure, and more than once.
    func abort() async
}

/// An object as listed.
public struct StoredObject: Sendable, Hashable {
    public var key: String
    public var size: Int
    public init(key: String, size: Int) {
        self.key = key
        self.size = size
    }
}

/// Why an object store call failed, with what a status condition needs: retriable or not, and a message without
/// credentials.
public struct ObjectStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The store cannot be reached (connection refused, DNS, timeout).
        case unreachable = "ObjectStoreUnreachable"
        /// Credentials missing, rejected or without permission (403, SignatureDoesNotMatch, InvalidAccessKeyId).
        case denied = "ObjectStoreAccessDenied"
        /// The bucket or directory does not exist.
        case missing = "ObjectStoreNotFound"
        /// 5xx or throttling that outlasted the retries.
        case unavailable = "ObjectStoreUnavailable"
        /// Anything else the store refused (4xx, a malformed answer, a local I/O error).
        case rejected = "ObjectStoreRejected"
    }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    /// Whether trying again later may succeed without a change to the configuration.
    public var isRetriable: Bool { kind == .unreachable || kind == .unavailable }
    public var description: String { "\(kind.rawValue): \(message)" }
}
