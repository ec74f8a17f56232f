/// Condition types the operator sets on its custom resources.
///
/// `Ready` and `Synced` follow Krateo's provider-runtime (crossplane) conventions, so that existing dashboards and
/// `kubectl wait --for=condition=Ready` keep working; the others are ours and say which part is unhealthy.
public enum ConditionType {
    /// The object is usable: spec valid, references resolved, and (for an ExporterScraperConfig) the exporter is up.
    public static let ready = "Ready"
    /// The last reconcile applied everything it had to (`ReconcileSuccess`) or failed (`ReconcileError`).
    public static let synced = "Synced"
    /// ExporterScraperConfig: the exporter Deployment has all its replicas available.
    public static let exporterAvailable = "ExporterAvailable"
    /// ExporterScraperConfig: the in-process scrape pipeline's last run succeeded.
    public static let scrapeHealthy = "ScrapeHealthy"
    /// ExporterScraperConfig: the in-process FOCUS file export's last run succeeded.
    public static let exportHealthy = "ExportHealthy"
    /// ExporterScraperConfig: the exporter's last poll of its cost source succeeded (from the exporter's `/status`).
    public static let sourceHealthy = "SourceHealthy"
}

/// Condition reasons: UpperCamelCase, stable, what automation branches on.
public enum ConditionReason {
    // Krateo / crossplane `Ready` reasons.
    public static let available = "Available"
    public static let unavailable = "Unavailable"
    public static let creating = "Creating"
    public static let deleting = "Deleting"
    // Krateo / crossplane `Synced` reasons.
    public static let reconcileSuccess = "ReconcileSuccess"
    public static let reconcileError = "ReconcileError"

    // Why an object is not ready: each names what the user must fix.
    public static let invalidSpec = "InvalidSpec"
    public static let secretNotFound = "SecretNotFound"
    public static let secretKeyMissing = "SecretKeyMissing"
    public static let databaseConfigNotFound = "DatabaseConfigNotFound"
    public static let databaseConfigNotReady = "DatabaseConfigNotReady"
    public static let providerConfigNotFound = "ProviderConfigNotFound"
    public static let resourceConfigNotFound = "ResourceConfigNotFound"
    public static let metricConfigNotFound = "MetricConfigNotFound"
    public static let deploymentUnavailable = "DeploymentUnavailable"
    public static let deploymentAvailable = "DeploymentAvailable"
    /// Everything referenced exists and is valid.
    public static let referencesResolved = "ReferencesResolved"
    // SourceHealthy reasons besides the exporter's own (SourceUnreachable, SourcePayloadInvalid, …).
    public static let sourcePolled = "SourcePolled"
    /// The poll completed, but an enrichment failed and its documented fallback was used (status stays True).
    public static let sourceDegraded = "SourceDegraded"
    public static let exporterStatusUnavailable = "ExporterStatusUnavailable"
    public static let noPollYet = "NoPollYet"
    // DatabaseConfig Ready reasons of a connection check.
    public static let connected = "Connected"
    public static let databaseUnreachable = "DatabaseUnreachable"
    public static let databaseAuthenticationFailed = "DatabaseAuthenticationFailed"
    public static let databaseTLSFailed = "DatabaseTLSFailed"
    public static let databaseRejected = "DatabaseRejected"
    /// The reasons that blame the database: a scrape failing for one of them makes the owner not `Synced`.
    public static let databaseFailures: Set<String> = [
        databaseUnreachable, databaseAuthenticationFailed, databaseTLSFailed, databaseRejected,
    ]
}
