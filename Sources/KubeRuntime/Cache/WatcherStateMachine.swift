import KubeClient

/// The list-then-watch loop of an informer as a pure state machine: every event method returns what to do next, and
/// the async shell (``Informer``) only performs it.
///
/// ```
///  start ─► list ──ok──► watch(rv) ──closed normally──► watch(last rv)
///            ▲  │fail        │ event ─► remember its rv
///            │  ▼            ├─ 410 Gone / Expired ───► list (relist, diff against the cache)
///            └─ wait(n) ◄────┴─ other failure ────────► wait(n) ─► watch(last rv)
/// ```
/// Guarantees: a watch always resumes from the newest resourceVersion seen (list, event or bookmark), so no change is
/// missed and none is replayed; `410` is the only reason to relist; consecutive failures back off (attempt 1, 2, …)
/// and the count resets once a list succeeds or a watch delivers an event.
public struct WatcherStateMachine: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// List everything (first time, or after the history we watched from expired).
        case list
        /// Watch from this resourceVersion.
        case watch(resourceVersion: String)
        /// Wait out failure number `attempt` (see ``Backoff``), then call ``waited()``.
        case wait(attempt: Int)
    }

    private enum State: Sendable, Hashable {
        case idle
        case listing
        case watching
        case waiting(then: Action)
    }

    private var state: State = .idle
    /// Newest resourceVersion seen; `nil` until the first list succeeded.
    public private(set) var resourceVersion: String?
    /// Consecutive failures without progress.
    public private(set) var failures = 0
    /// Whether a full list has completed at least once (the cache is "ready").
    public private(set) var hasListed = false

    public init() {}

    public mutating func start() -> Action {
        state = .listing
        return .list
    }

    public mutating func listSucceeded(resourceVersion: String) -> Action {
        self.resourceVersion = resourceVersion
        failures = 0
        hasListed = true
        state = .watching
        return .watch(resourceVersion: resourceVersion)
    }

    public mutating func listFailed() -> Action {
        failures += 1
        state = .waiting(then: .list)
        return .wait(attempt: failures)
    }

    /// An ADDED/MODIFIED/DELETED event or a BOOKMARK carried this resourceVersion.
    public mutating func eventReceived(resourceVersion: String) {
        if !resourceVersion.isEmpty { self.resourceVersion = resourceVersion }
        failures = 0
    }

    /// The server ended the watch normally (its `timeoutSeconds` elapsed): watch again from where we were.
    public mutating func watchClosed() -> Action {
        guard let resourceVersion else { return start() }
        state = .watching
        return .watch(resourceVersion: resourceVersion)
    }

    /// The watch failed. `gone` is a `410`/`Expired` answer (as a status or an `ERROR` event): relist at once, since
    /// waiting cannot bring the history back. Anything else backs off and then resumes from the last version.
    public mutating func watchFailed(gone: Bool) -> Action {
        if gone {
            state = .listing
            return .list
        }
        failures += 1
        let next: Action = resourceVersion.map { .watch(resourceVersion: $0) } ?? .list
        state = .waiting(then: next)
        return .wait(attempt: failures)
    }

    /// The wait asked for by ``Action/wait(attempt:)`` is over.
    public mutating func waited() -> Action {
        guard case .waiting(let next) = state else { return start() }
        switch next {
        case .list: state = .listing
        case .watch: state = .watching
        case .wait: break
        }
        return next
    }
}
