import AWSSigning

/// How requests name the bucket.
public enum S3Addressing: String, Sendable, Hashable {
    /// `https://endpoint/bucket/key`: what S3-compatible servers (MinIO, Ceph, moto) expect, and the only form that
    /// works over HTTPS for bucket names with dots.
    case pathStyle
    /// `https://bucket.endpoint/key`: AWS's form (path style is deprecated there).
    case virtualHost
}

/// Everything an ``S3ObjectStore`` needs: where the objects go, how to reach and sign for the server, and how to
/// upload and retry. Read once by the caller; the store validates it when it is created.
public struct S3Configuration: Sendable {
    /// The bucket and the key prefix under which the store's keys live.
    public var location: S3Location
    /// The region requests are signed for, e.g. `eu-west-1`. S3-compatible servers usually accept `us-east-1`.
    public var region: String
    /// The server for S3-compatible storage (`http://minio.storage:9000`, `https://s3.example.net/base`); nil for
    /// AWS's regional endpoint `https://s3.<region>.amazonaws.com`.
    public var endpoint: String?
    /// Path-style or virtual-host requests; nil chooses: virtual host for AWS endpoints, path style for a custom
    /// `endpoint` and for bucket names that cannot be a host name (see ``resolvedAddressing``).
    public var addressing: S3Addressing?
    /// Where signing credentials come from.
    public var credentials: any S3CredentialsProvider
    /// The size of a multipart upload's parts, and the largest object sent in a single PUT. Default 8 MiB; S3 wants
    /// at least 5 MiB for every part but the last, and at most 5 GiB. An object may have up to 10 000 parts, so
    /// the default allows objects up to 78 GiB.
    public var partSize: Int
    /// Retries of failed requests.
    public var retry: S3RetryPolicy
    /// The time one attempt may take, sending the body and receiving the whole answer. Default 120 s (a part of
    /// 8 MiB at 1 Mbit/s takes about 70 s).
    public var requestTimeout: Duration
    /// Keys per ListObjectsV2 page, 1…1000 (S3's maximum and default).
    public var listPageSize: Int
    /// The `Content-Type` of uploads for which the caller gives none (an empty string).
    public var defaultContentType: String

    /// The smallest part S3 accepts (for every part but the last).
    public static let minimumPartSize = 5 << 20
    /// The largest part S3 accepts.
    public static let maximumPartSize = 5 << 30
    /// The most parts one multipart upload may have.
    public static let maximumPartCount = 10_000

    /// A configuration for `location`; every other setting has the default described at its property.
    public init(
        location: S3Location, region: String, endpoint: String? = nil, addressing: S3Addressing? = nil,
        credentials: any S3CredentialsProvider, partSize: Int = 8 << 20, retry: S3RetryPolicy = .init(),
        requestTimeout: Duration = .seconds(120), listPageSize: Int = 1000,
        defaultContentType: String = "application/octet-stream"
    ) {
        self.location = location
        self.region = region
        self.endpoint = endpoint
        self.addressing = addressing
        self.credentials = credentials
        self.partSize = partSize
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.listPageSize = listPageSize
        self.defaultContentType = defaultContentType
    }

    /// A configuration with fixed credentials (e.g. from a Kubernetes Secret).
    public init(
        location: S3Location, region: String, endpoint: String? = nil, addressing: S3Addressing? = nil,
        credentials: AWSCredentials
    ) {
        self.init(
            location: location, region: region, endpoint: endpoint, addressing: addressing,
            credentials: S3StaticCredentialsProvider(credentials))
    }

    /// A configuration for an `s3://bucket/prefix/` URL. Throws ``ObjectStoreError/Kind/rejected`` for a URL that
    /// is not one.
    public init(
        url: String, region: String, endpoint: String? = nil, addressing: S3Addressing? = nil,
        credentials: any S3CredentialsProvider
    ) throws(ObjectStoreError) {
        self.init(
            location: try S3Location(url: url), region: region, endpoint: endpoint, addressing: addressing,
            credentials: credentials)
    }

    /// The bucket (shorthand for `location.bucket`).
    public var bucket: String { location.bucket }
    /// The key prefix (shorthand for `location.prefix`).
    public var prefix: String { location.prefix }

    /// The addressing requests use: ``addressing`` when set; otherwise virtual host for AWS (no ``endpoint``, or one
    /// under `amazonaws.com`) unless the bucket name cannot be a host name or has dots (which breaks the wildcard
    /// TLS certificate), and path style for any other endpoint.
    public var resolvedAddressing: S3Addressing {
        if let addressing { return addressing }
        let isAWS = endpoint.map { S3Endpoint.isAWSHost(S3Endpoint.host(ofURL: $0) ?? "") } ?? true
        guard isAWS, S3Location.isDNSCompatible(bucket: bucket), !bucket.contains(".") else { return .pathStyle }
        return .virtualHost
    }
}
