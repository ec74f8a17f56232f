import KubeCore

/// The exporter's configuration file (`config.yaml` in the `<name>-configmap` ConfigMap, mounted at `/config`):
/// exactly what `finops-operator exporter --config /config/config.yaml` reads.
///
/// Versioned by ``version``; an exporter refuses a version it does not know. It is derived from a
/// ``ResolvedExporterScraper`` by ``init(resolved:)`` and never holds secret values: each Secret is either mounted
/// into the pod (``SecretSource/mountPath``, when it lives in the pod's namespace) or read through the Kubernetes
/// API by the exporter's service account (``SecretSource/secretRef``, for a Secret in another namespace, which a
/// pod cannot mount).
public struct ExporterConfigFile: Codable, Sendable, Hashable {
    /// The format version this code writes and reads.
    public static let currentVersion = "finops.krateo.io/exporter-config/v1"
    /// Port of the exporter's HTTP server (`/metrics`, `/rows`, `/healthz`): Krateo's 2112.
    public static let defaultPort = 2112

    public var version: String
    /// The ExporterScraperConfig this file was made for.
    public var owner: Owner
    /// Where the HTTP server listens.
    public var port: Int
    /// What to poll and how.
    public var source: Source
    /// Seconds between polls.
    public var pollingIntervalSeconds: Int
    /// `cost`, `resource` or `generic`.
    public var metricType: String
    /// Values for `<name>` placeholders; upper-case values name environment variables of the exporter pod.
    public var additionalVariables: [String: String]
    public var generic: Generic?
    /// Usage metrics per FOCUS resource type (from the ProviderConfig chain).
    public var resources: [Resource]
    /// How rows become Prometheus series; absent means the defaults of ``Exposition``.
    public var exposition: Exposition? = nil
    /// Set when the source is Kubecost's or OpenCost's API: how its JSON becomes FOCUS rows.
    public var costModel: CostModel? = nil
    /// Set when the source is the cluster itself (Nodes and Pods through the Kubernetes API).
    public var cluster: ClusterAllocation? = nil
    /// Set when the source is Cast AI's API.
    public var castAI: CastAI? = nil

    public init(
        version: String = Self.currentVersion, owner: Owner, port: Int = Self.defaultPort, source: Source,
        pollingIntervalSeconds: Int, metricType: String, additionalVariables: [String: String] = [:],
        generic: Generic? = nil, resources: [Resource] = [], exposition: Exposition? = nil,
        costModel: CostModel? = nil, cluster: ClusterAllocation? = nil, castAI: CastAI? = nil
    ) {
        self.version = version
        self.owner = owner
        self.port = port
        self.source = source
        self.pollingIntervalSeconds = pollingIntervalSeconds
        self.metricType = metricType
        self.additionalVariables = additionalVariables
        self.generic = generic
        self.resources = resources
        self.exposition = exposition
        self.costModel = costModel
        self.cluster = cluster
        self.castAI = castAI
    }

    /// Cast AI as the source (`spec.exporterConfig.castai`, normalized).
    public struct CastAI: Codable, Sendable, Hashable {
        public var organizationId: String
        /// Each poll asks for the whole steps ending before now, this far back.
        public var windowSeconds: Int
        public var stepSeconds: Int
        /// Cluster ids or names to include, or to exclude; at most one of the two is set.
        public var clusters: [String]?
        public var excludeClusters: [String]?
        /// Namespaces to include (asked of the API), or to exclude (left out here); at most one is set.
        public var namespaces: [String]?
        public var excludeNamespaces: [String]?
        public var tagAllowlist: [String]?
        public var clusterPrices: Bool
        public var defaultPricing: Bool
        public var billing: Bool
        public var discounts: Bool
        public var enterpriseBilling: Bool

        public init(
            organizationId: String, windowSeconds: Int = 86_400, stepSeconds: Int = 3_600, clusters: [String]? = nil,
            excludeClusters: [String]? = nil, namespaces: [String]? = nil, excludeNamespaces: [String]? = nil,
            tagAllowlist: [String]? = nil, clusterPrices: Bool = true, defaultPricing: Bool = true,
            billing: Bool = true, discounts: Bool = true, enterpriseBilling: Bool = false
        ) {
            self.organizationId = organizationId
            self.windowSeconds = windowSeconds
            self.stepSeconds = stepSeconds
            self.clusters = clusters
            self.excludeClusters = excludeClusters
            self.namespaces = namespaces
            self.excludeNamespaces = excludeNamespaces
            self.tagAllowlist = tagAllowlist
            self.clusterPrices = clusterPrices
            self.defaultPricing = defaultPricing
            self.billing = billing
            self.discounts = discounts
            self.enterpriseBilling = enterpriseBilling
        }
    }

    /// The cluster-native allocation's settings (`spec.exporterConfig.cluster`, normalized).
    public struct ClusterAllocation: Codable, Sendable, Hashable {
        public var name: String
        public var strategy: String
        public var currency: String
        public var pricing: [NodePriceSpec]
        /// More entries, after ``pricing``'s, read at every poll.
        public var pricingConfigMap: ConfigMapKey?
        public var tags: [TagMappingSpec]

        public init(
            name: String, strategy: String, currency: String, pricing: [NodePriceSpec],
            pricingConfigMap: ConfigMapKey? = nil, tags: [TagMappingSpec] = []
        ) {
            self.name = name
            self.strategy = strategy
            self.currency = currency
            self.pricing = pricing
            self.pricingConfigMap = pricingConfigMap
            self.tags = tags
        }
    }

    /// A key of a ConfigMap, read through the Kubernetes API.
    public struct ConfigMapKey: Codable, Sendable, Hashable {
        public var namespace: String
        public var name: String
        public var key: String

        public init(namespace: String, name: String, key: String) {
            self.namespace = namespace
            self.name = name
            self.key = key
        }
    }

    /// A Kubecost or OpenCost API as the source (`spec.exporterConfig.kubecost`/`opencost`): which product and API
    /// answered, and the names the mapping to FOCUS needs.
    public struct CostModel: Codable, Sendable, Hashable {
        /// `kubecost` or `opencost`.
        public var product: String
        /// `allocation` or `assets`.
        public var api: String
        public var currency: String
        public var billingAccountId: String?
        public var serviceProviderName: String?
        public var hostProviderName: String?
        public var tagAllowlist: [String]?

        public init(
            product: String, api: String, currency: String = "USD", billingAccountId: String? = nil,
            serviceProviderName: String? = nil, hostProviderName: String? = nil, tagAllowlist: [String]? = nil
        ) {
            self.product = product
            self.api = api
            self.currency = currency
            self.billingAccountId = billingAccountId
            self.serviceProviderName = serviceProviderName
            self.hostProviderName = hostProviderName
            self.tagAllowlist = tagAllowlist
        }
    }

    /// How rows become Prometheus series.
    public struct Exposition: Codable, Sendable, Hashable {
        /// `focus` (the default): the columns in ``labels`` become labels, and rows with equal labels are summed into
        /// one series. `krateo`: every column except `x_` ones becomes a label, one series per row, as Krateo's
        /// exporter did (many series; use it for dashboards built on that shape).
        public var labelMode: String?
        /// Columns to use as labels in `focus` mode; absent means ``defaultLabels``.
        public var labels: [String]?
        /// Series per metric family beyond which rows are dropped and counted; absent means ``defaultMaxSeries``.
        public var maxSeries: Int?

        public static let defaultLabels = [
            "BillingAccountId", "SubAccountId", "ServiceProviderName", "ProviderName", "ServiceCategory", "ServiceName",
            "RegionId", "ResourceType", "ChargeCategory", "BillingCurrency",
        ]
        public static let defaultMaxSeries = 200_000

        public init(labelMode: String? = nil, labels: [String]? = nil, maxSeries: Int? = nil) {
            self.labelMode = labelMode
            self.labels = labels
            self.maxSeries = maxSeries
        }
    }

    public struct Owner: Codable, Sendable, Hashable {
        public var namespace: String
        public var name: String
        public init(namespace: String, name: String) {
            self.namespace = namespace
            self.name = name
        }
    }

    public struct Source: Codable, Sendable, Hashable {
        /// Older shape: a full URL (placeholders unfilled).
        public var url: String?
        /// Current shape: the request, relative to the endpoint's `server-url`.
        public var request: Request?
        /// The endpoint Secret (`server-url`, `token`, …); absent with `request` means the in-cluster API server.
        public var endpoint: SecretSource?
        /// Older shape `bearer-token`: the Secret key holding the token.
        public var bearerToken: SecretSource?
        /// Older shape `cert-file`: a file in the pod holding the token.
        public var tokenFilePath: String?

        public init(
            url: String? = nil, request: Request? = nil, endpoint: SecretSource? = nil,
            bearerToken: SecretSource? = nil, tokenFilePath: String? = nil
        ) {
            self.url = url
            self.request = request
            self.endpoint = endpoint
            self.bearerToken = bearerToken
            self.tokenFilePath = tokenFilePath
        }
    }

    public struct Request: Codable, Sendable, Hashable {
        public var path: String
        public var method: String
        /// `Name: value` lines.
        public var headers: [String]
        public var body: String?
    }

    /// Where a Secret's values are found at run time.
    public struct SecretSource: Codable, Sendable, Hashable {
        /// Directory where the Secret is mounted (one file per key).
        public var mountPath: String?
        /// The Secret to read through the Kubernetes API instead.
        public var secretRef: SecretRef?
        /// The key to use, for single-value Secrets (bearer tokens).
        public var key: String?
    }

    public struct SecretRef: Codable, Sendable, Hashable {
        public var namespace: String
        public var name: String
    }

    public struct Generic: Codable, Sendable, Hashable {
        public var metricName: String
        public var valueColumnIndex: Int
        public init(metricName: String, valueColumnIndex: Int) {
            self.metricName = metricName
            self.valueColumnIndex = valueColumnIndex
        }
    }

    public struct Resource: Codable, Sendable, Hashable {
        public var resourceFocusName: String
        public var metrics: [Metric]
        public init(resourceFocusName: String, metrics: [Metric]) {
            self.resourceFocusName = resourceFocusName
            self.metrics = metrics
        }
    }

    public struct Metric: Codable, Sendable, Hashable {
        public var metricName: String
        public var resourceSuffix: String
        /// `day`, `month` or `year`.
        public var timespan: String
        /// ISO-8601 duration, e.g. `PT1H`.
        public var interval: String
        /// A request replacing the source's, if the MetricConfig gives one.
        public var request: Request?
        public var endpoint: SecretSource?

        public init(
            metricName: String, resourceSuffix: String, timespan: String, interval: String, request: Request? = nil,
            endpoint: SecretSource? = nil
        ) {
            self.metricName = metricName
            self.resourceSuffix = resourceSuffix
            self.timespan = timespan
            self.interval = interval
            self.request = request
            self.endpoint = endpoint
        }
    }
}
