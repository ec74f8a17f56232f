import Foundation
import NIOCore
import Synchronization

/// Reads a watch response body: splits it into lines as chunks arrive and ends it when the connection goes silent.
///
/// Guarantees:
/// - `onLine` is called with each non-empty line, in order, as soon as the line is complete; at most one line
///   (``LineSplitter/maximumLineLength``) is buffered, never the stream.
/// - Returns normally when the body ends (the server closed the watch, e.g. after `timeoutSeconds`).
/// - Throws ``KubeError/Code/transport`` when no byte arrived for ``idleTimeout`` while waiting (a half-open
///   connection that a dead peer or a NAT dropped never ends by itself), and when reading the body fails.
/// - Errors thrown by `onLine` pass through unchanged and end the stream.
/// - Cancelling the calling task stops the read, which makes AsyncHTTPClient close the connection, and throws
///   `CancellationError`.
///
/// Caveats: the idle watchdog is a second child task sleeping on ``clock``; tests drive it with a manual clock.
struct WatchStreamReader<C: Clock>: Sendable where C.Duration == Duration {
    var idleTimeout: Duration
    var clock: C
    var maximumLineLength: Int = 16 << 20
    /// Names the watch in errors, e.g. `GET /api/v1/configmaps`.
    var description: String = "watch"

    func read<Body: AsyncSequence & Sendable>(
        _ body: Body, onLine: @Sendable (Data) async throws -> Void
    ) async throws where Body.Element == ByteBuffer {
        let timer = TimerBox(ReadIdleTimer(timeout: idleTimeout, start: clock.now))
        // The reader runs as a child task so that the watchdog can end it; the group outlives neither, so `onLine`
        // does not really escape.
        try await withoutActuallyEscaping(onLine) { onLine in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await readLines(body, timer: timer, onLine: onLine) }
                group.addTask { try await watchdog(timer) }
                // The first child to finish decides: the reader returning means the stream ended; either throwing
                // ends the other (leaving the group cancels it).
                try await group.next()
                group.cancelAll()
            }
        }
    }

    private func readLines<Body: AsyncSequence & Sendable>(
        _ body: Body, timer: TimerBox, onLine: @Sendable (Data) async throws -> Void
    ) async throws where Body.Element == ByteBuffer {
        var splitter = LineSplitter(maximumLineLength: maximumLineLength)
        var iterator = body.makeAsyncIterator()
        while true {
            timer.state.withLock { $0.startedWaiting(at: clock.now) }
            let chunk: ByteBuffer?
            do {
                chunk = try await iterator.next()
            } catch {
                try Task.checkCancellation()
                throw KubeError(code: .transport, message: "\(description): reading the stream failed: \(error)")
            }
            timer.state.withLock { $0.stoppedWaiting() }
            guard let chunk else { break }
            let lines: [Data]
            do {
                lines = try splitter.append(chunk.readableBytesView)
            } catch {
                throw KubeError(
                    code: .decoding, message: "\(description): an event line is longer than \(error.limit) bytes")
            }
            for line in lines { try await onLine(line) }
        }
        // A stream cut short by cancellation also ends the sequence: report the cancellation, not a normal end.
        try Task.checkCancellation()
        if let last = splitter.finish() { try await onLine(last) }
    }

    private func watchdog(_ timer: TimerBox) async throws {
        while true {
            switch timer.state.withLock({ $0.check(now: clock.now) }) {
            case .expired:
                throw KubeError(
                    code: .transport,
                    message: "\(description): nothing received for \(idleTimeout); the connection is presumed dead")
            case .checkAgain(let instant):
                try await clock.sleep(until: instant, tolerance: nil)
            }
        }
    }

    /// The idle timer shared by the reader and the watchdog.
    private final class TimerBox: Sendable {
        let state: Mutex<ReadIdleTimer<C.Instant>>
        init(_ timer: ReadIdleTimer<C.Instant>) { state = Mutex(timer) }
    }
}
