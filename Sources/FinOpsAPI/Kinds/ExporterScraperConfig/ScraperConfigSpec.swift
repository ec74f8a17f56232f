import KubeCore

/// `spec.scraperConfig`: which table the exported rows are loaded into, and how often.
///
/// The source is the ESC's own exporter unless ``url`` (older shape) or ``api`` (current shape) names another
/// one. Krateo's Go types wrote an unset scraper part as empty fields rather than leaving it out; such a part means
/// "no scraping" here too.
public struct ScraperConfigSpec: Codable, Sendable, Hashable {
    /// Table to load rows into: letters, digits and `_`, not starting with a digit, at most 63 characters.
    public var tableName: String?
    /// The ``DatabaseConfig`` holding the database credentials.
    public var scraperDatabaseConfigRef: ObjectRef?
    /// Older shape: URL to scrape instead of this ESC's exporter.
    public var url: String?
    /// Current shape: request to scrape instead of this ESC's exporter.
    public var api: APIRequest?
    /// Older shape: hours between scrapes.
    public var pollingIntervalHours: Int?
    /// Current shape: time between scrapes as a Go duration; wins over ``pollingIntervalHours``.
    public var pollingInterval: String?
    /// Present in some of Krateo's schemas and always overwritten from the exporter's; accepted and ignored.
    public var metricType: String?

    /// Creates a scraper config; every field is optional in the schema.
    public init(
        tableName: String? = nil, scraperDatabaseConfigRef: ObjectRef? = nil, url: String? = nil,
        api: APIRequest? = nil, pollingIntervalHours: Int? = nil, pollingInterval: String? = nil,
        metricType: String? = nil
    ) {
        self.tableName = tableName
        self.scraperDatabaseConfigRef = scraperDatabaseConfigRef
        self.url = url
        self.api = api
        self.pollingIntervalHours = pollingIntervalHours
        self.pollingInterval = pollingInterval
        self.metricType = metricType
    }

    /// Whether every field is unset or empty, which Krateo treated as "no scraper".
    public var isEffectivelyEmpty: Bool {
        tableName.nonEmpty == nil && (scraperDatabaseConfigRef?.name ?? "").isEmpty && url.nonEmpty == nil
            && api == nil && (pollingIntervalHours ?? 0) == 0 && pollingInterval.nonEmpty == nil
    }
}
