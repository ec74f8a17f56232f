extension HTTPKubeClient {
    /// Limits and identity of an ``HTTPKubeClient``. Every field has a default suited to an operator.
    public struct Options: Sendable, Hashable {
        /// The whole of a non-watch call, from sending to the last body byte. Default 30 s (kubectl has none by
        /// default; client-go callers typically set 30 s).
        public var requestTimeout: Duration
        /// Establishing a TCP + TLS connection. Default 10 s.
        public var connectTimeout: Duration
        /// How long a watch may receive nothing before it is presumed dead and ends with
        /// ``KubeError/Code/transport``. `nil` (the default) derives it from the watch's own `timeoutSeconds`:
        ///
        /// | `timeoutSeconds` | read-idle timeout |
        /// |---|---|
        /// | `nil` | 5 min |
        /// | `t` | `min(t + 30 s, 5 min)` |
        ///
        /// An API server with `allowWatchBookmarks=true` sends a BOOKMARK about once a minute, so a live but quiet
        /// watch is not cut; without bookmarks a quiet watch may end after 5 min and the caller re-watches from its
        /// last resourceVersion, which costs one request.
        public var watchIdleTimeout: Duration?
        /// The largest successful response body accepted. Lists can be big; default 256 MiB.
        public var maximumResponseBytes: Int
        /// The part of an error body that is read (the rest is dropped); default 1 MiB.
        public var maximumErrorBodyBytes: Int
        /// The `User-Agent` header; default `finops-operator`.
        public var userAgent: String
        /// Connections kept to the API server. Each open watch holds one for its whole life, so this must exceed the
        /// number of concurrent watches by the number of concurrent ordinary requests; default 128.
        public var maximumConnections: Int

        public init(
            requestTimeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(10),
            watchIdleTimeout: Duration? = nil, maximumResponseBytes: Int = 256 << 20,
            maximumErrorBodyBytes: Int = 1 << 20, userAgent: String = "finops-operator",
            maximumConnections: Int = 128
        ) {
            self.maximumConnections = maximumConnections
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
            self.watchIdleTimeout = watchIdleTimeout
            self.maximumResponseBytes = maximumResponseBytes
            self.maximumErrorBodyBytes = maximumErrorBodyBytes
            self.userAgent = userAgent
        }

        /// The read-idle timeout of a watch asking the server for `timeoutSeconds` (see ``watchIdleTimeout``).
        public func watchIdleTimeout(forServerTimeout timeoutSeconds: Int?) -> Duration {
            if let watchIdleTimeout { return watchIdleTimeout }
            let cap = Duration.seconds(300)
            guard let timeoutSeconds else { return cap }
            return min(.seconds(timeoutSeconds) + .seconds(30), cap)
        }
    }
}
