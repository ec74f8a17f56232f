import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// ``S3HTTPTransport`` over AsyncHTTPClient.
///
/// Guarantees: `timeout` bounds the whole exchange (request, response head and body), not only the head as
/// AsyncHTTPClient's own deadline does; cancellation of the calling task stops the request and throws
/// `CancellationError`.
///
/// Caveats: configure the `HTTPClient` as ``recommendedConfiguration`` does. It must not follow redirects: S3 answers
/// a request for a bucket in another region with one, and a followed redirect would carry a signature for the wrong
/// host. The shared client follows redirects and keeps retrying a refused connection until its deadline.
public struct S3AsyncHTTPClientTransport: S3HTTPTransport {
    /// The client requests go through.
    public let client: HTTPClient

    /// A transport over `client` (by default the process-wide shared client), owned and shut down by the caller.
    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    /// A transport over a client of its own with `configuration`; call ``shutdown()`` when done with it.
    public init(configuration: HTTPClient.Configuration) {
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Shuts the client down; only for a transport made with ``init(configuration:)``.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// A client configuration suited to S3: connect timeout 10 s, read (idle) timeout 60 s, no redirects, no
    /// decompression (bytes are stored as they are sent), and no silent retries of refused connections (the store
    /// retries with its own policy and reports the failure).
    public static var recommendedConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(60)),
            decompression: .disabled)
        configuration.connectionPool.idleTimeout = .seconds(50)
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    public func send(_ request: S3HTTPRequest, timeout: Duration) async throws -> S3HTTPResponse {
        var http = HTTPClientRequest(url: request.url)
        http.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { http.headers.add(name: header.name, value: header.value) }
        if !request.body.isEmpty || request.method == "PUT" || request.method == "POST" {
            http.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let client = self.client
        let prepared = http
        let description = "\(request.method) \(Self.withoutQuery(request.url))"
        do {
            return try await withThrowingTaskGroup(of: S3HTTPResponse?.self) { group in
                group.addTask {
                    let response = try await client.execute(prepared, timeout: TimeAmount(timeout))
                    let body = try await response.body.collect(upTo: Int.max)
                    return S3HTTPResponse(
                        status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                        body: Array(buffer: body))
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw S3TransportError(timedOut: true, "\(description): no complete answer within \(timeout)")
                }
                return response
            }
        } catch let error as S3TransportError {
            throw error
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            if let error = error as? HTTPClientError {
                switch error {
                case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                    throw S3TransportError(timedOut: true, "\(description): timed out (\(error))")
                default: break
                }
            }
            throw S3TransportError("\(description): \(error)")
        }
    }

    /// The URL without its query (which may hold an upload ID or a continuation token: long, not useful in logs).
    static func withoutQuery(_ url: String) -> Substring {
        url[..<(url.firstIndex(of: "?") ?? url.endIndex)]
    }
}
