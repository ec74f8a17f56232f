import FinOpsPipelines
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A loopback HTTP server for source tests: answers every request with `respond`, and records what it received.
final class StubHTTPServer: Sendable {
    struct Received: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: [UInt8]
    }

    struct Answer: Sendable {
        var status: HTTPResponse.Status = .ok
        var headers: [String: String] = ["Content-Type": "text/csv"]
        var body: [UInt8] = []
        /// Never answer (for timeouts): the handler waits until the server shuts down.
        var hang = false
    }

    let received = Mutex<[Received]>([])
    let respond: @Sendable (Received) -> Answer
    /// What hanging handlers wait on; its continuation is kept (never yielded to) so the stream stays open.
    private let hanging: AsyncStream<Void>
    private let hangingContinuation: AsyncStream<Void>.Continuation

    init(respond: @escaping @Sendable (Received) -> Answer) {
        self.respond = respond
        (hanging, hangingContinuation) = AsyncStream.makeStream()
    }

    deinit { hangingContinuation.finish() }

    var requests: [Received] { received.withLock { $0 } }

    /// Runs the server on a free port for the duration of `body`.
    func run(_ body: @Sendable (_ baseURL: String) async throws -> Void) async throws {
        let router = Router()
        router.on("**", method: .get) { request, context in try await self.handle(request, context) }
        router.on("**", method: .post) { request, context in try await self.handle(request, context) }
        router.on("/", method: .get) { request, context in try await self.handle(request, context) }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: Logger(label: "stub"))
        let group = ServiceGroup(services: [app], logger: Logger(label: "stub"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            do { try await body("http://127.0.0.1:\(port)") } catch {
                await group.triggerGracefulShutdown()
                tasks.cancelAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            tasks.cancelAll()
            try? await tasks.waitForAll()
        }
    }

    private func handle(_ request: Request, _ context: some RequestContext) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        let body = try await request.body.collect(upTo: 1 << 24)
        let received = Received(
            method: request.method.rawValue, path: request.uri.description, headers: headers,
            body: Array(body.readableBytesView))
        self.received.withLock { $0.append(received) }
        let answer = respond(received)
        if answer.hang {
            // Never answers: waits on a stream nothing yields to, until the server's shutdown cancels the handler.
            for await _ in hanging {}
            throw CancellationError()
        }
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let name = HTTPFields.Element.Name(name) { fields.append(.init(name: name, value: value)) }
        }
        return Response(status: answer.status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}

/// Collects a fetched body whole (what a decoder would see).
struct CollectingConsumer: ResponseBodyConsumer {
    var contentType: String?
    var contentEncoding: String?
    var name = ""
    var bytes: [UInt8] = []
    var chunks = 0
    var ended = false

    mutating func begin(contentType: String?, contentEncoding: String?, name: String) throws(SourceError) {
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.name = name
    }

    mutating func consume(_ chunk: UnsafeRawBufferPointer) throws(SourceError) {
        bytes.append(contentsOf: chunk)
        chunks += 1
    }

    mutating func end() throws(SourceError) { ended = true }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}
