import Logging
import ServiceLifecycle

/// Runs the server `make` builds (listening on a free loopback port, which it reports through `onListening`) while
/// `body` runs with its base URL, then shuts it down gracefully.
func withLoopbackServer(
    _ make: (_ onListening: @escaping @Sendable (Int) async -> Void) -> some Service,
    _ body: @Sendable (String) async throws -> Void
) async throws {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let server = make { continuation.yield($0) }
    let group = ServiceGroup(services: [server], logger: Logger(label: "test"))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next()!
        try await body("http://127.0.0.1:\(port)")
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}
