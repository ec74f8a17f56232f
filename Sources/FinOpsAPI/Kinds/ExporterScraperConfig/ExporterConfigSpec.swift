import KubeCore

/// `spec.exporterConfig`: the source an exporter polls, in either of Krateo's two shapes.
///
/// | older shape | current shape |
/// |---|---|
/// | `url` (with `<var>` placeholders) | `api {path, verb, headers, payload, endpointRef}` |
/// | `requireAuthentication`, `authenticationMethod`, `bearerToken` | credentials in the endpoint Secret |
/// | `pollingIntervalHours` (integer) | `pollingInterval` (Go duration, e.g. `1h30m`) |
///
/// `provider`, `metricType` and `additionalVariables` belong to both. Every field is optional in the schema; the
/// rules that tie them together live in ``ExporterScraperConfigSpec/normalized(defaultNamespace:)``.
public struct ExporterConfigSpec: Codable, Sendable, Hashable {
    /// A ``ProviderConfig`` naming the resource types whose usage metrics are exported next to this cost source.
    public var provider: ObjectRef?
    /// Older shape: full URL of the source, `<name>` placeholders filled from `additionalVariables`.
    public var url: String?
    /// Older shape: written back by Krateo's exporter with the placeholders filled in; accepted and ignored.
    public var urlParsed: String?
    /// Older shape: whether ``authenticationMethod`` applies.
    public var requireAuthentication: Bool?
    /// Older shape: `bearer-token` (token from ``bearerToken``) or `cert-file` (token read from the file named by
    /// `additionalVariables.certFilePath`).
    public var authenticationMethod: String?
    /// Older shape: the Secret key holding the bearer token.
    public var bearerToken: SecretKeyRef?
    /// Current shape: the request to make.
    public var api: APIRequest?
    /// `cost` (FOCUS rows, the default), `resource` (usage metrics) or `generic` (any table); any case.
    public var metricType: String?
    /// Current shape: which column is the value and what to call the metric; required for `generic`.
    public var generic: GenericMetricSpec?
    /// Older shape: hours between polls.
    public var pollingIntervalHours: Int?
    /// Current shape: time between polls as a Go duration (`1h`, `30m`, `1h30m`); wins over
    /// ``pollingIntervalHours``.
    public var pollingInterval: String?
    /// Values for `<name>` placeholders in the URL and path; values in upper case name environment variables of the
    /// exporter pod. `ResourceId` is required for `resource` metrics.
    public var additionalVariables: [String: String]?
    /// How the polled rows become Prometheus series; absent means the defaults (see ``ExpositionSpec``).
    public var exposition: ExpositionSpec?
    /// Poll Kubecost's Allocation or Assets API (with `api.endpointRef`) and map it to FOCUS.
    public var kubecost: CostModelSourceSpec?
    /// Poll OpenCost's Allocation or Assets API (with `api.endpointRef`) and map it to FOCUS.
    public var opencost: CostModelSourceSpec?
    /// Allocate the cluster's own node prices to its pods (no `api`, no `url`).
    public var cluster: ClusterSourceSpec?
    /// Poll Cast AI's workload cost reports (with `api.endpointRef`) and map them to FOCUS.
    public var castai: CastAISourceSpec?

    /// Creates an exporter config; every field is optional.
    public init(
        provider: ObjectRef? = nil, url: String? = nil, urlParsed: String? = nil, requireAuthentication: Bool? = nil,
        authenticationMethod: String? = nil, bearerToken: SecretKeyRef? = nil, api: APIRequest? = nil,
        metricType: String? = nil, generic: GenericMetricSpec? = nil, pollingIntervalHours: Int? = nil,
        pollingInterval: String? = nil, additionalVariables: [String: String]? = nil, exposition: ExpositionSpec? = nil,
        kubecost: CostModelSourceSpec? = nil, opencost: CostModelSourceSpec? = nil, cluster: ClusterSourceSpec? = nil,
        castai: CastAISourceSpec? = nil
    ) {
        self.provider = provider
        self.url = url
        self.urlParsed = urlParsed
        self.requireAuthentication = requireAuthentication
        self.authenticationMethod = authenticationMethod
        self.bearerToken = bearerToken
        self.api = api
        self.metricType = metricType
        self.generic = generic
        self.pollingIntervalHours = pollingIntervalHours
        self.pollingInterval = pollingInterval
        self.additionalVariables = additionalVariables
        self.exposition = exposition
        self.kubecost = kubecost
        self.opencost = opencost
        self.cluster = cluster
        self.castai = castai
    }
}

/// `spec.exporterConfig.exposition`: how rows become Prometheus series (not in Krateo; every field optional).
public struct ExpositionSpec: Codable, Sendable, Hashable {
    /// `focus` (default): the columns in ``labels`` become snake_case labels and rows with equal labels are summed.
    /// `krateo`: every column except `x_` ones is a label, one series per row, as Krateo's exporter did.
    public var labelMode: String?
    /// The FOCUS columns to use as labels in `focus` mode; absent means BillingAccountId, SubAccountId,
    /// ServiceProviderName, ProviderName, ServiceCategory, ServiceName, RegionId, ResourceType, ChargeCategory and
    /// BillingCurrency.
    public var labels: [String]?
    /// Series per metric beyond which rows are left out of the metrics (and counted); default 200000.
    public var maxSeries: Int?

    /// Creates exposition settings; every field is optional.
    public init(labelMode: String? = nil, labels: [String]? = nil, maxSeries: Int? = nil) {
        self.labelMode = labelMode
        self.labels = labels
        self.maxSeries = maxSeries
    }
}

/// `spec.exporterConfig.generic`: how to read a table that is neither FOCUS nor Krateo's usage-metric format.
public struct GenericMetricSpec: Codable, Sendable, Hashable {
    /// Name of the Prometheus metric; the scraper also uses it to select that metric from the exporter.
    public var metricName: String
    /// Zero-based index of the value column: the CSV column, or for JSON the position among all keys in
    /// alphabetical order.
    public var valueColumnIndex: Int

    /// Creates generic metric settings.
    public init(metricName: String, valueColumnIndex: Int) {
        self.metricName = metricName
        self.valueColumnIndex = valueColumnIndex
    }
}
