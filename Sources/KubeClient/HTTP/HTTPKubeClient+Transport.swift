import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat

// The one place where a KubeRequest meets AsyncHTTPClient: headers, time limits, body limits and error mapping.

extension HTTPKubeClient {
    /// Sends a non-watch request and returns the body of its 2xx answer.
    func send(_ request: KubeRequest) async throws -> Data {
        let limit = options.requestTimeout
        let description = "\(request.verb.rawValue) \(request.path)"
        // A local copy: the compiler opens the existential clock for a generic call from a local, not a property.
        let clock = self.clock
        return try await Deadline.run(
            within: limit, on: clock,
            timedOut: { KubeError(code: .transport, message: "\(description): no complete answer within \(limit)") }
        ) { [self] in
            let response = try await execute(request, headDeadline: limit)
            do {
                try await throwIfFailed(response)
                return try await collect(response.body, limit: options.maximumResponseBytes, truncate: false)
            } catch {
                throw transportError(error, description)
            }
        }
    }

    /// Opens a watch and feeds its lines to `onLine` until the server ends it (see ``WatchStreamReader``).
    func stream(
        _ request: KubeRequest, idleTimeout: Duration, clock: some Clock<Duration>,
        onLine: @Sendable (Data) async throws -> Void
    ) async throws {
        let response = try await execute(request, headDeadline: options.requestTimeout)
        do {
            try await throwIfFailed(response)
        } catch {
            throw transportError(error, "\(request.verb.rawValue) \(request.path)")
        }
        let reader = WatchStreamReader(
            idleTimeout: idleTimeout, clock: clock, description: "\(request.verb.rawValue) \(request.path) (watch)")
        defer { logger.debug("kube watch ended", metadata: ["kube.path": "\(request.path)"]) }
        try await reader.read(response.body, onLine: onLine)
    }

    /// Sends the request and waits for the response head (AsyncHTTPClient's deadline covers only that part).
    private func execute(_ request: KubeRequest, headDeadline: Duration) async throws -> HTTPClientResponse {
        let description = "\(request.verb.rawValue) \(request.path)"
        var http = HTTPClientRequest(url: endpoint.url(for: request))
        switch request.verb {
        case .GET: http.method = .GET
        case .POST: http.method = .POST
        case .PUT: http.method = .PUT
        case .PATCH: http.method = .PATCH
        case .DELETE: http.method = .DELETE
        }
        http.headers.add(name: "Accept", value: "application/json")
        http.headers.add(name: "User-Agent", value: options.userAgent)
        if let token = try tokens.token() {
            http.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: request.contentType ?? "application/json")
            http.body = .bytes(ByteBuffer(data: body))
        }
        do {
            let response = try await self.http.execute(http, deadline: .now() + TimeAmount(headDeadline))
            logger.debug(
                "kube request",
                metadata: [
                    "kube.method": "\(request.verb.rawValue)", "kube.path": "\(request.path)",
                    "kube.status": "\(response.status.code)",
                ])
            return response
        } catch {
            logger.debug(
                "kube request failed",
                metadata: ["kube.method": "\(request.verb.rawValue)", "kube.path": "\(request.path)"])
            throw transportError(error, description)
        }
    }

    /// Throws the ``KubeError`` of a non-2xx answer, parsed from the first bytes of its `Status` body.
    private func throwIfFailed(_ response: HTTPClientResponse) async throws {
        let status = Int(response.status.code)
        guard !(200..<300).contains(status) else { return }
        let body = try await collect(response.body, limit: options.maximumErrorBodyBytes, truncate: true)
        throw KubeError(httpStatus: status, body: body)
    }

    /// The body, at most `limit` bytes: beyond it, either the first `limit` bytes (`truncate`, for error bodies) or an
    /// error (for answers, which would be unusable cut short).
    private func collect(_ body: HTTPClientResponse.Body, limit: Int, truncate: Bool) async throws -> Data {
        var data = Data()
        for try await chunk in body {
            if data.count + chunk.readableBytes > limit {
                if truncate {
                    data.append(contentsOf: chunk.readableBytesView.prefix(limit - data.count))
                    // Stop reading: leaving the loop drops the rest of the body and its connection.
                    return data
                }
                throw KubeError(
                    code: .decoding, message: "the response body exceeds the limit of \(limit) bytes")
            }
            data.append(contentsOf: chunk.readableBytesView)
        }
        return data
    }

    /// Any failure to get an answer, as ``KubeError/Code/transport``; cancellation stays `CancellationError`.
    private func transportError(_ error: any Error, _ description: String) -> any Error {
        if error is KubeError || error is CancellationError { return error }
        if Task.isCancelled { return CancellationError() }
        return KubeError(code: .transport, message: "\(description): \(error)")
    }
}
