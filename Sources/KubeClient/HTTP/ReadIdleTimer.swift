/// Decides when a stream that is waited on has been silent too long: the read-idle timeout of a watch.
///
/// Only time spent *waiting for the network* counts. While the consumer is busy with lines it already has (the
/// caller's `onLine` may block, e.g. on a full work queue), the timer is paused, so a slow consumer is never taken
/// for a dead connection.
///
/// Pure: the reader reports ``startedWaiting(at:)`` / ``stoppedWaiting()``, the watchdog asks ``check(now:)`` and
/// sleeps until the instant it is told. Tested without I/O.
struct ReadIdleTimer<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// How long a wait may last before the stream is presumed dead.
    let timeout: Duration
    /// When the current wait began; `nil` while the consumer is busy.
    private(set) var waitingSince: Instant?

    /// What the watchdog should do after a check.
    enum Decision: Sendable, Equatable {
        /// The stream has been silent for ``timeout``: end it.
        case expired
        /// Nothing to do yet: check again at this instant.
        case checkAgain(at: Instant)
    }

    /// A timer whose first wait starts at `start` (the request), so that a server that never sends a first byte is
    /// caught too.
    init(timeout: Duration, start: Instant) {
        self.timeout = timeout
        self.waitingSince = start
    }

    /// The reader is about to wait for the next chunk.
    mutating func startedWaiting(at now: Instant) {
        waitingSince = now
    }

    /// A chunk arrived (or the stream ended): the consumer is busy until the next ``startedWaiting(at:)``.
    mutating func stoppedWaiting() {
        waitingSince = nil
    }

    func check(now: Instant) -> Decision {
        // While the consumer is busy, look again one full timeout later: a wait that starts in between is then at
        // most that old, and is re-checked at its own deadline.
        guard let since = waitingSince else { return .checkAgain(at: now.advanced(by: timeout)) }
        let due = since.advanced(by: timeout)
        return now >= due ? .expired : .checkAgain(at: due)
    }
}
