import KubeCore
import Synchronization

/// The informer's cache: the last known state of every watched object, by key.
///
/// Guarantees: reads never block on the network; ``waitUntilReady()`` returns only after the first complete list
/// has been stored (kube-rs' reflector "ready" rule), so a reconciler that starts after it never mistakes "not yet
/// listed" for "does not exist"; ``controlled(by:)`` is an index, so a controller finds its children without
/// scanning the cache.
public final class Store<Object: KubernetesObject>: Sendable {
    private struct State {
        var objects: [ObjectKey: Object] = [:]
        /// Keys by the uid of their controller owner reference.
        var byController: [String: Set<ObjectKey>] = [:]
        var ready = false
        var readyWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var lastWaiterID = 0

        /// Stores `object`, keeping the controller index in step; returns the previous version.
        mutating func store(_ object: Object, at key: ObjectKey) -> Object? {
            let old = objects.updateValue(object, forKey: key)
            let before = old?.metadata.controllerReference?.uid
            let after = object.metadata.controllerReference?.uid
            if before != after {
                if let before { unindex(key, from: before) }
                if let after { byController[after, default: []].insert(key) }
            }
            return old
        }

        /// Removes the object at `key`, keeping the controller index in step.
        @discardableResult
        mutating func delete(_ key: ObjectKey) -> Object? {
            let old = objects.removeValue(forKey: key)
            if let uid = old?.metadata.controllerReference?.uid { unindex(key, from: uid) }
            return old
        }

        private mutating func unindex(_ key: ObjectKey, from uid: String) {
            byController[uid]?.remove(key)
            if byController[uid]?.isEmpty == true { byController.removeValue(forKey: uid) }
        }
    }

    private let state = Mutex(State())

    public init() {}

    public func get(_ key: ObjectKey) -> Object? { state.withLock { $0.objects[key] } }

    /// Every object, or those in one namespace, ordered by key.
    public func list(namespace: String? = nil) -> [Object] {
        state.withLock { s in
            s.objects.filter { namespace == nil || $0.key.namespace == namespace }.sorted { $0.key < $1.key }
                .map(\.value)
        }
    }

    /// Every object matching `predicate`, ordered by key.
    public func filter(_ predicate: (Object) -> Bool) -> [Object] {
        state.withLock { s in s.objects.filter { predicate($0.value) }.sorted { $0.key < $1.key }.map(\.value) }
    }

    /// The objects whose controller owner reference names `uid`, ordered by key (from an index: no scan).
    public func controlled(by uid: String) -> [Object] {
        state.withLock { s in (s.byController[uid] ?? []).sorted().compactMap { s.objects[$0] } }
    }

    public var count: Int { state.withLock { $0.objects.count } }

    public var isReady: Bool { state.withLock { $0.ready } }

    /// Suspends until the first full list has been stored, or until the calling task is cancelled (a shutdown
    /// during start-up must not wait for a list that may never come): check ``isReady`` afterwards.
    public func waitUntilReady() async {
        let id = state.withLock { s in
            s.lastWaiterID += 1
            return s.lastWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.ready || Task.isCancelled { return true }
                    s.readyWaiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.readyWaiters.removeValue(forKey: id) }?.resume()
        }
    }

    // MARK: - Updates (from the informer)

    /// Stores an added or modified object; returns the previous version.
    @discardableResult
    func upsert(_ object: Object) -> Object? {
        state.withLock { $0.store(object, at: object.key) }
    }

    /// Removes an object; returns what was stored.
    @discardableResult
    func remove(_ key: ObjectKey) -> Object? {
        state.withLock { $0.delete(key) }
    }

    /// Replaces the objects of `namespace` (all when `nil`) with a fresh list and marks the store ready once every
    /// scope has listed. Returns what changed, so the informer can tell its subscribers.
    func replace(namespace: String?, with objects: [Object], markReady: Bool) -> [InformerEvent<Object>] {
        let (events, waiters) = state.withLock { s -> ([InformerEvent<Object>], [CheckedContinuation<Void, Never>]) in
            var events: [InformerEvent<Object>] = []
            let fresh = Dictionary(objects.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
            for (key, old) in s.objects where namespace == nil || key.namespace == namespace {
                if fresh[key] == nil {
                    s.delete(key)
                    events.append(.deleted(old))
                }
            }
            for (key, new) in fresh.sorted(by: { $0.key < $1.key }) {
                if let old = s.store(new, at: key) {
                    if old.metadata.resourceVersion != new.metadata.resourceVersion {
                        events.append(.updated(old: old, new: new))
                    }
                } else {
                    events.append(.added(new))
                }
            }
            var waiters: [CheckedContinuation<Void, Never>] = []
            if markReady && !s.ready {
                s.ready = true
                waiters = Array(s.readyWaiters.values)
                s.readyWaiters = [:]
            }
            return (events, waiters)
        }
        for waiter in waiters { waiter.resume() }
        return events
    }
}

/// A change the informer observed, as its subscribers see it.
public enum InformerEvent<Object: KubernetesObject>: Sendable {
    case added(Object)
    case updated(old: Object, new: Object)
    case deleted(Object)

    /// The object after the change (the last known state for deletions).
    public var object: Object {
        switch self {
        case .added(let o), .deleted(let o): return o
        case .updated(_, let new): return new
        }
    }
}
