import Foundation
import Testing

@testable import KubeClient

/// The pure idle timer, the whole-request deadline and the default watch idle timeouts.
@Suite struct TimeLimitTests {
    typealias Instant = ManualClock.Instant
    static func at(_ seconds: Int64) -> Instant { Instant(offset: .seconds(seconds)) }

    @Test func idleTimerExpiresOnlyAfterAFullTimeoutOfWaiting() {
        var timer = ReadIdleTimer(timeout: .seconds(30), start: Self.at(0))
        #expect(timer.check(now: Self.at(10)) == .checkAgain(at: Self.at(30)))
        #expect(timer.check(now: Self.at(30)) == .expired)
        timer.stoppedWaiting()
        #expect(timer.check(now: Self.at(100)) == .checkAgain(at: Self.at(130)))
        timer.startedWaiting(at: Self.at(110))
        #expect(timer.check(now: Self.at(130)) == .checkAgain(at: Self.at(140)))
        #expect(timer.check(now: Self.at(140)) == .expired)
    }

    @Test func deadlineReturnsTheResultOfAFastOperation() async throws {
        let clock = ManualClock()
        let value = try await Deadline.run(
            within: .seconds(5), on: clock, timedOut: { KubeError(code: .transport, message: "late") }
        ) {
            42
        }
        #expect(value == 42)
    }

    @Test func deadlineCancelsASlowOperationAndThrowsTheTimeoutError() async throws {
        let clock = ManualClock()
        let (started, didStart) = AsyncStream<Void>.makeStream()
        let task = Task {
            try await Deadline.run(
                within: .seconds(5), on: clock, timedOut: { KubeError(code: .transport, message: "late") }
            ) { () async throws -> Int in
                didStart.yield()
                // Never finishes by itself; only the deadline's cancellation ends it.
                try await clock.sleep(until: .init(offset: .seconds(3600)), tolerance: nil)
                return 1
            }
        }
        for await _ in started { break }
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(5))
        let error = await #expect(throws: KubeError.self) { try await task.value }
        #expect(error?.message == "late")
    }

    @Test func deadlinePassesTheOperationsErrorThrough() async throws {
        struct Boom: Error, Equatable {}
        await #expect(throws: Boom()) {
            try await Deadline.run(
                within: .seconds(5), on: ManualClock(), timedOut: { KubeError(code: .transport, message: "") }
            ) {
                () async throws -> Int in throw Boom()
            }
        }
    }

    @Test(arguments: [
        (nil as Int?, Duration.seconds(300)),
        (60, .seconds(90)),
        (290, .seconds(300)),
        (3600, .seconds(300)),
    ])
    func defaultWatchIdleTimeoutFollowsTheServerTimeout(timeoutSeconds: Int?, expected: Duration) {
        #expect(HTTPKubeClient.Options().watchIdleTimeout(forServerTimeout: timeoutSeconds) == expected)
    }

    @Test func anExplicitWatchIdleTimeoutWins() {
        let options = HTTPKubeClient.Options(watchIdleTimeout: .seconds(5))
        #expect(options.watchIdleTimeout(forServerTimeout: 600) == .seconds(5))
    }
}
