import KubeClient

/// The list-then-watch loop of an informer as a pure state machine: every event method returns what to do next, and
/// the async shell (``Informer``) only performs it.
///
/// ```
///  start ─► list ──ok──► watch(rv) ──closed normally──► watch(last rv)
///            ▲  │fail        │ event ─► remember its rv
///            │  ▼            ├─ 410 Gone / Expired ───► list (relist at once, diff against the cache)
///            ├─ wait(n) ◄────┼─ connection lost ──────► wait(n) ─► list
///            │               └─ other failure ────────► wait(n) ─► watch(last rv)
/// ```
/// Guarantees: a watch resumes from the newest resourceVersion seen (list, event or bookmark), so no change is
/// missed and none is replayed; consecutive failures back off (attempt 1, 2, …) and the count resets once a list
/// succeeds or a watch delivers an event.
///
/// Why a lost connection relists: the server at the other end may be a different one now (restarted, restored from
/// a backup, an emulator starting from scratch), whose history our resourceVersion means nothing to — a resumed
/// watch could wait silently for versions that will never come. A relist costs one paged list, and subscribers see
/// only real differences.
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

    /// How a watch failed.
    public enum Failure: Sendable, Hashable {
        /// `410 Gone`/`Expired`, or a resourceVersion the server says is too large: our version is useless there.
        case expired
        /// No answer or the connection broke: the server may have been replaced.
        case connectionLost
        /// Any other error (throttling, a server error in an `ERROR` event, …).
        case other
    }

    /// The watch failed: relist at once when the history expired (waiting cannot bring it back), relist after a
    /// backoff when the connection was lost, resume from the last version after a backoff otherwise.
    public mutating func watchFailed(_ failure: Failure) -> Action {
        let next: Action
        switch failure {
        case .expired:
            state = .listing
            return .list
        case .connectionLost:
            next = .list
        case .other:
            next = resourceVersion.map { .watch(resourceVersion: $0) } ?? .list
        }
        failures += 1
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
