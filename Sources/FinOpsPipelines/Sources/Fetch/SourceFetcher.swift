import AsyncHTTPClient
import Foundation
import KubeClient
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// Performs source requests: HTTP(S) through AsyncHTTPClient, and `file://` URLs from the local disk.
///
/// One `HTTPClient` is kept per distinct TLS and proxy setting, so connections are reused across polls while
/// endpoints with different certificates never share one. Call ``shutdown()`` once, when the owner stops.
public final class SourceFetcher: Sendable {
    public struct Options: Sendable, Hashable {
        /// Time to establish a connection (TCP and TLS).
        public var connectTimeout: Duration = .seconds(10)
        /// Time to wait for the response head.
        public var responseTimeout: Duration = .seconds(120)
        /// Longest silence while the body streams.
        public var readTimeout: Duration = .seconds(60)
        /// Size of chunks read from `file://` sources.
        public var fileChunkBytes = 1 << 20
        public var userAgent = "finops-operator"
        public init() {}
    }

    private struct ClientKey: Hashable {
        var tls: Endpoint.TLSSettings
        var usesTLS: Bool
        var proxy: Endpoint.Proxy?
    }

    private let options: Options
    private let clients = Mutex<[ClientKey: HTTPClient]>([:])
    private let now: @Sendable () -> Date

    /// `now` dates SigV4 signatures (injected for tests).
    public init(options: Options = .init(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.options = options
        self.now = now
    }

    /// The local path of a `file://` URL (relative to the working directory unless it starts with `/`), without its
    /// query or fragment (a file has none: a recorded answer of `…/allocation?window=1d` is the file `…/allocation`),
    /// percent-decoded; `nil` for other URLs.
    static func filePath(of url: String) -> String? {
        guard url.lowercased().hasPrefix("file://") else { return nil }
        let rest = url.dropFirst("file://".count)
        let path = String(rest.prefix { $0 != "?" && $0 != "#" })
        return path.removingPercentEncoding ?? path
    }

    /// Fetches `request` and streams the body into `consumer`. Non-2xx answers, connection problems and timeouts
    /// throw ``SourceError`` with the status and the start of the body (which never holds our credentials).
    public func fetch<Consumer: ResponseBodyConsumer>(
        _ request: SourceRequest, into consumer: inout Consumer
    ) async throws(SourceError) {
        let url = request.url
        if let path = Self.filePath(of: url) {
            try readFile(path, into: &consumer)
            return
        }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            parsed.host != nil
        else {
            throw SourceError(.configuration, "\(request.redactedURL) is not a valid http(s) or file:// URL.")
        }
        let client = try client(for: request.endpoint, usesTLS: scheme == "https")
        let httpRequest = try makeRequest(request, url: url, parsed: parsed)
        do {
            let response = try await client.execute(httpRequest, timeout: .init(options.responseTimeout))
            guard (200..<300).contains(response.status.code) else {
                let snippet = try? await response.body.collect(upTo: 2048)
                throw Self.statusError(response.status, body: snippet, url: request.redactedURL)
            }
            try consumer.begin(
                contentType: response.headers.first(name: "content-type"),
                contentEncoding: response.headers.first(name: "content-encoding"), name: parsed.path)
            for try await buffer in response.body {
                var failure: SourceError?
                buffer.withUnsafeReadableBytes { chunk in
                    do throws(SourceError) { try consumer.consume(chunk) } catch { failure = error }
                }
                if let failure { throw failure }
            }
            try consumer.end()
        } catch let error as SourceError {
            throw error
        } catch {
            throw Self.transportError(error, url: request.redactedURL)
        }
    }

    /// Sends `request` and hands its response to `handle` while it is open: the status and headers whatever they
    /// are (a scraper acts on `304 Not Modified` and `503`), and the body as a pull stream, so the consumer sets the
    /// pace. `file://` URLs answer 200 with the file's bytes. Failing to connect or to get an answer in time throws
    /// ``SourceError``; what `handle` throws is passed on.
    public func open<Result>(
        _ request: SourceRequest, _ handle: (SourceResponse) async throws -> Result
    ) async throws -> Result {
        let url = request.url
        if let path = Self.filePath(of: url) {
            return try await handle(SourceResponse(status: 200, headers: [], body: ByteBody(FileChunks(path: path))))
        }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            parsed.host != nil
        else {
            throw SourceError(.configuration, "\(request.redactedURL) is not a valid http(s) or file:// URL.")
        }
        let client = try client(for: request.endpoint, usesTLS: scheme == "https")
        let httpRequest = try makeRequest(request, url: url, parsed: parsed)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(httpRequest, timeout: .init(options.responseTimeout))
        } catch {
            throw Self.transportError(error, url: request.redactedURL)
        }
        return try await handle(
            SourceResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: ByteBody(response.body)))
    }

    /// Closes every connection.
    public func shutdown() async {
        let all = clients.withLock { clients in
            defer { clients.removeAll() }
            return Array(clients.values)
        }
        for client in all { try? await client.shutdown() }
    }

    // MARK: - HTTP

    private func client(for endpoint: Endpoint, usesTLS: Bool) throws(SourceError) -> HTTPClient {
        let key = ClientKey(tls: usesTLS ? endpoint.tls : .init(), usesTLS: usesTLS, proxy: endpoint.proxy)
        if let existing = clients.withLock({ $0[key] }) { return existing }
        var tls: TLSConfiguration?
        if usesTLS {
            do {
                tls = try PEMTLS.clientConfiguration(
                    certificateAuthority: key.tls.certificateAuthorityPEM,
                    clientCertificate: key.tls.clientCertificatePEM, clientKey: key.tls.clientKeyPEM,
                    insecure: key.tls.insecure, origin: "endpoint Secret")
            } catch {
                throw SourceError(.secret, "\(error)")
            }
        }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: .init(connect: .init(options.connectTimeout), read: .init(options.readTimeout)),
            proxy: key.proxy.map { .server(host: $0.host, port: $0.port) }, decompression: .disabled)
        configuration.connectionPool.retryConnectionEstablishment = false
        let created = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let (client, extra) = clients.withLock { clients -> (HTTPClient, HTTPClient?) in
            if let raced = clients[key] { return (raced, created) }
            clients[key] = created
            return (created, nil)
        }
        if let extra { Task { try? await extra.shutdown() } }
        return client
    }

    private func makeRequest(_ request: SourceRequest, url: String, parsed: URL) throws(SourceError)
        -> HTTPClientRequest
    {
        var http = HTTPClientRequest(url: url)
        http.method = HTTPMethod(rawValue: request.method.uppercased())
        http.headers.add(name: "User-Agent", value: options.userAgent)
        for header in request.headers { http.headers.replaceOrAdd(name: header.name, value: header.value) }
        switch request.endpoint.authentication {
        case .none: break
        case .bearer(let token): http.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
        case .basic(let username, let password):
            let encoded = Data("\(username):\(password)".utf8).base64EncodedString()
            http.headers.replaceOrAdd(name: "Authorization", value: "Basic \(encoded)")
        case .apiKey(let header, let key): http.headers.replaceOrAdd(name: header, value: key)
        case .sigV4(let credentials, let region, let service):
            let signed = try SourceSigning.sign(
                request, url: parsed, credentials: credentials, region: region, service: service, date: now())
            for (name, value) in signed { http.headers.replaceOrAdd(name: name, value: value) }
        }
        if let body = request.body { http.body = .bytes(ByteBuffer(bytes: body)) }
        return http
    }

    static func statusError(_ status: HTTPResponseStatus, body: ByteBuffer?, url: String) -> SourceError {
        var snippet = body.map { String(buffer: $0) } ?? ""
        snippet = snippet.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        if snippet.count > 300 { snippet = String(snippet.prefix(300)) + "…" }
        let detail = snippet.isEmpty ? "" : ": \(snippet)"
        let reason: SourceError.Reason = status.code == 401 || status.code == 403 ? .unauthorized : .httpStatus
        let hint = reason == .unauthorized ? " Check the token or credentials in the endpoint Secret." : ""
        return SourceError(
            reason, "\(url) answered HTTP \(status.code) \(status.reasonPhrase)\(detail).\(hint)",
            statusCode: Int(status.code))
    }

    static func transportError(_ error: any Error, url: String) -> SourceError {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return SourceError(.timeout, "\(url) did not answer in time (\(error)).")
            default: break
            }
        }
        if error is CancellationError {
            return SourceError(.timeout, "The request to \(url) was cancelled.")
        }
        if let error = error as? NIOSSLError {
            return SourceError(.connection, "TLS with \(url) failed: \(error).")
        }
        return SourceError(.connection, "Cannot reach \(url): \(error).")
    }

    // MARK: - Files

    private func readFile<Consumer: ResponseBodyConsumer>(
        _ path: String, into consumer: inout Consumer
    ) throws(SourceError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SourceError(.configuration, "The file \(path) cannot be opened.")
        }
        defer { try? handle.close() }
        var first = true
        while true {
            let data: Data?
            do { data = try handle.read(upToCount: options.fileChunkBytes) } catch {
                throw SourceError(.payload, "Reading \(path) failed: \(error).")
            }
            if first {
                first = false
                try consumer.begin(
                    contentType: Self.contentType(forFile: path, startingWith: data ?? Data()), contentEncoding: nil,
                    name: path)
            }
            guard let data, !data.isEmpty else { break }
            var failure: SourceError?
            data.withUnsafeBytes { chunk in
                do throws(SourceError) { try consumer.consume(chunk) } catch { failure = error }
            }
            if let failure { throw failure }
        }
        try consumer.end()
    }

    /// A file's content type: by its extension (`.gz`, `.json`, `.csv`), else by its first bytes (a recorded answer
    /// saved under its URL path has no extension): gzip's magic number, JSON's `{` or `[`, CSV otherwise.
    static func contentType(forFile path: String, startingWith head: Data) -> String {
        let lower = path.lowercased()
        if lower.hasSuffix(".gz") { return "application/gzip" }
        if lower.hasSuffix(".json") { return "application/json" }
        if lower.hasSuffix(".csv") { return "text/csv" }
        if head.starts(with: [0x1F, 0x8B]) { return "application/gzip" }
        let first = head.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return "application/json" }
        return "text/csv"
    }
}
