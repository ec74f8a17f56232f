import Foundation
import KubeClient
import KubeCore

/// Fills the fields an API server defaults on every write of a resource (`previous` is the stored object on an
/// update, `nil` on a create). See ``BuiltInDefaults`` for the built-in kinds.
public typealias ResourceDefaulter = @Sendable (_ object: inout JSONValue, _ previous: JSONValue?) -> Void

/// The state of the fake API server: registered resources, stored objects, the global resourceVersion and the
/// bounded history of changes that watches replay.
///
/// A value type without I/O or concurrency, in the spirit of a state machine: every write goes through
/// ``commit(_:_:_:previous:)``, which stamps the next resourceVersion and records a ``Change``; ``FakeKubeAPI`` keeps
/// the cluster behind its lock and hands the changes to watchers (``drainChanges()``) in the same critical section,
/// so every watcher sees changes in commit order.
struct FakeCluster: Sendable {
    /// How a resource is served.
    struct Registration: Sendable {
        var type: ResourceType
        var hasStatusSubresource: Bool
        var defaulter: ResourceDefaulter?
        var id: ResourceID { ResourceID(type) }
    }

    /// Wall time for `creationTimestamp` and `deletionTimestamp`.
    let now: @Sendable () -> Date
    /// How many changes the history keeps; older ones are compacted (a watch from before them gets `410 Expired`).
    let historyLimit: Int

    var registrations: [ResourceID: Registration] = [:]
    var objects: [ResourceID: [ObjectKey: JSONValue]] = [:]
    /// The global resourceVersion: the revision of the last committed write.
    var revision: Int64 = 0
    /// Changes after ``compactedRevision``, oldest first.
    var history: [Change] = []
    /// A watch may resume from any resourceVersion at or after this one.
    var compactedRevision: Int64 = 0
    /// Changes committed since the last ``drainChanges()``.
    var unpublished: [Change] = []
    /// Uids whose deletion was asked with `propagationPolicy: Orphan`.
    var orphaning: Set<String> = []
    var lastUID = 0
    var lastGeneratedName = 0

    init(now: @escaping @Sendable () -> Date, historyLimit: Int) {
        self.now = now
        self.historyLimit = max(0, historyLimit)
    }

    // MARK: - Registry

    mutating func register(_ registration: Registration) {
        registrations[registration.id] = registration
    }

    func registration(for resource: ResourceType) throws -> Registration {
        guard let registration = registrations[ResourceID(resource)] else {
            throw APIErrors.unknownResource(resource)
        }
        return registration
    }

    /// Registration and key of one object, as its URL names it. A namespaced resource needs a namespace (there is
    /// no such URL without one); a cluster-scoped one ignores it.
    func locate(_ resource: ResourceType, namespace: String?, name: String) throws -> (Registration, ObjectKey) {
        let registration = try registration(for: resource)
        guard !name.isEmpty else { throw APIErrors.notFound(registration.type, name) }
        if registration.type.namespaced {
            guard let namespace, !namespace.isEmpty else {
                throw APIErrors.notFound(registration.type, name)
            }
            return (registration, ObjectKey(namespace: namespace, name: name))
        }
        return (registration, ObjectKey(namespace: nil, name: name))
    }

    // MARK: - Reads

    func get(_ resource: ResourceType, namespace: String?, name: String) throws -> JSONValue {
        let (registration, key) = try locate(resource, namespace: namespace, name: name)
        guard let object = objects[registration.id]?[key] else { throw APIErrors.notFound(registration.type, name) }
        return object
    }

    /// Objects of a resource in `namespace` (all namespaces when `nil`), sorted by namespace and name.
    func sortedObjects(_ id: ResourceID, namespace: String?) -> [JSONValue] {
        (objects[id] ?? [:]).filter { namespace == nil || $0.key.namespace == namespace }.sorted { $0.key < $1.key }
            .map(\.value)
    }

    /// Whether any stored object, of any resource, has this uid.
    func uidExists(_ uid: String) -> Bool {
        objects.values.contains { $0.values.contains { $0.metaString("uid") == uid } }
    }

    // MARK: - Committing writes

    /// Stores (or, for `.deleted`, removes) `object` under the next resourceVersion and records the change.
    /// Returns the object as stored.
    @discardableResult
    mutating func commit(
        _ type: WatchEventType, _ id: ResourceID, _ object: JSONValue, previous: JSONValue?
    ) -> JSONValue {
        revision += 1
        var object = object
        object.setMeta("resourceVersion", .string(String(revision)))
        let key = object.storedKey
        if type == .deleted {
            objects[id]?[key] = nil
        } else {
            objects[id, default: [:]][key] = object
        }
        let change = Change(resource: id, type: type, object: object, previous: previous, revision: revision)
        history.append(change)
        unpublished.append(change)
        if history.count > historyLimit {
            let dropped = history.count - historyLimit
            compactedRevision = history[dropped - 1].revision
            history.removeFirst(dropped)
        }
        return object
    }

    /// The changes committed since the last call, in commit order.
    mutating func drainChanges() -> [Change] {
        defer { unpublished.removeAll() }
        return unpublished
    }

    /// Forgets every change so far, as an etcd compaction does: watches from an older resourceVersion expire.
    mutating func compactHistory() {
        history.removeAll()
        compactedRevision = revision
    }

    // MARK: - Server-assigned values

    mutating func nextUID() -> String {
        lastUID += 1
        return "uid-" + String(lastUID).leftPadded(to: 6)
    }

    /// The 5-character suffix `generateName` gets, from the alphabet kube-apiserver uses (no vowels, no
    /// look-alikes); a counter instead of randomness keeps tests deterministic.
    mutating func nextGeneratedSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        lastGeneratedName += 1
        var n = lastGeneratedName
        var suffix = ""
        for _ in 0..<5 {
            suffix = String(alphabet[n % alphabet.count]) + suffix
            n /= alphabet.count
        }
        return suffix
    }

    /// `now()` as `metav1.Time` stores it.
    var timestamp: JSONValue { storedTimestamp(now()) }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
