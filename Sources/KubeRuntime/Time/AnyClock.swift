import Foundation

/// A type-erased `Clock<Duration>` with comparable instants, plus the wall-clock time that goes into timestamps.
///
/// Runtime pieces that keep deadlines (the work queue, leader election, pipelines) take an `AnyClock` so that one
/// concrete type serves both production (`AnyClock.continuous`) and tests (a manual clock from KubeTesting, which
/// advances only when a test says so). Instants are durations since the clock was wrapped.
public struct AnyClock: Clock, Sendable {
    public struct Instant: InstantProtocol, Sendable {
        /// Time since the wrapped clock's origin (the moment the `AnyClock` was created).
        public var offset: Duration

        public init(offset: Duration) { self.offset = offset }
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void
    private let wall: @Sendable () -> Date
    public let minimumResolution: Duration

    /// Wraps `clock`; `wallNow` gives the date for timestamps (defaults to the system's).
    public init<C: Clock>(_ clock: C, wallNow: @escaping @Sendable () -> Date = { Date() })
    where C.Duration == Duration, C: Sendable, C.Instant: Sendable {
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        sleeper = { offset in try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil) }
        wall = wallNow
        minimumResolution = clock.minimumResolution
    }

    /// The monotonic system clock with the system's wall time.
    public static var continuous: AnyClock { AnyClock(ContinuousClock()) }

    public var now: Instant { Instant(offset: elapsed()) }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await sleeper(deadline.offset)
    }

    /// The current date, for `lastTransitionTime`, Lease times and Events.
    public func wallNow() -> Date { wall() }
}
