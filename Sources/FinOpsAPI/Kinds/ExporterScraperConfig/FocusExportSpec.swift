import Foundation
import KubeCore

/// `spec.focusExport` (not in Krateo; optional): FOCUS 1.3 files of the rows this ESC produces, written per UTC slot
/// under `{prefix}version=focus-1.3/year=YYYY/month=MM/day=DD/{fileName}-{YYYY-MM-DD}[-{HH}].{parquet|csv…}` in an
/// S3 bucket (any S3-compatible endpoint) or a local directory. Every field but ``destination`` has a default.
public struct FocusExportSpec: Codable, Sendable, Hashable {
    /// `s3://bucket/prefix` or `file:///absolute/path`.
    public var destination: String?
    /// S3 region; absent means `AWS_REGION`/`AWS_DEFAULT_REGION` of the operator, else `us-east-1`.
    public var region: String?
    /// S3-compatible endpoint URL (MinIO, Ceph, moto…); absent means AWS.
    public var endpoint: String?
    /// Path-style addressing (`endpoint/bucket/key`); absent means path-style exactly when ``endpoint`` is set.
    public var pathStyle: Bool?
    /// A Secret with `aws-access-key`, `aws-secret-key` (and optionally `aws-session-token`); absent means the
    /// operator's environment (`AWS_ACCESS_KEY_ID`, …, or a web identity token file).
    public var credentialsSecretRef: ObjectRef?
    /// `parquet` (default) or `csv`.
    public var format: String?
    /// Parquet: `zstd` (default), `snappy`, `gzip`, `none`. CSV: `none` (default), `gzip`, `zstd`.
    public var compression: String?
    /// `daily` (default) or `hourly`: the UTC slot one file holds.
    public var granularity: String?
    /// Days back from now whose slots are rewritten on every run (costs are restated for days); default 3.
    public var lookbackDays: Int?
    /// Days back from now whose slots are written when missing; default 30, at least ``lookbackDays``.
    public var backfillDays: Int?
    /// A second prefix (in the same bucket or directory) that receives a copy of every file.
    public var copyPrefix: String?
    /// Keys of `Tags` kept in the files; absent means all.
    public var tagAllowlist: [String]?
    /// Fills `PublisherName` where a row has none.
    public var publisherName: String?
    /// Fills `ProviderName` (and `ServiceProviderName`) where a row has none.
    public var providerName: String?
    /// Fills `InvoiceIssuerName` where a row has none.
    public var invoiceIssuerName: String?
    /// The file name stem; default: the ESC's name.
    public var fileName: String?
    /// Time between export runs as a Go duration; default: the scraper's interval, else the exporter's.
    public var interval: String?

    public init(
        destination: String? = nil, region: String? = nil, endpoint: String? = nil, pathStyle: Bool? = nil,
        credentialsSecretRef: ObjectRef? = nil, format: String? = nil, compression: String? = nil,
        granularity: String? = nil, lookbackDays: Int? = nil, backfillDays: Int? = nil, copyPrefix: String? = nil,
        tagAllowlist: [String]? = nil, publisherName: String? = nil, providerName: String? = nil,
        invoiceIssuerName: String? = nil, fileName: String? = nil, interval: String? = nil
    ) {
        self.destination = destination
        self.region = region
        self.endpoint = endpoint
        self.pathStyle = pathStyle
        self.credentialsSecretRef = credentialsSecretRef
        self.format = format
        self.compression = compression
        self.granularity = granularity
        self.lookbackDays = lookbackDays
        self.backfillDays = backfillDays
        self.copyPrefix = copyPrefix
        self.tagAllowlist = tagAllowlist
        self.publisherName = publisherName
        self.providerName = providerName
        self.invoiceIssuerName = invoiceIssuerName
        self.fileName = fileName
        self.interval = interval
    }
}

/// `status.export`: what the FOCUS file export has written.
public struct ExportStatus: Codable, Sendable, Hashable {
    /// The newest slot whose file is complete, as its start (`2026-11-23` or `2026-11-23T14:00:00Z`).
    public var lastCompleteSlot: String?
    /// Files written by the last run, and rows and bytes in them.
    public var files: Int64?
    public var rows: Int64?
    public var bytes: Int64?
    /// Rows of the last run that no file could hold (no or a malformed ChargePeriodStart, outside the window).
    public var rowsSkipped: Int64?
    /// When a run last ended without error.
    public var lastSuccessTime: Date?
    /// The last run's error; absent after a success.
    public var lastError: String?
    /// When the next run starts.
    public var nextRunTime: Date?

    public init(
        lastCompleteSlot: String? = nil, files: Int64? = nil, rows: Int64? = nil, bytes: Int64? = nil,
        rowsSkipped: Int64? = nil, lastSuccessTime: Date? = nil, lastError: String? = nil, nextRunTime: Date? = nil
    ) {
        self.lastCompleteSlot = lastCompleteSlot
        self.files = files
        self.rows = rows
        self.bytes = bytes
        self.rowsSkipped = rowsSkipped
        self.lastSuccessTime = lastSuccessTime
        self.lastError = lastError
        self.nextRunTime = nextRunTime
    }
}
