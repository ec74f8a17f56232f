import Foundation
import KubeRuntime
import Logging
import ServiceLifecycle

/// The exporter's poll loop: poll the source, prepare what is served, wait the polling interval, again.
///
/// Guarantees:
/// - A failed poll never replaces the last complete one: `/metrics` and `/rows` keep serving it, and the failure is
///   visible in the log, in `/status` and in the exporter's own metrics.
/// - Transient failures (connection, timeout, 5xx/429) are retried within the poll with jittered, capped backoff;
///   the rest wait for the next interval.
/// - Stops promptly on graceful shutdown or cancellation, even mid-wait.
public struct ExporterService: Service {
    public struct RetryPolicy: Sendable {
        /// Attempts per poll, the first included.
        public var attempts: Int
        public var backoff: Backoff
        public init(attempts: Int = 4, backoff: Backoff = Backoff(initial: .seconds(2), maximum: .seconds(60))) {
            self.attempts = max(1, attempts)
            self.backoff = backoff
        }
    }

    let source: any CostSource
    let interval: Duration
    let retry: RetryPolicy
    let clock: AnyClock
    let state: ExporterState
    let makeCollector: @Sendable () -> any PollCollecting
    let logger: Logger
    /// Polls once and returns (for `--once` and tests).
    let once: Bool

    public init(
        source: any CostSource, interval: Duration, retry: RetryPolicy = .init(), clock: AnyClock, state: ExporterState,
        makeCollector: @escaping @Sendable () -> any PollCollecting, logger: Logger, once: Bool = false
    ) {
        self.source = source
        self.interval = interval
        self.retry = retry
        self.clock = clock
        self.state = state
        self.makeCollector = makeCollector
        self.logger = logger
        self.once = once
    }

    /// Polls until graceful shutdown or cancellation, then returns: stopping is never an error (a thrown
    /// `CancellationError` would make the process exit 1 on SIGTERM).
    public func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await pollOnce()
                if once { return }
                do { try await clock.sleep(for: interval) } catch { return }
            }
        }
    }

    /// One poll with its retries; the outcome is recorded in ``ExporterState``.
    public func pollOnce() async {
        var attempt = 0
        let pollStarted = clock.now
        while true {
            attempt += 1
            let started = clock.now
            do throws(SourceError) {
                var collector = makeCollector()
                try await Self.poll(source, into: &collector)
                let result = try collector.finish()
                let served = state.publish(result, attempts: attempt, duration: pollStarted.duration(to: clock.now))
                logger.info(
                    "poll completed",
                    metadata: [
                        "source": "\(source.summary)", "rows": "\(result.rows)",
                        "rejectedRows": "\(result.rejectedRows)",
                        "series": "\(result.series)", "droppedSeries": "\(result.droppedSeries)",
                        "focusVersion": "\(result.focusVersion ?? "none")", "pollID": "\(served)",
                        "seconds": "\(started.duration(to: clock.now).seconds)",
                    ])
                for problem in result.rejectedSamples.prefix(5) {
                    logger.warning(
                        "row rejected", metadata: ["source": "\(source.summary)", "problem": "\(problem)"])
                }
                return
            } catch {
                if error.isRetriable, attempt < retry.attempts, !Task.isCancelled {
                    let delay = retry.backoff.delay(attempt: attempt, unit: Double.random(in: 0..<1))
                    logger.warning(
                        "poll failed, retrying",
                        metadata: [
                            "source": "\(source.summary)", "reason": "\(error.reason.conditionReason)",
                            "error": "\(error.message)", "attempt": "\(attempt)", "retryIn": "\(delay.seconds)s",
                        ])
                    do { try await clock.sleep(for: delay) } catch { break }
                    continue
                }
                state.recordFailure(error, attempts: attempt, duration: pollStarted.duration(to: clock.now))
                logger.error(
                    "poll failed",
                    metadata: [
                        "source": "\(source.summary)", "reason": "\(error.reason.conditionReason)",
                        "error": "\(error.message)", "attempts": "\(attempt)",
                    ])
                return
            }
        }
        state.recordFailure(
            SourceError(.timeout, "The poll was cancelled."), attempts: attempt,
            duration: pollStarted.duration(to: clock.now))
    }

    /// Opens the existential so the source sees a concrete receiver type.
    private static func poll<Collector: PollCollecting>(
        _ source: any CostSource, into collector: inout Collector
    ) async throws(SourceError) {
        try await source.poll(into: &collector)
    }
}
