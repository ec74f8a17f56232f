import Synchronization

/// A clock that moves only when a test calls ``advance(by:)``: timeouts are tested without waiting.
///
/// Guarantees: ``advance(by:)`` resumes, before it returns, every sleeper whose deadline has been reached;
/// ``waitForSleepers(_:)`` suspends until at least that many tasks are sleeping, so a test can advance time only once
/// the code under test is actually waiting on it. Cancelling a sleeping task ends its sleep with `CancellationError`.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextID = 0
        var sleepers: [Int: Sleeper] = [:]
        var cancelled: Set<Int> = []
        var sleeperWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        /// Resumes the waiters of ``ManualClock/waitForSleepers(_:)`` that are satisfied.
        mutating func notifySleeperWaiters() {
            let count = sleepers.count
            let ready = sleeperWaiters.filter { $0.count <= count }
            sleeperWaiters.removeAll { $0.count <= count }
            for waiter in ready { waiter.continuation.resume() }
        }
    }

    private let state = Mutex(State())

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .zero }

    /// The number of tasks sleeping now.
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                state.withLock { state in
                    if state.cancelled.remove(id) != nil {
                        continuation.resume(throwing: CancellationError())
                    } else if deadline <= state.now {
                        continuation.resume()
                    } else {
                        state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                        state.notifySleeperWaiters()
                    }
                }
            }
        } onCancel: {
            state.withLock { state in
                if let sleeper = state.sleepers.removeValue(forKey: id) {
                    sleeper.continuation.resume(throwing: CancellationError())
                } else {
                    state.cancelled.insert(id)
                }
            }
        }
    }

    /// Moves time forward and wakes the sleepers that are due.
    func advance(by duration: Duration) {
        state.withLock { state in
            state.now = state.now.advanced(by: duration)
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for (id, sleeper) in due {
                state.sleepers.removeValue(forKey: id)
                sleeper.continuation.resume()
            }
        }
    }

    /// Suspends until at least `count` tasks sleep on this clock.
    func waitForSleepers(_ count: Int = 1) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            state.withLock { state in
                if state.sleepers.count >= count {
                    continuation.resume()
                } else {
                    state.sleeperWaiters.append((count, continuation))
                }
            }
        }
    }
}
