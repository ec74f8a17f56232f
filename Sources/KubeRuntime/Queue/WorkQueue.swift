import Synchronization

/// A keyed work queue for reconcilers, after client-go's rate-limited queue.
///
/// Guarantees:
/// - **dedupe**: a key added several times before a worker takes it is processed once;
/// - **one at a time**: a key is never handed to two workers at once; a key added while it is being processed is
///   queued again when ``done(_:)`` is called, so no change is lost;
/// - **delays**: ``add(_:after:)`` makes a key due later (the earliest of several requested times wins);
///   ``addAfterFailure(_:)`` applies per-key exponential backoff (``Backoff``) until ``forget(_:)`` resets it;
/// - **order**: due keys are handed out first in, first out.
///
/// Delayed keys become due in ``run()``, which must be running (it is a `Service`); time comes from the injected
/// clock. After ``shutDown()`` ``next()`` returns `nil` to every worker.
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    private struct State {
        var queue: [Key] = []
        var head = 0
        var dirty: Set<Key> = []
        var processing: Set<Key> = []
        var delayed: [Key: AnyClock.Instant] = [:]
        var failures: [Key: Int] = [:]
        var getters: [CheckedContinuation<Key?, Never>] = []
        var shuttingDown = false

        var depth: Int { queue.count - head }

        mutating func pop() -> Key? {
            guard head < queue.count else { return nil }
            let key = queue[head]
            head += 1
            // Compact once the consumed prefix dominates, keeping pops amortised O(1).
            if head > 64 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            return key
        }
    }

    private let state = Mutex(State())
    private let timerWakeup = Wakeup()
    private let clock: AnyClock
    private let failureBackoff: Backoff
    private let onDepthChange: @Sendable (Int) -> Void

    /// - Parameters:
    ///   - failureBackoff: delays for ``addAfterFailure(_:)``; see ``Backoff`` for the table.
    ///   - onDepthChange: called with the number of due keys after each change (for a metric), and with 0 at once, so
    ///     that the metric exists before the first key waits.
    public init(
        clock: AnyClock = .continuous,
        failureBackoff: Backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(300)),
        onDepthChange: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.clock = clock
        self.failureBackoff = failureBackoff
        self.onDepthChange = onDepthChange
        onDepthChange(0)
    }

    /// Number of keys due and waiting for a worker.
    public var depth: Int { state.withLock { $0.depth } }

    /// Number of keys waiting for a delay to pass.
    public var delayedCount: Int { state.withLock { $0.delayed.count } }

    /// Makes `key` due now.
    public func add(_ key: Key) {
        let (getter, depth) = state.withLock { s -> (CheckedContinuation<Key?, Never>?, Int?) in
            guard !s.shuttingDown, s.dirty.insert(key).inserted else { return (nil, nil) }
            if s.processing.contains(key) { return (nil, nil) }
            if !s.getters.isEmpty {
                s.dirty.remove(key)
                s.processing.insert(key)
                return (s.getters.removeFirst(), nil)
            }
            s.queue.append(key)
            return (nil, s.depth)
        }
        if let getter { getter.resume(returning: key) }
        if let depth { onDepthChange(depth) }
    }

    /// Makes `key` due after `delay` (at once when `delay <= 0`). An earlier pending time for the key wins.
    public func add(_ key: Key, after delay: Duration) {
        guard delay > .zero else { return add(key) }
        let deadline = clock.now.advanced(by: delay)
        let earlier = state.withLock { s -> Bool in
            guard !s.shuttingDown else { return false }
            if let existing = s.delayed[key], existing <= deadline { return false }
            s.delayed[key] = deadline
            return true
        }
        if earlier { timerWakeup.signal() }
    }

    /// Re-adds `key` after its next failure delay and returns that delay.
    @discardableResult
    public func addAfterFailure(_ key: Key) -> Duration {
        let attempt = state.withLock { s -> Int in
            s.failures[key, default: 0] += 1
            return s.failures[key]!
        }
        let delay = failureBackoff.delay(attempt: attempt, unit: Double.random(in: 0..<1))
        add(key, after: delay)
        return delay
    }

    /// Number of consecutive failures recorded for `key`.
    public func failures(of key: Key) -> Int { state.withLock { $0.failures[key] ?? 0 } }

    /// Forgets the failure history of `key` (after a success).
    public func forget(_ key: Key) {
        state.withLock { _ = $0.failures.removeValue(forKey: key) }
    }

    /// Waits for the next due key and marks it as processing; `nil` once the queue is shut down.
    public func next() async -> Key? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Key?, Never>) in
            let (result, depth) = state.withLock { s -> (Key??, Int?) in
                if let key = s.pop() {
                    s.dirty.remove(key)
                    s.processing.insert(key)
                    return (.some(key), s.depth)
                }
                if s.shuttingDown { return (.some(nil), nil) }
                s.getters.append(continuation)
                return (nil, nil)
            }
            if let result { continuation.resume(returning: result) }
            if let depth { onDepthChange(depth) }
        }
    }

    /// Marks `key` as processed; if it was added meanwhile, it is due again.
    public func done(_ key: Key) {
        let (getter, depth) = state.withLock { s -> (CheckedContinuation<Key?, Never>?, Int?) in
            s.processing.remove(key)
            guard s.dirty.contains(key), !s.shuttingDown else { return (nil, nil) }
            if !s.getters.isEmpty {
                s.dirty.remove(key)
                s.processing.insert(key)
                return (s.getters.removeFirst(), nil)
            }
            s.queue.append(key)
            return (nil, s.depth)
        }
        if let getter { getter.resume(returning: key) }
        if let depth { onDepthChange(depth) }
    }

    /// Stops handing out keys: waiting and future ``next()`` calls return `nil`.
    public func shutDown() {
        let getters = state.withLock { s -> [CheckedContinuation<Key?, Never>] in
            s.shuttingDown = true
            defer { s.getters = [] }
            return s.getters
        }
        for getter in getters { getter.resume(returning: nil) }
        timerWakeup.signal()
    }

    /// Moves delayed keys to the queue as they become due, until cancelled or shut down.
    public func run() async {
        while !Task.isCancelled {
            let (deadline, stop) = state.withLock { ($0.delayed.values.min(), $0.shuttingDown) }
            if stop { return }
            if let deadline, deadline <= clock.now {
                promoteDue()
                continue
            }
            await withTaskGroup(of: Void.self) { group in
                if let deadline { group.addTask { try? await self.clock.sleep(until: deadline) } }
                group.addTask { await self.timerWakeup.wait() }
                await group.next()
                group.cancelAll()
            }
            promoteDue()
        }
    }

    private func promoteDue() {
        let now = clock.now
        let due = state.withLock { s -> [Key] in
            let due = s.delayed.filter { $0.value <= now }.sorted { $0.value < $1.value }.map(\.key)
            for key in due { s.delayed.removeValue(forKey: key) }
            return due
        }
        for key in due { add(key) }
    }
}

/// A one-slot signal: ``wait()`` returns once ``signal()`` has been called since the last wait (or on cancellation).
final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func signal() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if let waiter = s.waiter {
                s.waiter = nil
                return waiter
            }
            s.pending = true
            return nil
        }
        waiter?.resume()
    }

    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.pending || Task.isCancelled {
                        s.pending = false
                        return true
                    }
                    s.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                defer { s.waiter = nil }
                return s.waiter
            }
            waiter?.resume()
        }
    }
}
