/// One request to a source, with every placeholder filled: an endpoint (URL, credentials, TLS) plus path, method,
/// headers and body.
public struct SourceRequest: Sendable, Hashable {
    public var endpoint: Endpoint
    /// Appended to `endpoint.serverURL` (a `/` is inserted or collapsed as needed); empty for the URL itself.
    public var path: String
    public var method: String
    public var headers: [Header]
    public var body: [UInt8]?

    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        endpoint: Endpoint, path: String = "", method: String = "GET", headers: [Header] = [], body: [UInt8]? = nil
    ) {
        self.endpoint = endpoint
        self.path = path
        self.method = method
        self.headers = headers
        self.body = body
    }

    /// `server-url` joined with the path.
    public var url: String {
        guard !path.isEmpty else { return endpoint.serverURL }
        if path.lowercased().hasPrefix("http://") || path.lowercased().hasPrefix("https://") { return path }
        let base = endpoint.serverURL.hasSuffix("/") ? String(endpoint.serverURL.dropLast()) : endpoint.serverURL
        return path.hasPrefix("/") || path.hasPrefix("?") ? base + path : base + "/" + path
    }

    /// The URL for messages: no user-info, no query (query strings often hold keys or signatures).
    public var redactedURL: String { Self.redact(url) }

    public static func redact(_ url: String) -> String {
        var text = Substring(url)
        if let query = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<query] }
        if let scheme = text.range(of: "://") {
            let authorityStart = scheme.upperBound
            let authorityEnd = text[authorityStart...].firstIndex(of: "/") ?? text.endIndex
            if let at = text[authorityStart..<authorityEnd].lastIndex(of: "@") {
                return String(text[..<authorityStart]) + String(text[text.index(after: at)...])
            }
        }
        return String(text)
    }
}
