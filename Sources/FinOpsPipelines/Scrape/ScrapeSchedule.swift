/// When a scrape pipeline runs next.
///
/// - After a loaded or unchanged poll: the polling interval, jittered (±10% by default) so that many pipelines with
///   one interval spread out instead of hitting the database together.
/// - After a retriable failure (database or source unreachable, a body cut short): exponential backoff from
///   ``retryBase``, doubling up to ``retryCap``, never later than the next regular run.
/// - After a failure that needs a change (bad password, permission, malformed rows): the next regular run (a change
///   of the spec restarts the pipeline at once; a Secret is read again at each run).
/// - While the exporter has no poll yet: ``waitingRetry`` (or the interval when shorter).
public struct ScrapeSchedule: Sendable {
    /// The first run starts after a random delay up to this, so that a restarted operator does not start every
    /// pipeline at once.
    public var firstRunSpread: Duration
    public var retryBase: Duration
    public var retryCap: Duration
    public var waitingRetry: Duration
    /// Returns a random value in `0...1`; injected by tests.
    public var random: @Sendable () -> Double
    /// Fraction of the interval a regular run may move either way.
    public var jitter: Double

    public init(
        firstRunSpread: Duration = .seconds(5), retryBase: Duration = .seconds(5), retryCap: Duration = .seconds(300),
        waitingRetry: Duration = .seconds(30), jitter: Double = 0.1,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.firstRunSpread = firstRunSpread
        self.retryBase = retryBase
        self.retryCap = retryCap
        self.waitingRetry = waitingRetry
        self.jitter = jitter
        self.random = random
    }

    /// Delay before the first run.
    public func firstDelay() -> Duration { Self.milliseconds(firstRunSpread * random()) }

    /// Rounded to whole milliseconds, so that status times are exact.
    static func milliseconds(_ duration: Duration) -> Duration {
        let (seconds, attoseconds) = duration.components
        return .milliseconds(seconds * 1000 + Int64((Double(attoseconds) / 1e15).rounded()))
    }

    /// How a run ended, as far as the schedule cares.
    public enum RunResult: Sendable, Hashable {
        case succeeded, waiting
        case failed(retriable: Bool)
    }

    /// Delay before the next run, after an outcome; `failures` counts consecutive failed runs including this one.
    public func delay(after outcome: ScrapeOutcome, interval: Duration, failures: Int) -> Duration {
        let result: RunResult =
            switch outcome {
            case .loaded, .notModified: .succeeded
            case .waiting: .waiting
            case .failed(let failure): .failed(retriable: failure.isRetriable)
            }
        return delay(after: result, interval: interval, failures: failures)
    }

    /// Delay before the next run: the interval (with jitter) after a success or a failure that needs a change,
    /// ``waitingRetry`` while the source has nothing yet, exponential backoff after retriable failures; never past
    /// the next regular run.
    public func delay(after result: RunResult, interval: Duration, failures: Int) -> Duration {
        let regular = Self.milliseconds(interval * (1 - jitter + 2 * jitter * random()))
        switch result {
        case .succeeded: return regular
        case .waiting: return min(waitingRetry, regular)
        case .failed(let retriable):
            guard retriable else { return regular }
            let exponent = min(max(failures - 1, 0), 30)
            let backoff = min(retryBase * Double(1 << exponent), retryCap)
            return min(backoff, regular)
        }
    }
}
