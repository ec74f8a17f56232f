import Foundation
import KubeCore

/// `ExporterScraperConfig` (`esc`): one cost or usage source, exported as Prometheus metrics and FOCUS rows by an
/// exporter pod, and optionally scraped into a database table.
///
/// Both shapes of Krateo's spec are accepted: the older one (`exporterConfig.url`, `requireAuthentication`,
/// `pollingIntervalHours`, …) and the current one (`exporterConfig.api`, `pollingInterval`, `generic`, …). Use
/// ``ExporterScraperConfigSpec/normalized(defaultNamespace:)`` to get the one internal model either shape maps to.
public struct ExporterScraperConfig: KubernetesObject, HasStatus, Hashable {
    /// `finops.krateo.io/v1`, `exporterscraperconfigs`, namespaced.
    public static let resource = FinOpsGroup.resource(kind: "ExporterScraperConfig", plural: "exporterscraperconfigs")
    /// Always `finops.krateo.io/v1`.
    public var apiVersion = Self.resource.apiVersion
    /// Always `ExporterScraperConfig`.
    public var kind = Self.resource.kind
    /// Object metadata.
    public var metadata: ObjectMeta
    /// What to export and scrape; an object without `spec` decodes as an empty spec (which fails normalization).
    public var spec: ExporterScraperConfigSpec
    /// Written by the controller only.
    public var status: ExporterScraperConfigStatus?

    /// Creates an object.
    public init(metadata: ObjectMeta, spec: ExporterScraperConfigSpec, status: ExporterScraperConfigStatus? = nil) {
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
        spec = try c.decodeIfPresent(ExporterScraperConfigSpec.self, forKey: .spec) ?? ExporterScraperConfigSpec()
        status = try c.decodeIfPresent(ExporterScraperConfigStatus.self, forKey: .status)
    }
}

/// The spec of an ``ExporterScraperConfig``: an exporter part and an optional scraper part.
public struct ExporterScraperConfigSpec: Codable, Sendable, Hashable {
    /// Where the data comes from and how the exporter polls it. Required in practice; optional in the schema
    /// because Krateo's was.
    public var exporterConfig: ExporterConfigSpec?
    /// Where the scraped rows go; absent (or all fields empty, as Krateo's Go types wrote it) means no scraping.
    public var scraperConfig: ScraperConfigSpec?
    /// FOCUS 1.3 files in object storage or a directory; absent means none.
    public var focusExport: FocusExportSpec?

    /// Creates a spec.
    public init(
        exporterConfig: ExporterConfigSpec? = nil, scraperConfig: ScraperConfigSpec? = nil,
        focusExport: FocusExportSpec? = nil
    ) {
        self.exporterConfig = exporterConfig
        self.scraperConfig = scraperConfig
        self.focusExport = focusExport
    }
}

/// The observed state of an ``ExporterScraperConfig``.
///
/// The child references keep Krateo's field names (`active`, `configMaps`, `services`) so that tools reading
/// Krateo's status keep working; the Swift names say what they hold.
public struct ExporterScraperConfigStatus: Codable, Sendable, Hashable {
    /// The `metadata.generation` the controller last acted on.
    public var observedGeneration: Int64?
    /// `Ready` and `Synced` (Krateo's), plus our finer-grained conditions.
    public var conditions: [Condition]
    /// The exporter Deployment (`status.active`, as Krateo named it).
    public var activeExporter: ChildReference?
    /// The exporter's ConfigMap (`status.configMaps`).
    public var configMap: ChildReference?
    /// The exporter's Service (`status.services`).
    public var service: ChildReference?
    /// URL of the exporter's Prometheus metrics, e.g. `http://esc-service.finops.svc:2112/metrics`.
    public var exporterEndpoint: String?
    /// Progress of the scrape pipeline (rows into the database), when the spec asks for scraping.
    public var scrape: ScrapeStatus?
    /// Progress of the FOCUS file export, when the spec asks for one.
    public var export: ExportStatus?

    /// Creates a status.
    public init(
        observedGeneration: Int64? = nil, conditions: [Condition] = [], activeExporter: ChildReference? = nil,
        configMap: ChildReference? = nil, service: ChildReference? = nil, exporterEndpoint: String? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.activeExporter = activeExporter
        self.configMap = configMap
        self.service = service
        self.exporterEndpoint = exporterEndpoint
    }

    private enum CodingKeys: String, CodingKey {
        case observedGeneration, conditions, exporterEndpoint, scrape, export
        case activeExporter = "active"
        case configMap = "configMaps"
        case service = "services"
    }

    /// Decodes a status; absent `conditions` (or `null`) decode as an empty list.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        observedGeneration = try c.decodeIfPresent(Int64.self, forKey: .observedGeneration)
        conditions = try c.decodeIfPresent([Condition].self, forKey: .conditions) ?? []
        activeExporter = try c.decodeIfPresent(ChildReference.self, forKey: .activeExporter)
        configMap = try c.decodeIfPresent(ChildReference.self, forKey: .configMap)
        service = try c.decodeIfPresent(ChildReference.self, forKey: .service)
        exporterEndpoint = try c.decodeIfPresent(String.self, forKey: .exporterEndpoint)
        scrape = try c.decodeIfPresent(ScrapeStatus.self, forKey: .scrape)
        export = try c.decodeIfPresent(ExportStatus.self, forKey: .export)
    }
}

/// `status.scrape`: what the last scrape runs did.
public struct ScrapeStatus: Codable, Sendable, Hashable {
    /// The exporter poll last loaded completely.
    public var lastPollId: String?
    /// Rows read from the exporter in the last loaded poll.
    public var rowsRead: Int64?
    /// Rows inserted or updated in the table by the last loaded poll.
    public var rowsWritten: Int64?
    /// Rows of the last loaded poll the database could not take (see the ScrapeHealthy message for the first).
    public var rowsRejected: Int64?
    /// When a scrape last ended without error.
    public var lastSuccessTime: Date?
    /// The last run's error; absent after a success.
    public var lastError: String?
    /// When the next run starts.
    public var nextRunTime: Date?

    public init(
        lastPollId: String? = nil, rowsRead: Int64? = nil, rowsWritten: Int64? = nil, rowsRejected: Int64? = nil,
        lastSuccessTime: Date? = nil, lastError: String? = nil, nextRunTime: Date? = nil
    ) {
        self.lastPollId = lastPollId
        self.rowsRead = rowsRead
        self.rowsWritten = rowsWritten
        self.rowsRejected = rowsRejected
        self.lastSuccessTime = lastSuccessTime
        self.lastError = lastError
        self.nextRunTime = nextRunTime
    }
}
