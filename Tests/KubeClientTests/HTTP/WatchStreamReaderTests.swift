import Foundation
import NIOCore
import Testing

@testable import KubeClient

/// The watch body reader on an in-memory stream and a manual clock: lines as they come, idle timeout, errors.
@Suite struct WatchStreamReaderTests {
    /// A body the test feeds chunk by chunk, and the lines the reader delivered.
    struct Harness: Sendable {
        let body: AsyncThrowingStream<ByteBuffer, any Error>
        let feed: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
        let lines: AsyncStream<String>
        let delivered: AsyncStream<String>.Continuation
        let clock = ManualClock()

        init() {
            (body, feed) = AsyncThrowingStream.makeStream()
            (lines, delivered) = AsyncStream.makeStream()
        }

        func send(_ text: String) { feed.yield(ByteBuffer(string: text)) }

        func reader(idle: Duration = .seconds(60)) -> WatchStreamReader<ManualClock> {
            WatchStreamReader(idleTimeout: idle, clock: clock)
        }

        /// Runs the reader to its end in a task.
        func start(idle: Duration = .seconds(60)) -> Task<Void, any Error> {
            let reader = reader(idle: idle)
            return Task { [body, delivered] in
                defer { delivered.finish() }
                try await reader.read(body) { line in delivered.yield(String(decoding: line, as: UTF8.self)) }
            }
        }
    }

    @Test func linesAreDeliveredAsTheyArriveAndTheEndIsNormal() async throws {
        let harness = Harness()
        let task = harness.start()
        var lines = harness.lines.makeAsyncIterator()
        harness.send("{\"n\":1}\n{\"n\"")
        #expect(await lines.next() == "{\"n\":1}")
        harness.send(":2}\n")
        #expect(await lines.next() == "{\"n\":2}")
        harness.send("{\"n\":3}")  // the last line may lack its newline
        harness.feed.finish()
        try await task.value
        #expect(await lines.next() == "{\"n\":3}")
        #expect(await lines.next() == nil)
    }

    @Test func silenceLongerThanTheIdleTimeoutEndsTheWatchWithATransportError() async throws {
        let harness = Harness()
        let task = harness.start(idle: .seconds(30))
        var lines = harness.lines.makeAsyncIterator()
        harness.send("{}\n")
        #expect(await lines.next() == "{}")
        await harness.clock.waitForSleepers()
        harness.clock.advance(by: .seconds(30))
        let error = await #expect(throws: KubeError.self) { try await task.value }
        #expect(error?.code == .transport)
    }

    @Test func dataBeforeTheDeadlineKeepsTheWatchAlive() async throws {
        let harness = Harness()
        let task = harness.start(idle: .seconds(30))
        var lines = harness.lines.makeAsyncIterator()
        await harness.clock.waitForSleepers()
        harness.clock.advance(by: .seconds(20))
        harness.send("{\"n\":1}\n")
        #expect(await lines.next() == "{\"n\":1}")
        // The watchdog woke at 30 s (10 s after the data) and sleeps again until 20 s + 30 s.
        harness.clock.advance(by: .seconds(10))
        await harness.clock.waitForSleepers()
        harness.clock.advance(by: .seconds(19))
        await harness.clock.waitForSleepers()
        harness.feed.finish()
        try await task.value
    }

    @Test func aSlowConsumerIsNotMistakenForADeadConnection() async throws {
        let harness = Harness()
        let (gate, open) = AsyncStream<Void>.makeStream()
        let (entered, enter) = AsyncStream<Void>.makeStream()
        let reader = harness.reader(idle: .seconds(30))
        let task = Task { [body = harness.body] in
            try await reader.read(body) { _ in
                enter.yield()
                for await _ in gate { break }  // blocks until the test opens the gate
            }
        }
        harness.send("{}\n")
        for await _ in entered { break }
        await harness.clock.waitForSleepers()
        harness.clock.advance(by: .seconds(120))  // busy in onLine for longer than the idle timeout
        open.yield()
        harness.feed.finish()
        try await task.value
    }

    @Test func errorsOfTheConsumerPassThroughUnchanged() async throws {
        struct Stop: Error, Equatable {}
        let harness = Harness()
        let reader = harness.reader()
        harness.send("a\nb\n")
        await #expect(throws: Stop()) {
            try await reader.read(harness.body) { _ in throw Stop() }
        }
    }

    @Test func aFailingBodyIsATransportError() async throws {
        struct Reset: Error {}
        let harness = Harness()
        harness.send("{}\n")
        harness.feed.finish(throwing: Reset())
        let error = await #expect(throws: KubeError.self) {
            try await harness.reader().read(harness.body) { _ in }
        }
        #expect(error?.code == .transport)
    }

    @Test func cancellingTheCallerEndsTheReadWithCancellation() async throws {
        let harness = Harness()
        let task = harness.start()
        var lines = harness.lines.makeAsyncIterator()
        harness.send("{}\n")
        #expect(await lines.next() == "{}")
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
