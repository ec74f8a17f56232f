/// How often and how patiently a failed S3 request is tried again.
///
/// Only failures that may pass by themselves are retried: connection errors and timeouts, `5xx`, `429` and the
/// throttling codes (`SlowDown`, `Throttling`, …). Everything else fails at once.
///
/// The wait before attempt *n* (n ≥ 2) is `initialDelay × 2^(n−2)`, capped at `maximumDelay`, then spread by
/// ±`jitter` so that many writers throttled together do not return together. With the defaults:
///
/// | attempt | wait before it (without jitter) | total waited |
/// |---|---|---|
/// | 1 | – | 0 |
/// | 2 | 250 ms | 0.25 s |
/// | 3 | 500 ms | 0.75 s |
/// | 4 | 1 s | 1.75 s |
/// | 5 | 2 s | 3.75 s |
///
/// After the last attempt the error is ``ObjectStoreError/Kind/unavailable`` (the server kept failing) or
/// ``ObjectStoreError/Kind/unreachable`` (no answer), both retriable by the caller later.
public struct S3RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; at least 1.
    public var maximumAttempts: Int
    /// The wait before the second attempt.
    public var initialDelay: Duration
    /// No wait is longer than this (before jitter).
    public var maximumDelay: Duration
    /// The fraction (0…1) by which a wait is randomly shortened or lengthened.
    public var jitter: Double

    /// A policy; the defaults are those in the table above.
    public init(
        maximumAttempts: Int = 5, initialDelay: Duration = .milliseconds(250), maximumDelay: Duration = .seconds(8),
        jitter: Double = 0.2
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.jitter = min(max(jitter, 0), 1)
    }

    /// One attempt, no retry.
    public static let none = S3RetryPolicy(maximumAttempts: 1)

    /// The wait before `attempt` (2 for the first retry). `random` is a number in 0..<1 that places the wait within
    /// the jitter band (0.5 is the centre, the value without jitter).
    public func delay(beforeAttempt attempt: Int, random: Double) -> Duration {
        guard attempt >= 2 else { return .zero }
        var delay = initialDelay
        for _ in 0..<(attempt - 2) {
            if delay >= maximumDelay { break }
            delay *= 2
        }
        delay = min(delay, maximumDelay)
        let factor = 1 - jitter + 2 * jitter * min(max(random, 0), 1)
        return delay * factor
    }
}
