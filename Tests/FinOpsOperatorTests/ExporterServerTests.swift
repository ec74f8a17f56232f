import AsyncHTTPClient
import Exposition
import Gzip
import Logging
import NIOCore
import OperatorHTTP
import ServiceLifecycle
import Testing

/// The exporter's HTTP server serves prepared bodies as they are (gzip) or decompressed as they stream out.
@Suite struct ExporterServerTests {
    static let text = (0..<20_000).map { "billed_cost{service_name=\"s\($0)\"} \($0)\n" }.joined()

    /// The text as two gzip members, split in the middle of a line.
    static let chunks: [[UInt8]] = {
        let bytes = Array(text.utf8)
        let middle = bytes.count / 2
        return [Gzip.compress(Array(bytes[..<middle])), Gzip.compress(Array(bytes[middle...]))]
    }()

    static let endpoints = ExporterEndpoints(
        metrics: { PreparedBody(contentType: "text/plain; version=0.0.4; charset=utf-8", gzip: chunks) },
        rows: { PreparedBody(contentType: "text/csv", gzip: chunks, headers: [(name: "ETag", value: "\"poll-1\"")]) },
        status: { ByteBuffer(string: "{}") })

    func withServer(
        _ endpoints: ExporterEndpoints = Self.endpoints, _ body: @Sendable (String) async throws -> Void
    ) async throws {
        try await withLoopbackServer(
            {
                makeExporterServer(
                    host: "127.0.0.1", port: 0, endpoints: endpoints, logger: Logger(label: "test"), onListening: $0)
            }, body)
    }

    /// A client that leaves the body as the server sent it (no `Accept-Encoding` of its own, no decompression).
    static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(decompression: .disabled))

    /// A client that decompresses gzip itself, as most do.
    static let decompressing = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(decompression: .enabled(limit: .none)))

    func get(_ url: String, headers: [(String, String)] = []) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return try await Self.client.execute(request, timeout: .seconds(10))
    }

    @Test func identityIsTheWholeTextAcrossGzipMembers() async throws {
        try await withServer { base in
            let response = try await get(base + "/metrics")
            #expect(response.headers.first(name: "content-encoding") == nil)
            let body = try await response.body.collect(upTo: 16 << 20)
            #expect(String(buffer: body) == Self.text)
        }
    }

    @Test func gzipIsServedAsStoredWithItsLength() async throws {
        try await withServer { base in
            let response = try await get(base + "/metrics", headers: [("Accept-Encoding", "gzip")])
            #expect(response.headers.first(name: "content-encoding") == "gzip")
            let stored = Self.chunks.reduce(0) { $0 + $1.count }
            #expect(response.headers.first(name: "content-length") == "\(stored)")
            let body = try await response.body.collect(upTo: 16 << 20)
            #expect(try Gzip.decompress(Array(body.readableBytesView)) == Array(Self.text.utf8))
        }
    }

    @Test func rowsAnswerNotModifiedForTheCurrentPoll() async throws {
        try await withServer { base in
            let response = try await get(base + "/rows", headers: [("If-None-Match", "\"poll-1\"")])
            #expect(response.status.code == 304)
            let fresh = try await get(base + "/rows", headers: [("If-None-Match", "\"poll-0\"")])
            #expect(fresh.status.code == 200)
            #expect(fresh.headers.first(name: "etag") == "\"poll-1\"")
        }
    }

    /// The cost series of a poll and the exporter's own metrics form one gzip member, which HTTP clients built on
    /// zlib-style decoders (AsyncHTTPClient's, curl's) read in full; two concatenated members made them stop or fail.
    @Test func costSeriesAndOwnMetricsAreOneGzipMember() async throws {
        let builder = ExpositionBuilder(encoding: .gzip)
        let family = try MetricFamily(name: "billed_cost", help: "Cost.", type: .gauge, labelNames: ["service_name"])
        try builder.family(family) { writer in
            for index in 0..<5000 { try writer.append(labelValues: ["s\(index)"], value: Double(index)) }
        }
        let body = builder.finish()
        let own = Array("finops_exporter_polls_total 3\n".utf8)
        let endpoints = ExporterEndpoints(
            metrics: { PreparedBody(contentType: ExpositionBody.contentType, gzip: body.gzipMember(appending: own)) },
            rows: { nil }, status: { ByteBuffer(string: "{}") })
        try await withServer(endpoints) { base in
            var request = HTTPClientRequest(url: base + "/metrics")
            request.headers.add(name: "Accept-Encoding", value: "gzip")
            let response = try await Self.decompressing.execute(request, timeout: .seconds(10))
            let text = String(buffer: try await response.body.collect(upTo: 16 << 20))
            let bodyText = String(decoding: try Gzip.decompress(body.bytes()), as: UTF8.self)
            #expect(text == bodyText + "finops_exporter_polls_total 3\n")
        }
    }
}
