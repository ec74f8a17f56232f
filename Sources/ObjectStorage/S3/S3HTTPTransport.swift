/// The HTTP seam of the S3 store: one request out, one whole response back.
///
/// ``S3AsyncHTTPClientTransport`` is the production implementation; tests substitute a scripted one. Requests and
/// responses are small enough to hold in memory (a part is at most ``S3Configuration/partSize`` bytes).
public protocol S3HTTPTransport: Sendable {
    /// Sends `request` and returns its answer, whatever the status. Throws ``S3TransportError`` when no answer came
    /// (connection refused, DNS, TLS, timeout), and `CancellationError` when the task was cancelled.
    func send(_ request: S3HTTPRequest, timeout: Duration) async throws -> S3HTTPResponse
}

/// A signed request, ready to send.
public struct S3HTTPRequest: Sendable {
    /// `GET`, `PUT`, `POST`, `DELETE`, `HEAD`.
    public var method: String
    /// The absolute URL, path and query percent-encoded exactly as signed.
    public var url: String
    /// Every header to send, `Host` and the signature included.
    public var headers: [(name: String, value: String)]
    /// The body; empty for none.
    public var body: [UInt8]

    /// A request from its parts.
    public init(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of header `name` (any case).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// An answer: status, headers and the whole body.
public struct S3HTTPResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The headers as received.
    public var headers: [(name: String, value: String)]
    /// The whole body.
    public var body: [UInt8]

    /// A response from its parts.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of header `name` (any case).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// No answer came: the connection failed or the time ran out.
public struct S3TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether the time limit ran out (otherwise the connection failed).
    public var timedOut: Bool
    /// What happened, without credentials.
    public var message: String

    /// An error from its parts.
    public init(timedOut: Bool = false, _ message: String) {
        self.timedOut = timedOut
        self.message = message
    }

    public var description: String { message }
}
