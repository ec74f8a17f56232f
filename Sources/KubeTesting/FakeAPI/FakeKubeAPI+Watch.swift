import Foundation
import KubeClient
import KubeCore

// Watches, and the controls a test uses instead of timers: bookmarks on demand, closing or breaking every watch,
// and waiting until the code under test is watching.

extension FakeKubeAPI {
    /// `GET ?watch=true`: sends the initial or replayed events, then live events, until the watch is closed
    /// (returns), broken (throws), the calling task is cancelled (throws `CancellationError`) or `onLine` throws.
    ///
    /// Each line is one JSON object `{"type": …, "object": …}`. The watch is registered, with its initial events,
    /// in the same critical section that writes commit in: no change is missed or seen twice.
    public func watch(
        _ resource: ResourceType, namespace: String?, options: WatchOptions,
        onLine: @Sendable (Data) async throws -> Void
    ) async throws {
        try admit(Request(.watch, resource, namespace: namespace))
        let id: Int
        switch try openWatch(resource, namespace: namespace, options: options) {
        case .expired(let status):
            // What kube-apiserver does: a 200 response whose only line is the error, then the end of the stream.
            try await onLine(try line(WatchFrame(type: .error, object: KubeJSON.value(of: status))))
            return
        case .opened(let opened):
            id = opened
        }
        defer { state.withLock { $0.watchers.remove(id) } }
        while true {
            switch await nextItem(of: id) {
            case .frame(let frame): try await onLine(try line(frame))
            case .closed: return
            case .failed(let error): throw error
            case .cancelled: throw CancellationError()
            }
        }
    }

    /// Queues a `BOOKMARK` with the current resourceVersion on every open watch that allows bookmarks.
    public func sendBookmarks() {
        let wakeups = state.withLock { $0.watchers.bookmark(revision: $0.cluster.revision) }
        wakeups.resume()
    }

    /// Ends every open watch (of `resource`, or all) normally, as a server-side timeout does, after the events
    /// already queued for it.
    public func closeWatches(of resource: ResourceType? = nil) {
        let wakeups = state.withLock { $0.watchers.end(.closed, resource: resource.map(ResourceID.init)) }
        wakeups.resume()
    }

    /// Ends every open watch (of `resource`, or all) by throwing `error`, as a dropped connection does, after the
    /// events already queued for it.
    public func breakWatches(
        of resource: ResourceType? = nil,
        error: KubeError = KubeError(code: .transport, message: "connection reset by the fake API server")
    ) {
        let wakeups = state.withLock { $0.watchers.end(.failed(error), resource: resource.map(ResourceID.init)) }
        wakeups.resume()
    }

    /// The number of open watches of `resource` (closed or broken ones no longer count, even before their tasks
    /// have seen the end).
    public func openWatchCount(_ resource: ResourceType) -> Int {
        state.withLock { $0.watchers.openCount(ResourceID(resource)) }
    }

    /// Suspends until at least `count` watches of `resource` are open: from then on, every write reaches them.
    /// Returns at once when the calling task is cancelled.
    public func waitForWatchers(_ resource: ResourceType, count: Int = 1) async {
        let id = state.withLock { state in
            state.lastWaiterID += 1
            return state.lastWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let waiting = state.withLock { state in
                    !Task.isCancelled
                        && state.watchers.waitForCount(ResourceID(resource), count, id: id, continuation)
                }
                if !waiting { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.watchers.cancelCountWaiter(id) }.resume()
        }
    }

    // MARK: - Plumbing

    enum WatchOpening {
        case opened(Int)
        case expired(APIStatus)
    }

    /// Registers a watch with its initial frames (or finds that its resourceVersion expired), atomically with
    /// respect to writes.
    private func openWatch(
        _ resource: ResourceType, namespace: String?, options: WatchOptions
    ) throws -> WatchOpening {
        let (opening, wakeups) = try state.withLock { state -> (WatchOpening, Wakeups) in
            let registration = try state.cluster.registration(for: resource)
            let filter = try ObjectFilter(
                namespace: registration.type.namespaced ? namespace : nil, labelSelector: options.labelSelector,
                fieldSelector: options.fieldSelector)
            let start = try state.cluster.watchStart(
                registration, filter: filter, resourceVersion: options.resourceVersion)
            switch start {
            case .expired(let status):
                return (.expired(status), Wakeups())
            case .events(let initial):
                let watch = WatcherTable.Watch(
                    resource: registration.id, filter: filter, bookmarks: options.allowWatchBookmarks,
                    type: registration.type, queue: initial)
                let (id, wakeups) = state.watchers.open(watch)
                return (.opened(id), wakeups)
            }
        }
        wakeups.resume()
        return opening
    }

    /// The next item of watch `id`, parking until there is one; cancelling the calling task ends the wait.
    private func nextItem(of id: Int) async -> WatcherTable.Item {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<WatcherTable.Item, Never>) in
                let ready = state.withLock { state -> WatcherTable.Item? in
                    if let item = state.watchers.next(id) { return item }
                    state.watchers.park(id, continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            state.withLock { $0.watchers.cancel(id) }.resume()
        }
    }

    private func line(_ frame: WatchFrame) throws -> Data {
        try encode(["type": .string(frame.type.rawValue), "object": frame.object])
    }
}
