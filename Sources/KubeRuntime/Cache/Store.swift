import KubeCore
import Synchronization

/// The informer's cache: the last known state of every watched object, by key.
///
/// Guarantees: reads never block on the network; ``waitUntilReady()`` returns only after the first complete list
/// has been stored (kube-rs' reflector "ready" rule), so a reconciler that starts after it never mistakes "not yet
/// listed" for "does not exist".
public final class Store<Object: KubernetesObject>: Sendable {
    private struct State {
        var objects: [ObjectKey: Object] = [:]
        var ready = false
        var readyWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var lastWaiterID = 0
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
        state.withLock { s in s.objects.values.filter(predicate).sorted { $0.key < $1.key } }
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
        state.withLock { $0.objects.updateValue(object, forKey: object.key) }
    }

    /// Removes an object; returns what was stored.
    @discardableResult
    func remove(_ key: ObjectKey) -> Object? {
        state.withLock { $0.objects.removeValue(forKey: key) }
    }

    /// Replaces the objects of `namespace` (all when `nil`) with a fresh list and marks the store ready once every
    /// scope has listed. Returns what changed, so the informer can tell its subscribers.
    func replace(namespace: String?, with objects: [Object], markReady: Bool) -> [InformerEvent<Object>] {
        let (events, waiters) = state.withLock { s -> ([InformerEvent<Object>], [CheckedContinuation<Void, Never>]) in
            var events: [InformerEvent<Object>] = []
            let fresh = Dictionary(objects.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
            for (key, old) in s.objects where namespace == nil || key.namespace == namespace {
                if fresh[key] == nil {
                    s.objects.removeValue(forKey: key)
                    events.append(.deleted(old))
                }
            }
            for (key, new) in fresh.sorted(by: { $0.key < $1.key }) {
                if let old = s.objects.updateValue(new, forKey: key) {
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
