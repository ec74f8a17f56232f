/// Exponential backoff with jitter, as a pure function of the attempt number.
///
/// `delay(attempt:)` for attempt `n` (1-based) is `min(initial × factor^(n-1), maximum)`, then spread by ±`jitter`
/// (a fraction) so that many keys or many replicas failing together do not retry in lock-step. With the defaults:
///
/// | attempt | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10+ |
/// |---|---|---|---|---|---|---|---|---|---|---|
/// | delay (before jitter) | 1 s | 2 s | 4 s | 8 s | 16 s | 32 s | 64 s | 128 s | 256 s | 300 s |
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public var factor: Double
    /// Fraction of the delay added or removed at random: 0.1 means ±10 %.
    public var jitter: Double

    public init(
        initial: Duration = .seconds(1), maximum: Duration = .seconds(300), factor: Double = 2, jitter: Double = 0.1
    ) {
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self.jitter = jitter
    }

    /// The delay before retry number `attempt` (1 for the first retry). `unit` is a random number in `0..<1`
    /// (injected so that tests are deterministic); 0.5 yields the delay without jitter.
    public func delay(attempt: Int, unit: Double = 0.5) -> Duration {
        let initialSeconds = initial.seconds
        let maxSeconds = maximum.seconds
        var seconds = initialSeconds
        var n = 1
        while n < attempt && seconds < maxSeconds {
            seconds *= factor
            n += 1
        }
        seconds = min(seconds, maxSeconds)
        seconds *= 1 + jitter * (unit * 2 - 1)
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    public var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
