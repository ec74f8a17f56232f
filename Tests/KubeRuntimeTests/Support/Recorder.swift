import Synchronization

/// Values appended from any task, and a way for a test to wait until they say something — instead of sleeping.
///
/// Waits return early when the waiting task is cancelled (e.g. by a test time limit), so that a broken expectation
/// fails the test instead of hanging the run.
final class Recorder<Value: Sendable>: Sendable {
    private struct Waiter {
        var isSatisfied: @Sendable ([Value]) -> Bool
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var values: [Value] = []
        var waiters: [Int: Waiter] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    init() {}

    func append(_ value: Value) {
        let ready = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.values.append(value)
            let satisfied = s.waiters.filter { $0.value.isSatisfied(s.values) }
            for id in satisfied.keys { s.waiters[id] = nil }
            return satisfied.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    var values: [Value] { state.withLock { $0.values } }
    var count: Int { state.withLock { $0.values.count } }

    /// Suspends until `predicate` holds for the values recorded so far.
    func waitUntil(_ predicate: @escaping @Sendable ([Value]) -> Bool) async {
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if predicate(s.values) || Task.isCancelled { return true }
                    s.waiters[id] = Waiter(isSatisfied: predicate, continuation: continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume()
        }
    }

    /// Suspends until at least `count` values have been recorded.
    func waitForCount(_ count: Int) async {
        await waitUntil { $0.count >= count }
    }
}

extension Recorder where Value: Equatable {
    /// Suspends until `value` has been recorded.
    func waitFor(_ value: Value) async {
        await waitUntil { $0.contains(value) }
    }
}

/// A door that tasks wait at until a test opens it. A wait also ends when the waiting task is cancelled.
final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    init() {}

    func open() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.isOpen = true
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    var isOpen: Bool { state.withLock { $0.isOpen } }

    /// Returns once the gate is open, or when the calling task is cancelled.
    func wait() async {
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.isOpen || Task.isCancelled { return true }
                    s.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}

/// Yields until `condition` holds, at most `iterations` times; returns whether it held. Only for effects that no
/// signal announces; a bounded loop instead of a sleep, so a test never waits on wall time.
func eventually(iterations: Int = 20_000, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<iterations {
        if condition() { return true }
        await Task.yield()
    }
    return condition()
}

/// A value shared between a test and the closures it hands to the code under test.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }

    var value: Value { mutex.withLock { $0 } }
}
