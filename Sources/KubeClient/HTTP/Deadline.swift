/// A time limit on a whole asynchronous operation, measured on an injected clock.
///
/// AsyncHTTPClient's own deadline stops applying once the response head has arrived, so a server that stalls in the
/// middle of a large body would hold a request forever; this limit covers the head *and* the body.
///
/// Guarantees: returns the operation's result if it finishes first; otherwise cancels it (which closes its
/// connection) and throws the error `timedOut` makes. The operation's own errors pass through unchanged.
enum Deadline {
    static func run<C: Clock, Result: Sendable>(
        within limit: Duration, on clock: C, timedOut: @escaping @Sendable () -> any Error,
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result where C.Duration == Duration {
        try await withThrowingTaskGroup(of: Result.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await clock.sleep(for: limit)
                throw timedOut()
            }
            defer { group.cancelAll() }
            // Both children only ever end with a result (the operation) or an error, so `next()` is never nil here.
            guard let result = try await group.next() else { throw CancellationError() }
            return result
        }
    }
}
