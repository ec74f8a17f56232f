import AsyncHTTPClient
import Logging
import OperatorHTTP
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct OperatorServerTests {
    /// Starts the server on a free port, runs `body` with its base URL, then shuts it down.
    func withServer(_ endpoints: OperatorEndpoints, _ body: @Sendable (String) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = makeOperatorServer(
            host: "127.0.0.1", port: 0, endpoints: endpoints, logger: Logger(label: "test"),
            onListening: { continuation.yield($0) })
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

    func get(_ url: String) async throws -> (status: Int, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    @Test func metricsAreServedAsPrometheusText() async throws {
        try await withServer(OperatorEndpoints(metrics: { "m_total 1\n" })) { base in
            let (status, body) = try await get(base + "/metrics")
            #expect(status == 200)
            #expect(body == "m_total 1\n")
        }
    }

    @Test func readinessFailsWithTheNameOfTheFailingCheck() async throws {
        let synced = Atomic<Bool>(false)
        let endpoints = OperatorEndpoints(
            metrics: { "" }, liveness: [HealthCheck("ping") { true }],
            readiness: [HealthCheck("informer caches synced") { synced.load(ordering: .relaxed) }])
        try await withServer(endpoints) { base in
            #expect(try await get(base + "/healthz").status == 200)
            let notReady = try await get(base + "/readyz")
            #expect(notReady.status == 503)
            #expect(notReady.body == "[-]informer caches synced failed\n")
            synced.store(true, ordering: .relaxed)
            #expect(try await get(base + "/readyz") == (200, "ok\n"))
        }
    }
}
