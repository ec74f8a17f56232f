import KubeClient
import KubeCore

/// The open watches of a ``FakeKubeAPI``: one unbounded queue of frames per watch, filled under the server's lock in
/// commit order and drained by the task that called `watch`.
///
/// Writers never wait for watchers: a slow watcher only grows its own queue. A watch task that finds its queue empty
/// parks a continuation here, and the next delivery resumes it (after the lock is released, see ``Wakeups``).
struct WatcherTable: Sendable {
    /// What a watch task gets next.
    enum Item: Sendable {
        case frame(WatchFrame)
        /// The server ended the stream normally (a timeout).
        case closed
        /// The connection broke.
        case failed(KubeError)
        /// The watching task was cancelled.
        case cancelled
    }

    /// Why a watch stops once its queue is drained.
    enum Ending: Sendable {
        case closed
        case failed(KubeError)
    }

    struct Watch: Sendable {
        var resource: ResourceID
        var filter: ObjectFilter
        var bookmarks: Bool
        /// `apiVersion` and `kind` for bookmark objects.
        var type: ResourceType
        var queue: [WatchFrame]
        var ending: Ending?
        var cancelled = false
        var parked: CheckedContinuation<Item, Never>?
    }

    private var watches: [Int: Watch] = [:]
    private var lastID = 0
    private var countWaiters: [Int: CountWaiter] = [:]

    /// A task suspended in `waitForWatchers` until `count` watches of `resource` are open.
    private struct CountWaiter: Sendable {
        var resource: ResourceID
        var count: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    // MARK: - Watch lifecycle

    /// Opens a watch with its initial frames already queued.
    mutating func open(_ watch: Watch) -> (Int, Wakeups) {
        lastID += 1
        watches[lastID] = watch
        return (lastID, satisfiedCountWaiters())
    }

    /// The next item of watch `id`, or `nil` when there is none yet. Cancellation comes first, then queued frames,
    /// then the ending.
    mutating func next(_ id: Int) -> Item? {
        guard var watch = watches[id] else { return .cancelled }
        if watch.cancelled { return .cancelled }
        if !watch.queue.isEmpty {
            let frame = watch.queue.removeFirst()
            watches[id] = watch
            return .frame(frame)
        }
        switch watch.ending {
        case .closed?: return .closed
        case .failed(let error)?: return .failed(error)
        case nil: return nil
        }
    }

    mutating func park(_ id: Int, _ continuation: CheckedContinuation<Item, Never>) {
        watches[id]?.parked = continuation
    }

    mutating func cancel(_ id: Int) -> Wakeups {
        watches[id]?.cancelled = true
        return wake([id])
    }

    mutating func remove(_ id: Int) {
        watches[id] = nil
    }

    // MARK: - Events

    /// Queues what each watch sees of `changes`.
    mutating func deliver(_ changes: [Change]) -> Wakeups {
        guard !changes.isEmpty else { return Wakeups() }
        for id in watches.keys where watches[id]?.ending == nil {
            for change in changes where change.resource == watches[id]?.resource {
                if let frame = watches[id]?.filter.frame(for: change) { watches[id]?.queue.append(frame) }
            }
        }
        return wake(Array(watches.keys))
    }

    /// Queues a `BOOKMARK` at `revision` for every open watch that asked for bookmarks.
    mutating func bookmark(revision: Int64) -> Wakeups {
        for (id, watch) in watches where watch.bookmarks && watch.ending == nil {
            let object: JSONValue = [
                "apiVersion": .string(watch.type.apiVersion), "kind": .string(watch.type.kind),
                "metadata": ["resourceVersion": .string(String(revision))],
            ]
            watches[id]?.queue.append(WatchFrame(type: .bookmark, object: object))
        }
        return wake(Array(watches.keys))
    }

    /// Ends every open watch (of `resource`, or all) once its queued frames are delivered.
    mutating func end(_ ending: Ending, resource: ResourceID?) -> Wakeups {
        let ids = watches.filter { $0.value.ending == nil && (resource == nil || $0.value.resource == resource) }.keys
        for id in ids { watches[id]?.ending = ending }
        return wake(Array(ids))
    }

    // MARK: - Counting open watches

    /// Watches of `resource` that are open and not ending.
    func openCount(_ resource: ResourceID) -> Int {
        watches.values.count { $0.resource == resource && $0.ending == nil && !$0.cancelled }
    }

    /// Registers a waiter for `count` open watches of `resource`; returns `false` (not registered) when there
    /// already are that many.
    mutating func waitForCount(
        _ resource: ResourceID, _ count: Int, id: Int, _ continuation: CheckedContinuation<Void, Never>
    ) -> Bool {
        guard openCount(resource) < count else { return false }
        countWaiters[id] = CountWaiter(resource: resource, count: count, continuation: continuation)
        return true
    }

    mutating func cancelCountWaiter(_ id: Int) -> Wakeups {
        var wakeups = Wakeups()
        if let waiter = countWaiters.removeValue(forKey: id) { wakeups.counts.append(waiter.continuation) }
        return wakeups
    }

    private mutating func satisfiedCountWaiters() -> Wakeups {
        var wakeups = Wakeups()
        for (id, waiter) in countWaiters where openCount(waiter.resource) >= waiter.count {
            countWaiters[id] = nil
            wakeups.counts.append(waiter.continuation)
        }
        return wakeups
    }

    /// Hands the next item to every parked watch among `ids` that has one.
    private mutating func wake(_ ids: [Int]) -> Wakeups {
        var wakeups = Wakeups()
        for id in ids {
            guard let continuation = watches[id]?.parked, let item = next(id) else { continue }
            watches[id]?.parked = nil
            wakeups.watches.append((continuation, item))
        }
        return wakeups
    }
}

/// Continuations to resume once the server's lock is released.
struct Wakeups: Sendable {
    var watches: [(CheckedContinuation<WatcherTable.Item, Never>, WatcherTable.Item)] = []
    var counts: [CheckedContinuation<Void, Never>] = []

    func resume() {
        for (continuation, item) in watches { continuation.resume(returning: item) }
        for continuation in counts { continuation.resume() }
    }

    static func + (lhs: Wakeups, rhs: Wakeups) -> Wakeups {
        Wakeups(watches: lhs.watches + rhs.watches, counts: lhs.counts + rhs.counts)
    }
}
