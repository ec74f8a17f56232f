/// A bucket and a key prefix, as written in an `s3://bucket/prefix/` URL.
///
/// The prefix is kept in one normal form: no leading `/`, and either empty or ending in `/`, so that `reports` and
/// `/reports/` both name the folder `reports/` and keys never run into the prefix (`reportsX`).
public struct S3Location: Sendable, Hashable, CustomStringConvertible {
    /// The bucket name.
    public var bucket: String
    /// The key prefix every key of the store lives under: empty or ending in `/`.
    public var prefix: String {
        didSet { prefix = Self.normalizedPrefix(prefix) }
    }

    /// A location from its parts; `prefix` is normalised (see the type's description).
    public init(bucket: String, prefix: String = "") {
        self.bucket = bucket
        self.prefix = Self.normalizedPrefix(prefix)
    }

    /// Parses `s3://bucket` or `s3://bucket/some/prefix/`. Throws ``ObjectStoreError/Kind/rejected`` for another
    /// scheme, an empty bucket, or a query or fragment (which S3 URLs do not have).
    public init(url: String) throws(ObjectStoreError) {
        let scheme = "s3://"
        guard url.utf8.count > scheme.utf8.count, url.lowercased().hasPrefix(scheme) else {
            throw ObjectStoreError(.rejected, "\"\(url)\" is not an s3://bucket/prefix URL.")
        }
        let rest = url.dropFirst(scheme.count)
        guard !rest.contains("?"), !rest.contains("#") else {
            throw ObjectStoreError(.rejected, "The S3 URL \"\(url)\" must not have a query or fragment.")
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let bucket = String(rest[..<slash])
        guard !bucket.isEmpty else {
            throw ObjectStoreError(.rejected, "The S3 URL \"\(url)\" has no bucket name.")
        }
        self.init(bucket: bucket, prefix: String(rest[slash...]))
    }

    /// `s3://bucket/prefix/`.
    public var description: String { "s3://\(bucket)/\(prefix)" }

    /// The prefix without leading slashes, ending in one `/` unless empty.
    static func normalizedPrefix(_ prefix: String) -> String {
        var trimmed = Substring(prefix)
        while trimmed.first == "/" { trimmed = trimmed.dropFirst() }
        while trimmed.last == "/" { trimmed = trimmed.dropLast() }
        return trimmed.isEmpty ? "" : trimmed + "/"
    }

    /// Whether `bucket` can be a DNS label under the endpoint (virtual-host addressing): 3–63 characters of
    /// lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit, no `..`.
    static func isDNSCompatible(bucket: String) -> Bool {
        let bytes = Array(bucket.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else {
            return false
        }
        guard !bucket.contains("..") else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }
}
