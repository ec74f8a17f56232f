import AsyncHTTPClient
import Logging
import OperatorHTTP
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct OperatorServerTests {
    /// Starts the server on a free port, runs `body` with its base URL, then shuts it down.
    func withServer(_ endpoints: OperatorEndpoints, _ body: @Sendable (String) async throws -> Void) async throws {
        try await withLoopbackServer(
            {
                makeOperatorServer(
                    host: "127.0.0.1", port: 0, endpoints: endpoints, logger: Logger(label: "test"), onListening: $0)
            }, body)
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
