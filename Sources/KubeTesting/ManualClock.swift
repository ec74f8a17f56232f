import Foundation
import KubeRuntime
import Synchronization

/// A clock that moves only when a test calls ``advance(by:)``: the way tests wait for timers without sleeping.
///
/// Guarantees: a sleeper whose deadline is reached by ``advance(by:)`` is resumed before `advance` returns (its
/// continuation is resumed; the task then runs when scheduled). ``waitForSleepers(_:)`` suspends until that many tasks
/// are blocked in `sleep`, so a test can advance time exactly when the code under test is waiting.
/// Caveat: after `advance`, resumed tasks run concurrently with the test; use another `waitForSleepers` (or another
/// observable effect) before asserting on what they did.
public final class ManualClock: Clock, Sendable {
    public typealias Instant = AnyClock.Instant

    private struct Sleeper {
        var id: Int
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextID = 0
        var sleepers: [Sleeper] = []
        var sleeperWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())
    /// The wall-clock date at instant zero.
    public let origin: Date

    public init(origin: Date = Date(timeIntervalSince1970: 1_767_225_600)) {  // 2026-01-01T00:00:00Z
        self.origin = origin
    }

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// The wall-clock date now: ``origin`` plus the time advanced so far.
    public var date: Date { origin.addingTimeInterval(now.offset.seconds) }

    /// This clock as the runtime's ``AnyClock``, with ``date`` as its wall time.
    public var anyClock: AnyClock { AnyClock(self, wallNow: { [self] in date }) }

    /// Number of tasks currently sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { s -> Int in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { s in
                    if deadline <= s.now || Task.isCancelled { return true }
                    s.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    Self.notifyWaiters(&s)
                    return false
                }
                if resumeNow {
                    if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else {
                        continuation.resume()
                    }
                }
            }
        } onCancel: {
            let cancelled = state.withLock { s -> Sleeper? in
                guard let index = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.sleepers.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has been reached.
    public func advance(by duration: Duration) {
        let due = state.withLock { s -> [Sleeper] in
            s.now = s.now.advanced(by: duration)
            let now = s.now
            let due = s.sleepers.filter { $0.deadline <= now }
            s.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due.sorted(by: { $0.deadline < $1.deadline }) { sleeper.continuation.resume() }
    }

    /// Moves time to the earliest pending deadline (if any) and wakes its sleepers. Returns the time advanced.
    @discardableResult
    public func advanceToNextDeadline() -> Duration? {
        let step = state.withLock { s in s.sleepers.map(\.deadline).min().map { s.now.duration(to: $0) } }
        if let step { advance(by: step) }
        return step
    }

    /// Suspends until at least `count` tasks are sleeping on this clock.
    public func waitForSleepers(_ count: Int = 1) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { s -> Bool in
                if s.sleepers.count >= count { return true }
                s.sleeperWaiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private static func notifyWaiters(_ s: inout State) {
        let count = s.sleepers.count
        let ready = s.sleeperWaiters.filter { $0.count <= count }
        s.sleeperWaiters.removeAll { $0.count <= count }
        for waiter in ready { waiter.continuation.resume() }
    }
}
