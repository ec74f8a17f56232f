import Gzip
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A body the exporter prepared once (after a poll) and serves to every request, stored gzip-compressed as one gzip
/// member in chunks that share storage with the exporter's state (each is copied into the connection's buffer only
/// as it is written). A client that does not accept gzip gets the identity encoding, decompressed as it streams
/// out, never whole in memory.
public struct PreparedBody: Sendable {
    public var contentType: String
    /// One gzip member, in order.
    public var gzip: [[UInt8]]
    /// Response headers specific to this body (`ETag`, poll id, FOCUS version).
    public var headers: [(name: String, value: String)]

    public init(contentType: String, gzip: [[UInt8]], headers: [(name: String, value: String)] = []) {
        self.contentType = contentType
        self.gzip = gzip
        self.headers = headers
    }
}

/// What the exporter's HTTP server serves; the server holds no logic of its own.
public struct ExporterEndpoints: Sendable {
    /// `/metrics`: the Prometheus text exposition (cost series of the last good poll and the exporter's own).
    public var metrics: @Sendable () -> PreparedBody
    /// `/rows`: the last complete poll's FOCUS rows as CSV; `nil` before the first good poll (503).
    public var rows: @Sendable () -> PreparedBody?
    /// `/status`: JSON about the last polls (for the operator and for people).
    public var status: @Sendable () -> ByteBuffer
    public var liveness: [HealthCheck]
    public var readiness: [HealthCheck]

    public init(
        metrics: @escaping @Sendable () -> PreparedBody, rows: @escaping @Sendable () -> PreparedBody?,
        status: @escaping @Sendable () -> ByteBuffer, liveness: [HealthCheck] = [], readiness: [HealthCheck] = []
    ) {
        self.metrics = metrics
        self.rows = rows
        self.status = status
        self.liveness = liveness
        self.readiness = readiness
    }
}

/// Builds the exporter's HTTP server (`/metrics`, `/rows`, `/status`, `/healthz`, `/livez`, `/readyz`) as a
/// swift-service-lifecycle `Service`.
///
/// `/rows` answers `304 Not Modified` when `If-None-Match` names the current poll's ETag, so a scraper that polls
/// often downloads each poll once.
public func makeExporterServer(
    host: String, port: Int, endpoints: ExporterEndpoints, logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some Service {
    let router = Router()
    addExporterRoutes(to: router, under: "") { _ in endpoints }
    return Application(
        router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) }, logger: logger)
}

/// Builds one HTTP server for several exporters, each under `/{namespace}/{name}/` with the endpoints of
/// ``makeExporterServer(host:port:endpoints:logger:onListening:)`` (local mode runs every exporter in one process);
/// `/` lists them as text and `/metrics` serves `metrics` (the operator's own, in local mode). An exporter `lookup`
/// does not know answers 404.
public func makeExportersServer(
    host: String, port: Int, lookup: @escaping @Sendable (_ namespace: String, _ name: String) -> ExporterEndpoints?,
    index: @escaping @Sendable () -> String, metrics: @escaping @Sendable () -> String = { "" }, logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some Service {
    let router = Router()
    router.get("/") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: index())))
    }
    router.get("/metrics") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: metrics())))
    }
    addExporterRoutes(to: router, under: "/:namespace/:name") { context in
        guard let namespace = context.parameters.get("namespace"), let name = context.parameters.get("name") else {
            return nil
        }
        return lookup(namespace, name)
    }
    return Application(
        router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) }, logger: logger)
}

/// The exporter's routes under `prefix`; `endpoints` finds what a request's exporter serves (`nil`: 404).
private func addExporterRoutes(
    to router: Router<BasicRequestContext>, under prefix: String,
    endpoints: @escaping @Sendable (BasicRequestContext) -> ExporterEndpoints?
) {
    func route(
        _ path: String, _ respond: @escaping @Sendable (ExporterEndpoints, Request) -> Response
    ) {
        router.get(RouterPath(prefix + path)) { request, context in
            guard let found = endpoints(context) else {
                return Response(
                    status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: "no such exporter\n")))
            }
            return respond(found, request)
        }
    }
    route("/metrics") { endpoints, request in prepared(endpoints.metrics(), request: request) }
    route("/rows") { endpoints, request in
        guard let body = endpoints.rows() else {
            return Response(
                status: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8", .retryAfter: "30"],
                body: .init(byteBuffer: ByteBuffer(string: "no complete poll yet\n")))
        }
        if let etag = body.headers.first(where: { $0.name.lowercased() == "etag" })?.value,
            let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag })
        {
            var headers = HTTPFields()
            headers[.eTag] = etag
            return Response(status: .notModified, headers: headers)
        }
        return prepared(body, request: request)
    }
    route("/status") { endpoints, _ in
        Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: endpoints.status()))
    }
    route("/healthz") { endpoints, _ in healthResponse(endpoints.liveness) }
    route("/livez") { endpoints, _ in healthResponse(endpoints.liveness) }
    route("/readyz") { endpoints, _ in healthResponse(endpoints.readiness) }
}

private func prepared(_ body: PreparedBody, request: Request) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = body.contentType
    headers[.vary] = "Accept-Encoding"
    for header in body.headers {
        if let name = HTTPFields.Element.Name(header.name) {
            headers.append(HTTPFields.Element(name: name, value: header.value))
        }
    }
    let chunks = body.gzip
    if acceptsGzip(request) {
        headers[.contentEncoding] = "gzip"
        headers[.contentLength] = "\(chunks.reduce(0) { $0 + $1.count })"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                for chunk in chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
                try await writer.finish(nil)
            })
    }
    return Response(
        status: .ok, headers: headers,
        body: ResponseBody { writer in
            let decompressor = GzipDecompressor()
            for chunk in chunks {
                // 16 KiB of input at a time, so that a large body never sits decompressed in memory.
                var offset = 0
                while offset < chunk.count {
                    let end = min(offset + 16_384, chunk.count)
                    var pieces: [ByteBuffer] = []
                    try chunk[offset..<end].withUnsafeBytes { input in
                        try decompressor.decompress(input) { output in pieces.append(ByteBuffer(bytes: output)) }
                    }
                    for piece in pieces { try await writer.write(piece) }
                    offset = end
                }
            }
            try decompressor.finish()
            try await writer.finish(nil)
        })
}

/// Whether `Accept-Encoding` allows gzip (a `q=0` refuses it).
func acceptsGzip(_ request: Request) -> Bool {
    guard let accept = request.headers[.acceptEncoding] else { return false }
    return accept.split(separator: ",").contains { part in
        let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let coding = pieces.first, coding == "gzip" || coding == "*" else { return false }
        return !pieces.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "") == "q=0" }
    }
}
