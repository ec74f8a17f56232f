import KubeCore

/// How controllers ask for in-process pipelines without importing them (FinOpsPipelines implements it).
///
/// Guarantees asked of implementations: ``ensure(_:spec:)`` is idempotent and restarts a running pipeline only
/// when its spec changed; ``stop(_:)`` returns once the pipeline has stopped; progress is reported through
/// ``progress(of:)`` and the implementation wakes the owner's reconcile when it changes (pipelines never write to
/// the API server themselves).
public protocol PipelineSupervising: Sendable {
    /// Starts, restarts or keeps the pipelines of an ExporterScraperConfig (the scrape when it has a scraper and a
    /// database, the FOCUS file export when it has `focusExport`).
    func ensure(_ key: ObjectKey, spec: ResolvedExporterScraper) async
    /// Stops the pipelines of `key`, if any.
    func stop(_ key: ObjectKey) async
    /// The last reported progress of `key`'s scrape pipeline.
    func progress(of key: ObjectKey) -> PipelineProgress?
    /// The last reported progress of `key`'s export pipeline.
    func exportProgress(of key: ObjectKey) -> ExportProgress?
    /// Called with the owner's key whenever its progress changes, to wake its reconcile.
    func setWake(_ wake: @escaping @Sendable (ObjectKey) -> Void)
}

/// What a pipeline reports, copied into the owner's status.
public struct PipelineProgress: Sendable, Hashable {
    /// Whether the last run succeeded.
    public var healthy: Bool
    /// Nothing to judge yet: the first run is scheduled, or the source has no data yet (`ScrapeHealthy` Unknown).
    public var isPending: Bool
    /// UpperCamelCase condition reason (`ScrapeSucceeded`, `DatabaseUnreachable`, …); `nil` means the generic
    /// `ScrapeSucceeded` or `ScrapeFailed`.
    public var reason: String?
    /// A sentence for the condition message (never secret values).
    public var message: String
    /// Counts and times for `status.scrape`.
    public var status: ScrapeStatus

    public init(
        healthy: Bool, isPending: Bool = false, reason: String? = nil, message: String,
        status: ScrapeStatus = ScrapeStatus()
    ) {
        self.healthy = healthy
        self.isPending = isPending
        self.reason = reason
        self.message = message
        self.status = status
    }
}

/// What an export pipeline reports, copied into the owner's status (`ExportHealthy`, `status.export`).
public struct ExportProgress: Sendable, Hashable {
    /// Whether the last run succeeded.
    public var healthy: Bool
    /// Nothing to judge yet (`ExportHealthy` Unknown).
    public var isPending: Bool
    /// UpperCamelCase condition reason (`ExportSucceeded`, `ObjectStoreAccessDenied`, …).
    public var reason: String
    /// A sentence for the condition message (never secret values).
    public var message: String
    public var status: ExportStatus

    public init(
        healthy: Bool, isPending: Bool = false, reason: String, message: String, status: ExportStatus = ExportStatus()
    ) {
        self.healthy = healthy
        self.isPending = isPending
        self.reason = reason
        self.message = message
        self.status = status
    }
}
