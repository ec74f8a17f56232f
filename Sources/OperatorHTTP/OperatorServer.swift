import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A named health check for `/healthz` or `/readyz`.
public struct HealthCheck: Sendable {
    public var name: String
    public var check: @Sendable () -> Bool

    public init(_ name: String, check: @escaping @Sendable () -> Bool) {
        self.name = name
        self.check = check
    }
}

/// What the operator's HTTP endpoints serve. The server holds no logic of its own: it calls these.
public struct OperatorEndpoints: Sendable {
    /// The Prometheus text exposition for `/metrics`.
    public var metrics: @Sendable () -> String
    /// Checks behind `/healthz` (the process is alive and not wedged).
    public var liveness: [HealthCheck]
    /// Checks behind `/readyz` (e.g. informer caches synced).
    public var readiness: [HealthCheck]

    public init(metrics: @escaping @Sendable () -> String, liveness: [HealthCheck] = [], readiness: [HealthCheck] = [])
    {
        self.metrics = metrics
        self.liveness = liveness
        self.readiness = readiness
    }
}

/// Builds the operator's HTTP server (`/metrics`, `/healthz`, `/readyz`) as a swift-service-lifecycle `Service`.
///
/// Health endpoints answer `200 ok`, or `503` listing each failing check as `[-]name failed` (the format
/// kube-apiserver uses), so a failing probe says why. `onListening` receives the bound port (useful with port 0).
public func makeOperatorServer(
    host: String, port: Int, endpoints: OperatorEndpoints, logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some Service {
    let router = Router()
    router.get("/metrics") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: endpoints.metrics())))
    }
    router.get("/healthz") { _, _ in healthResponse(endpoints.liveness) }
    router.get("/livez") { _, _ in healthResponse(endpoints.liveness) }
    router.get("/readyz") { _, _ in healthResponse(endpoints.readiness) }
    return Application(
        router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) }, logger: logger)
}

func healthResponse(_ checks: [HealthCheck]) -> Response {
    let failing = checks.filter { !$0.check() }
    let text = failing.isEmpty ? "ok\n" : failing.map { "[-]\($0.name) failed\n" }.joined()
    return Response(
        status: failing.isEmpty ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: text)))
}
