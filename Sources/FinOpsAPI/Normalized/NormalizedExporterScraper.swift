import KubeCore

/// The one internal model of an ``ExporterScraperConfig``, derived from either of Krateo's spec shapes by
/// ``ExporterScraperConfigSpec/normalized(defaultNamespace:)``.
///
/// Every default is applied and every reference carries its namespace, so that the rest of the operator never
/// looks at the raw spec again. Values are names and settings only: Secrets are referenced, never read here.
public struct NormalizedExporterScraper: Sendable, Hashable {
    /// Used when a spec sets neither `pollingInterval` nor `pollingIntervalHours`: one hour, which is what
    /// Krateo's exporter fell back to and what its samples use.
    public static let defaultPollingInterval: Duration = .seconds(3600)

    /// What the source returns; `cost` when the spec does not say.
    public var metricType: MetricType
    /// Where the exporter fetches its data.
    public var source: ExporterSource
    /// Credentials the older shape adds to the request; `.none` for the current shape, whose credentials live in
    /// the endpoint Secret.
    public var authentication: SourceAuthentication
    /// Time between polls of the source.
    public var pollingInterval: Duration
    /// Values for `<name>` placeholders; upper-case values name environment variables of the exporter pod.
    public var additionalVariables: [String: String]
    /// The ``ProviderConfig`` whose resource types get usage metrics next to this source, if any.
    public var provider: ObjectKey?
    /// How to read a generic table; set exactly when ``metricType`` is `generic`.
    public var generic: GenericMetric?
    /// How rows become Prometheus series; `nil` means the exporter's defaults.
    public var exposition: ExporterConfigFile.Exposition?
    /// The scraping part; `nil` when the spec asks for no scraping.
    public var scraper: NormalizedScraper?
    /// FOCUS files written per slot; `nil` when the spec asks for none.
    public var focusExport: NormalizedFocusExport?
    /// Set when the source is Kubecost's or OpenCost's API (``source`` then holds the request it builds).
    public var costModel: ExporterConfigFile.CostModel?
    /// Set when the source is Cast AI's API (``source`` then holds the endpoint, with an empty path).
    public var castAI: ExporterConfigFile.CastAI?

    /// Creates a model; normally made by normalizing a spec.
    public init(
        metricType: MetricType, source: ExporterSource, authentication: SourceAuthentication = .none,
        pollingInterval: Duration = Self.defaultPollingInterval, additionalVariables: [String: String] = [:],
        provider: ObjectKey? = nil, generic: GenericMetric? = nil, exposition: ExporterConfigFile.Exposition? = nil,
        scraper: NormalizedScraper? = nil, focusExport: NormalizedFocusExport? = nil,
        costModel: ExporterConfigFile.CostModel? = nil, castAI: ExporterConfigFile.CastAI? = nil
    ) {
        self.metricType = metricType
        self.source = source
        self.authentication = authentication
        self.pollingInterval = pollingInterval
        self.additionalVariables = additionalVariables
        self.provider = provider
        self.generic = generic
        self.exposition = exposition
        self.scraper = scraper
        self.focusExport = focusExport
        self.costModel = costModel
        self.castAI = castAI
    }
}

/// Where an exporter fetches its data.
public enum ExporterSource: Sendable, Hashable {
    /// Older shape: a full URL, possibly with `<name>` placeholders still to fill from the additional variables.
    case url(String)
    /// Current shape: a request against an endpoint Secret (or the in-cluster API server).
    case api(HTTPRequestTemplate)
    /// The cluster's own Nodes and Pods (`exporterConfig.cluster`).
    case cluster(ExporterConfigFile.ClusterAllocation)
}

/// Where a scraper fetches rows.
public enum ScraperSource: Sendable, Hashable {
    /// The rows endpoint of the same ESC's exporter: the usual case, and what an absent `url`/`api` means.
    case exporter
    /// Older shape: another URL.
    case url(String)
    /// Current shape: another request.
    case api(HTTPRequestTemplate)
}

/// Credentials added to the request by the older shape (`requireAuthentication: true`).
public enum SourceAuthentication: Sendable, Hashable {
    /// No `Authorization` header beyond what the endpoint Secret supplies.
    case none
    /// `authenticationMethod: bearer-token`: `Authorization: Bearer <value of this Secret key>`.
    case bearerToken(ResolvedSecretKey)
    /// `authenticationMethod: cert-file`: Krateo read the file at `additionalVariables.certFilePath` inside the
    /// exporter pod and sent its content as a bearer token; despite the name, no TLS client certificate is involved.
    case certFile(path: String)
}

/// An HTTP request with defaults applied; the URL is the endpoint's `server-url` followed by ``path``.
public struct HTTPRequestTemplate: Sendable, Hashable {
    /// Path and query appended to the endpoint URL; may contain `<name>` placeholders. Empty means the endpoint
    /// URL itself.
    public var path: String
    /// Upper-case HTTP method, `GET` unless the spec says otherwise.
    public var method: String
    /// Extra headers, in spec order.
    public var headers: [HTTPHeaderField]
    /// Request body: a string payload as is, a JSON payload serialized with sorted keys.
    public var body: String?
    /// The endpoint Secret; `nil` means the Kubernetes API server of the operator's cluster, reached with the
    /// service account, as Krateo did.
    public var endpoint: ObjectKey?

    /// Creates a request template.
    public init(
        path: String, method: String = "GET", headers: [HTTPHeaderField] = [], body: String? = nil,
        endpoint: ObjectKey? = nil
    ) {
        self.path = path
        self.method = method
        self.headers = headers
        self.body = body
        self.endpoint = endpoint
    }
}

/// One request header.
public struct HTTPHeaderField: Sendable, Hashable {
    /// Header name as written, e.g. `Accept`.
    public var name: String
    /// Header value with surrounding spaces removed.
    public var value: String

    /// Creates a header.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// How to read a table that is neither FOCUS nor Krateo's usage-metric format.
public struct GenericMetric: Sendable, Hashable {
    /// Name of the Prometheus metric.
    public var metricName: String
    /// Zero-based index of the value column.
    public var valueColumnIndex: Int

    /// Creates generic settings.
    public init(metricName: String, valueColumnIndex: Int) {
        self.metricName = metricName
        self.valueColumnIndex = valueColumnIndex
    }
}

/// The scraping part of an ESC.
public struct NormalizedScraper: Sendable, Hashable {
    /// Target table; a valid SQL identifier (`[A-Za-z_][A-Za-z0-9_]{0,62}`).
    public var tableName: String
    /// The ``DatabaseConfig`` with the credentials.
    public var databaseConfig: ObjectKey
    /// Where rows come from.
    public var source: ScraperSource
    /// Time between scrapes.
    public var pollingInterval: Duration

    /// Creates a scraper part.
    public init(
        tableName: String, databaseConfig: ObjectKey, source: ScraperSource = .exporter,
        pollingInterval: Duration = NormalizedExporterScraper.defaultPollingInterval
    ) {
        self.tableName = tableName
        self.databaseConfig = databaseConfig
        self.source = source
        self.pollingInterval = pollingInterval
    }
}
