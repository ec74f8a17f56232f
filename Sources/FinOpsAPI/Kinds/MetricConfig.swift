import KubeCore

/// `MetricConfig` (`mtconfig`): one usage metric to collect for every resource of a type, e.g. Azure's
/// `Percentage CPU` for virtual machines.
///
/// The request path for a resource is its FOCUS `ResourceId` followed by ``MetricEndpointSpec/resourceSuffix``,
/// a format whose three `%s` are replaced by the URL-escaped metric name, the timespan (as `start/end` dates) and
/// the interval, in that order.
public struct MetricConfig: KubernetesObject, HasStatus, Hashable {
    /// `finops.krateo.io/v1`, `metricconfigs`, namespaced.
    public static let resource = FinOpsGroup.resource(kind: "MetricConfig", plural: "metricconfigs")
    /// Always `finops.krateo.io/v1`.
    public var apiVersion = Self.resource.apiVersion
    /// Always `MetricConfig`.
    public var kind = Self.resource.kind
    /// Object metadata.
    public var metadata: ObjectMeta
    /// The metric.
    public var spec: MetricConfigSpec
    /// Written by the controller only.
    public var status: ConditionsStatus?

    /// Creates an object.
    public init(metadata: ObjectMeta, spec: MetricConfigSpec, status: ConditionsStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec, status }

    /// Decodes an object; absent `apiVersion`/`kind` take the resource's, an absent `spec` decodes as empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion) ?? Self.resource.apiVersion
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? Self.resource.kind
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        spec =
            try c.decodeIfPresent(MetricConfigSpec.self, forKey: .spec)
            ?? MetricConfigSpec(endpoint: MetricEndpointSpec(), timespan: "", interval: "")
        status = try c.decodeIfPresent(ConditionsStatus.self, forKey: .status)
    }
}

/// The spec of a ``MetricConfig``. `endpoint`, `timespan` and `interval` are required, as in Krateo's schema.
public struct MetricConfigSpec: Codable, Sendable, Hashable {
    /// The provider's name of the metric, e.g. `Percentage CPU`; required by ``validate()``.
    public var metricName: String?
    /// How to build the request for one resource.
    public var endpoint: MetricEndpointSpec
    /// How far back each request reaches: `day`, `month` or `year`.
    public var timespan: String
    /// Granularity of the data points as an ISO-8601 duration, e.g. `PT15M`, `PT1H`, `P1D`.
    public var interval: String

    /// Creates a spec.
    public init(metricName: String? = nil, endpoint: MetricEndpointSpec, timespan: String, interval: String) {
        self.metricName = metricName
        self.endpoint = endpoint
        self.timespan = timespan
        self.interval = interval
    }
}

/// `spec.endpoint` of a ``MetricConfig``.
public struct MetricEndpointSpec: Codable, Sendable, Hashable {
    /// Older shape: text placed before the resource path, e.g. the API's base URL. Krateo's older schema required
    /// it; its exporter never read it. Accepted and ignored.
    public var resourcePrefix: String?
    /// Current shape: the request (endpoint Secret, verb, headers) to use instead of the ESC's own `api`; its
    /// `path` is replaced by the resource path.
    public var resourcePrefixAPI: APIRequest?
    /// Format appended to the resource id, e.g.
    /// `/providers/microsoft.insights/metrics?api-version=2023-10-01&metricnames=%s&timespan=%s&interval=%s`.
    public var resourceSuffix: String?

    /// Creates an endpoint description.
    public init(resourcePrefix: String? = nil, resourcePrefixAPI: APIRequest? = nil, resourceSuffix: String? = nil) {
        self.resourcePrefix = resourcePrefix
        self.resourcePrefixAPI = resourcePrefixAPI
        self.resourceSuffix = resourceSuffix
    }
}
