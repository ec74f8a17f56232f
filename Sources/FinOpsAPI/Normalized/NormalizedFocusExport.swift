import KubeCore

/// `spec.focusExport` with defaults applied and checked (see ``FocusExportSpec``).
public struct NormalizedFocusExport: Sendable, Hashable {
    /// Where the files go.
    public enum Destination: Sendable, Hashable, CustomStringConvertible {
        /// A bucket and a key prefix (empty, or ending in `/`).
        case s3(bucket: String, prefix: String)
        /// An absolute directory path.
        case directory(String)

        public var description: String {
            switch self {
            case .s3(let bucket, let prefix): "s3://\(bucket)/\(prefix)"
            case .directory(let path): "file://\(path)"
            }
        }
    }

    public enum Format: String, Sendable, Hashable, CaseIterable {
        case parquet, csv
    }

    public enum Compression: String, Sendable, Hashable, CaseIterable {
        case zstd, snappy, gzip, none
    }

    public enum Granularity: String, Sendable, Hashable, CaseIterable {
        case daily, hourly
    }

    public static let defaultLookbackDays = 3
    public static let defaultBackfillDays = 30

    public var destination: Destination
    public var region: String?
    public var endpoint: String?
    public var pathStyle: Bool?
    /// The credentials Secret; `nil` means the operator's environment.
    public var credentials: ObjectKey?
    public var format: Format
    public var compression: Compression
    public var granularity: Granularity
    public var lookbackDays: Int
    public var backfillDays: Int
    /// A second prefix (empty, or ending in `/`) receiving a copy of every file.
    public var copyPrefix: String?
    public var tagAllowlist: [String]?
    public var publisherName: String?
    public var providerName: String?
    public var invoiceIssuerName: String?
    /// The file name stem; `nil` means the ESC's name.
    public var fileName: String?
    public var interval: Duration

    public init(
        destination: Destination, region: String? = nil, endpoint: String? = nil, pathStyle: Bool? = nil,
        credentials: ObjectKey? = nil, format: Format = .parquet, compression: Compression = .zstd,
        granularity: Granularity = .daily, lookbackDays: Int = Self.defaultLookbackDays,
        backfillDays: Int = Self.defaultBackfillDays, copyPrefix: String? = nil, tagAllowlist: [String]? = nil,
        publisherName: String? = nil, providerName: String? = nil, invoiceIssuerName: String? = nil,
        fileName: String? = nil, interval: Duration = NormalizedExporterScraper.defaultPollingInterval
    ) {
        self.destination = destination
        self.region = region
        self.endpoint = endpoint
        self.pathStyle = pathStyle
        self.credentials = credentials
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

extension FocusExportSpec {
    /// The export with defaults applied; problems are appended to `errors` under `spec.focusExport`.
    ///
    /// Rules: `destination` is `s3://bucket[/prefix]` or `file:///absolute/path`; `format`, `compression` and
    /// `granularity` take the listed values (any case); CSV compresses with none, gzip or zstd only; `lookbackDays`
    /// is 0…366 and `backfillDays` at least `lookbackDays` and at most 3660; `endpoint` is an http(s) URL;
    /// `fileName` is letters, digits, `.`, `_` and `-`; `interval` a positive Go duration (default
    /// `defaultInterval`).
    func normalized(defaultNamespace: String, defaultInterval: Duration, errors: inout FieldErrors)
        -> NormalizedFocusExport?
    {
        let parent = "spec.focusExport"
        var destination: NormalizedFocusExport.Destination?
        switch self.destination.nonEmpty {
        case nil:
            errors.required(
                "\(parent).destination", "Set the destination: s3://bucket/prefix or file:///absolute/path.")
        case let text? where text.hasPrefix("s3://"):
            let rest = text.dropFirst(5)
            let bucket = String(rest.prefix { $0 != "/" })
            if Self.isBucketName(bucket) {
                destination = .s3(bucket: bucket, prefix: Self.prefix(String(rest.dropFirst(bucket.count))))
            } else {
                errors.invalid(
                    "\(parent).destination",
                    "\"\(bucket)\" is not an S3 bucket name (3–63 characters: lower-case letters, digits, . and -).")
            }
        case let text? where text.hasPrefix("file:///"):
            let path = String(text.dropFirst(7))
            if path.split(separator: "/").contains("..") {
                errors.invalid("\(parent).destination", "A file destination must not contain \"..\".")
            } else {
                destination = .directory(path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path)
            }
        case let text?:
            errors.invalid(
                "\(parent).destination", "\"\(text)\" is neither s3://bucket/prefix nor file:///absolute/path.")
        }

        let format = Self.choice(
            format, NormalizedFocusExport.Format.self, default: .parquet,
            field: "\(parent).format", errors: &errors)
        let compression = Self.choice(
            compression, NormalizedFocusExport.Compression.self, default: format == .csv ? .none : .zstd,
            field: "\(parent).compression", errors: &errors)
        if format == .csv, compression == .snappy {
            errors.notSupported(
                "\(parent).compression", "CSV files are compressed with none, gzip or zstd; snappy is for Parquet.")
        }
        let granularity = Self.choice(
            granularity, NormalizedFocusExport.Granularity.self, default: .daily, field: "\(parent).granularity",
            errors: &errors)

        let lookback = lookbackDays ?? NormalizedFocusExport.defaultLookbackDays
        if !(0...366).contains(lookback) {
            errors.invalid("\(parent).lookbackDays", "lookbackDays must be between 0 and 366, not \(lookback).")
        }
        let backfill = backfillDays ?? max(NormalizedFocusExport.defaultBackfillDays, lookback)
        if backfill < lookback || backfill > 3660 {
            errors.invalid(
                "\(parent).backfillDays",
                "backfillDays must be at least lookbackDays (\(lookback)) and at most 3660, not \(backfill).")
        }
        if let endpoint = endpoint.nonEmpty {
            SpecRules.checkURL(endpoint, field: "\(parent).endpoint", errors: &errors)
        }
        if let fileName = fileName.nonEmpty,
            !fileName.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789._-".unicodeScalars.contains($0))
            })
        {
            errors.invalid("\(parent).fileName", "\"\(fileName)\" may hold only letters, digits, '.', '_' and '-'.")
        }
        var credentials: ObjectKey?
        if let ref = credentialsSecretRef {
            credentials = SpecRules.reference(
                ref, field: "\(parent).credentialsSecretRef", defaultNamespace: defaultNamespace,
                what: "Secret with aws-access-key and aws-secret-key", errors: &errors)
        }
        var every = defaultInterval
        if let text = interval.nonEmpty {
            if let duration = GoDuration.parse(text), duration > .zero {
                every = duration
            } else {
                errors.invalid("\(parent).interval", "\"\(text)\" is not a positive duration such as 1h or 30m.")
            }
        }
        guard let destination else { return nil }
        return NormalizedFocusExport(
            destination: destination, region: region.nonEmpty, endpoint: endpoint.nonEmpty, pathStyle: pathStyle,
            credentials: credentials, format: format, compression: compression, granularity: granularity,
            lookbackDays: lookback, backfillDays: backfill, copyPrefix: copyPrefix.nonEmpty.map(Self.prefix),
            tagAllowlist: tagAllowlist, publisherName: publisherName.nonEmpty, providerName: providerName.nonEmpty,
            invoiceIssuerName: invoiceIssuerName.nonEmpty, fileName: fileName.nonEmpty, interval: every)
    }

    /// A key prefix without a leading `/` and, unless empty, with a trailing one.
    static func prefix(_ text: String) -> String {
        let trimmed = text.drop { $0 == "/" }
        if trimmed.isEmpty { return "" }
        return trimmed.hasSuffix("/") ? String(trimmed) : trimmed + "/"
    }

    static func isBucketName(_ name: String) -> Bool {
        (3...63).contains(name.count)
            && name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-"
            }
    }

    static func choice<Value: RawRepresentable & CaseIterable>(
        _ text: String?, _: Value.Type, default fallback: Value, field: String, errors: inout FieldErrors
    ) -> Value where Value.RawValue == String {
        guard let text = text.nonEmpty else { return fallback }
        if let value = Value(rawValue: text.lowercased()) { return value }
        errors.invalid(
            field, "\"\(text)\" is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", ")).")
        return fallback
    }
}
