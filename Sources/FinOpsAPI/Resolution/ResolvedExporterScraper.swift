import KubeCore

/// An ExporterScraperConfig with its spec normalized and every reference followed: what the exporter's
/// configuration, the children and the in-process pipelines are built from. The operator builds it from its
/// caches, local mode from YAML files; both through ``ExporterScraperResolver``.
///
/// It holds names and settings only; secret values are read by whoever uses them, when they use them.
public struct ResolvedExporterScraper: Sendable, Hashable {
    /// The ExporterScraperConfig's namespace and name.
    public var key: ObjectKey
    public var spec: NormalizedExporterScraper
    /// The usage-metric chain ProviderConfig → ResourceConfigs → MetricConfigs, when the spec names a provider.
    public var provider: ResolvedProvider?
    /// The database credentials, when the spec asks for scraping.
    public var database: ResolvedDatabase?

    public init(
        key: ObjectKey, spec: NormalizedExporterScraper, provider: ResolvedProvider? = nil,
        database: ResolvedDatabase? = nil
    ) {
        self.key = key
        self.spec = spec
        self.provider = provider
        self.database = database
    }

    /// Whether it asks for an in-process scrape: a scraper part and its database.
    public var wantsScrape: Bool { spec.scraper != nil && database != nil }
    /// Whether it asks for FOCUS file exports.
    public var wantsExport: Bool { spec.focusExport != nil }
}

/// A ProviderConfig and the resource types it lists.
public struct ResolvedProvider: Sendable, Hashable {
    public var key: ObjectKey
    public var resources: [ResolvedResource]

    public init(key: ObjectKey, resources: [ResolvedResource]) {
        self.key = key
        self.resources = resources
    }
}

/// A ResourceConfig: one FOCUS resource type and the metrics collected for it.
public struct ResolvedResource: Sendable, Hashable {
    public var key: ObjectKey
    /// The FOCUS `ResourceType` this applies to, e.g. `Virtual machine`.
    public var resourceFocusName: String
    public var metrics: [NormalizedMetric]

    public init(key: ObjectKey, resourceFocusName: String, metrics: [NormalizedMetric]) {
        self.key = key
        self.resourceFocusName = resourceFocusName
        self.metrics = metrics
    }
}

/// A DatabaseConfig's connection settings; passwords stay in their Secrets.
public struct ResolvedDatabase: Sendable, Hashable {
    public var key: ObjectKey
    public var target: DatabaseTarget

    public init(key: ObjectKey, target: DatabaseTarget) {
        self.key = key
        self.target = target
    }
}
