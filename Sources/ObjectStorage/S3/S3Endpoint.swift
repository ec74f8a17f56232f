import AWSSigning

/// The server and addressing of a configuration, resolved once, and the URLs of requests built from them.
///
/// Keys are percent-encoded byte by byte with SigV4's rules (everything but `A-Z a-z 0-9 - . _ ~` and `/`), so the
/// path sent is the path signed: `year=2026/report v1.csv` goes out as `year%3D2026/report%20v1.csv`.
struct S3Endpoint: Sendable, Hashable {
    /// `http` or `https`.
    var scheme: String
    /// The server's host name or address (IPv6 in brackets), lower case; without the bucket.
    var host: String
    /// The port when it is not the scheme's default.
    var port: Int?
    /// A path the server lives under, e.g. `/s3`; empty for none. Never ends in `/`.
    var basePath: String
    var addressing: S3Addressing
    var bucket: String

    /// Where a request goes and what is signed.
    struct Target: Sendable, Hashable {
        /// The absolute URL.
        var url: String
        /// The `Host` header: host, and port when not the default.
        var host: String
        /// Path and query, as signed.
        var pathAndQuery: String
    }

    /// Resolves `configuration`; throws ``ObjectStoreError/Kind/rejected`` for an endpoint that is not an http(s)
    /// URL, a bucket name S3 cannot have, or virtual-host addressing with a bucket that cannot be a host name.
    init(_ configuration: S3Configuration) throws(ObjectStoreError) {
        let bucket = configuration.bucket
        guard (1...255).contains(bucket.utf8.count),
            bucket.utf8.allSatisfy({ S3Endpoint.isBucketByte($0) })
        else {
            throw ObjectStoreError(.rejected, "\"\(bucket)\" is not a valid S3 bucket name.")
        }
        guard !configuration.region.isEmpty,
            configuration.region.utf8.allSatisfy({ S3Endpoint.isBucketByte($0) && $0 != UInt8(ascii: ".") })
        else {
            throw ObjectStoreError(.rejected, "\"\(configuration.region)\" is not a valid AWS region name.")
        }
        self.bucket = bucket
        addressing = configuration.resolvedAddressing
        if let endpoint = configuration.endpoint {
            (scheme, host, port, basePath) = try Self.parse(endpoint)
        } else {
            let suffix = configuration.region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
            (scheme, host, port, basePath) = ("https", "s3.\(configuration.region).\(suffix)", nil, "")
        }
        if addressing == .virtualHost, !S3Location.isDNSCompatible(bucket: bucket) {
            throw ObjectStoreError(
                .rejected, "The bucket name \"\(bucket)\" cannot be a host name; use path-style addressing.")
        }
    }

    /// The URL of the bucket (`key` nil) or of the object `key` (full key, prefix included), with `query`
    /// parameters in the order given; a parameter without a value (`uploads`) is sent as a bare name.
    func target(key: String?, query: [(name: String, value: String?)] = []) -> Target {
        let authority = port.map { "\(host):\($0)" } ?? host
        let requestHost = addressing == .virtualHost ? "\(bucket).\(authority)" : authority
        var path = basePath
        if addressing == .pathStyle { path += "/" + SigV4PercentEncoding.encode(bucket) }
        if let key {
            path += "/" + SigV4PercentEncoding.encode(key, keepingSlashes: true)
        } else if path.isEmpty {
            path = "/"
        }
        if !query.isEmpty {
            path +=
                "?"
                + query.map { pair in
                    let name = SigV4PercentEncoding.encode(pair.name)
                    return pair.value.map { "\(name)=\(SigV4PercentEncoding.encode($0))" } ?? name
                }.joined(separator: "&")
        }
        return Target(url: "\(scheme)://\(requestHost)\(path)", host: requestHost, pathAndQuery: path)
    }

    /// The host of `url` (`scheme://host[:port]/…`), lower case, or nil when it has none.
    static func host(ofURL url: String) -> String? {
        (try? parse(url))?.host
    }

    /// Whether `host` is one of AWS's (`*.amazonaws.com`, `*.amazonaws.com.cn`).
    static func isAWSHost(_ host: String) -> Bool {
        host == "amazonaws.com" || host.hasSuffix(".amazonaws.com") || host.hasSuffix(".amazonaws.com.cn")
    }

    /// Splits an endpoint URL into scheme, host, port (nil when the default) and base path. User info, queries
    /// and fragments are refused: they have no meaning for an endpoint, and user info would be a credential in
    /// a place that gets logged.
    static func parse(_ url: String) throws(ObjectStoreError) -> (
        scheme: String, host: String, port: Int?, basePath: String
    ) {
        func invalid(_ why: String) -> ObjectStoreError {
            ObjectStoreError(.rejected, "The S3 endpoint \"\(Self.redactingUserInfo(url))\" \(why).")
        }
        guard let separator = url.firstRange(of: "://") else { throw invalid("is not an http:// or https:// URL") }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw invalid("is not an http:// or https:// URL") }
        let rest = url[separator.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        var path = String(rest[slash...])
        guard !authority.contains("@") else { throw invalid("must not hold user information") }
        guard !path.contains("?"), !path.contains("#") else { throw invalid("must not have a query or fragment") }
        while path.hasSuffix("/") { path.removeLast() }

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("has an unterminated IPv6 address") }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("has text after its IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw invalid("has no host") }
        var port: Int?
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { throw invalid("has an invalid port") }
            port = value == (scheme == "https" ? 443 : 80) ? nil : value
        }
        return (scheme, host.lowercased(), port, path)
    }

    /// `url` with anything between `://` and `@` replaced, for error messages.
    static func redactingUserInfo(_ url: String) -> String {
        guard let separator = url.firstRange(of: "://"), let at = url[separator.upperBound...].firstIndex(of: "@")
        else {
            return url
        }
        return url[..<separator.upperBound] + "<redacted>" + url[at...]
    }

    /// Bytes S3 has ever allowed in bucket names (legacy us-east-1 buckets included).
    static func isBucketByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
