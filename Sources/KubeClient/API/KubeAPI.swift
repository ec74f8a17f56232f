import Foundation
import KubeCore

/// The Kubernetes REST operations this project uses, on raw JSON bodies.
///
/// Two implementations: ``HTTPKubeClient`` (a real API server over HTTPS) and `FakeKubeAPI` in KubeTesting (an
/// in-memory server for controller tests). Typed conveniences (`get(_:_:)`, `apply(_:fieldManager:)`, …) are in
/// `KubeAPI+Typed.swift` and work with either.
///
/// Errors are ``KubeError`` values whose ``KubeError/Code`` comes from the `Status` body the server returned (or from
/// the transport); callers branch on codes, never on message text.
public protocol KubeAPI: Sendable {
    /// `GET` one object.
    func get(_ resource: ResourceType, namespace: String?, name: String) async throws -> Data

    /// `GET` a collection, one page at a time (see ``ListOptions/limit`` and ``ListOptions/continue``).
    func list(_ resource: ResourceType, namespace: String?, options: ListOptions) async throws -> Data

    /// `GET ?watch=true`: calls `onLine` with each JSON line of the stream, in order, until the server closes the
    /// stream (returns normally, e.g. after `timeoutSeconds`) or an error occurs (throws). Cancelling the calling
    /// task closes the connection.
    func watch(
        _ resource: ResourceType, namespace: String?, options: WatchOptions,
        onLine: @Sendable (Data) async throws -> Void
    ) async throws

    /// `POST` a new object.
    func create(_ resource: ResourceType, namespace: String?, body: Data) async throws -> Data

    /// `PUT` an object or its subresource (`status`); the body's `metadata.resourceVersion`, when set, makes this a
    /// compare-and-swap that fails with ``KubeError/Code/conflict``.
    func replace(
        _ resource: ResourceType, namespace: String?, name: String, subresource: String?, body: Data
    ) async throws -> Data

    /// `PATCH` an object or its subresource.
    func patch(
        _ resource: ResourceType, namespace: String?, name: String, subresource: String?, patch: PatchRequest
    ) async throws -> Data

    /// `DELETE` an object. Succeeds when the server accepted the deletion (finalizers may keep it a while).
    func delete(_ resource: ResourceType, namespace: String?, name: String, options: DeleteOptions) async throws
}

/// Options of a list call.
public struct ListOptions: Sendable, Hashable {
    /// `app.kubernetes.io/managed-by=finops-operator`, `a in (x,y)`, … as the API server parses them.
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Page size; `nil` lists everything in one response.
    public var limit: Int?
    /// Continue token from the previous page's `metadata.continue`.
    public var `continue`: String?
    /// `"0"` allows the server to answer from its cache.
    public var resourceVersion: String?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil, continue: String? = nil,
        resourceVersion: String? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continue = `continue`
        self.resourceVersion = resourceVersion
    }
}

/// Options of a watch call.
public struct WatchOptions: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Start after this resourceVersion (from a list or the last event seen); the server answers `410 Expired`
    /// (as an `ERROR` event or a response status) when it no longer has history that old.
    public var resourceVersion: String?
    /// Ask for `BOOKMARK` events, which advance the resourceVersion without a change.
    public var allowWatchBookmarks: Bool
    /// Server-side timeout after which the stream ends normally.
    public var timeoutSeconds: Int?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
        allowWatchBookmarks: Bool = true, timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.allowWatchBookmarks = allowWatchBookmarks
        self.timeoutSeconds = timeoutSeconds
    }
}

/// A patch as sent: its kind selects the content type.
public struct PatchRequest: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `application/merge-patch+json`.
        case merge
        /// `application/json-patch+json`.
        case json
        /// Server-side apply: `application/apply-patch+yaml` with a JSON body (JSON is YAML).
        case apply
    }

    public var kind: Kind
    public var body: Data
    /// Required for `.apply`; recorded in `managedFields` for the others.
    public var fieldManager: String?
    /// Server-side apply only: take ownership of fields other managers own.
    public var force: Bool

    public init(kind: Kind, body: Data, fieldManager: String? = nil, force: Bool = false) {
        self.kind = kind
        self.body = body
        self.fieldManager = fieldManager
        self.force = force
    }

    public var contentType: String {
        switch kind {
        case .merge: return "application/merge-patch+json"
        case .json: return "application/json-patch+json"
        case .apply: return "application/apply-patch+yaml"
        }
    }
}

/// Options of a delete call.
public struct DeleteOptions: Sendable, Hashable, Encodable {
    public enum Propagation: String, Sendable, Hashable, Encodable {
        case foreground = "Foreground"
        case background = "Background"
        case orphan = "Orphan"
    }

    public struct Preconditions: Sendable, Hashable, Encodable {
        public var uid: String?
        public var resourceVersion: String?
        public init(uid: String? = nil, resourceVersion: String? = nil) {
            self.uid = uid
            self.resourceVersion = resourceVersion
        }
    }

    public var propagationPolicy: Propagation?
    /// The delete fails with ``KubeError/Code/conflict`` when the object's uid or resourceVersion differ.
    public var preconditions: Preconditions?
    public var gracePeriodSeconds: Int?

    public init(
        propagationPolicy: Propagation? = nil, preconditions: Preconditions? = nil, gracePeriodSeconds: Int? = nil
    ) {
        self.propagationPolicy = propagationPolicy
        self.preconditions = preconditions
        self.gracePeriodSeconds = gracePeriodSeconds
    }

    /// The `DeleteOptions` body as the API server expects it.
    public func body() throws -> Data {
        struct Body: Encodable {
            var apiVersion = "v1"
            var kind = "DeleteOptions"
            var options: DeleteOptions
            func encode(to encoder: any Encoder) throws {
                enum K: String, CodingKey {
                    case apiVersion, kind, propagationPolicy, preconditions, gracePeriodSeconds
                }
                var c = encoder.container(keyedBy: K.self)
                try c.encode(apiVersion, forKey: .apiVersion)
                try c.encode(kind, forKey: .kind)
                try c.encodeIfPresent(options.propagationPolicy, forKey: .propagationPolicy)
                try c.encodeIfPresent(options.preconditions, forKey: .preconditions)
                try c.encodeIfPresent(options.gracePeriodSeconds, forKey: .gracePeriodSeconds)
            }
        }
        return try KubeJSON.encode(Body(options: self))
    }
}
