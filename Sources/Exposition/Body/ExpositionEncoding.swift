/// How a body is stored and served.
public enum ExpositionEncoding: String, Sendable, Hashable {
    /// Plain text. Costs the full text in memory (about 700 bytes per series of 20 FOCUS labels); for small bodies
    /// and tests.
    case identity
    /// gzip, compressed while it is rendered (``ExpositionBody/contentEncoding`` is `gzip`). What Prometheus asks
    /// for; a client that does not accept gzip is served by decompressing the body as a stream.
    case gzip
}
