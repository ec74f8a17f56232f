import FinOpsAPI
import Foundation
import KubeClient
import KubeCore
import KubeRuntime

/// The status an ExporterScraperConfig reconcile is building: conditions with `SetStatusCondition` semantics,
/// child references and the generation they describe.
struct StatusUpdate {
    private(set) var status: ExporterScraperConfigStatus
    private let previousReady: Condition?
    private let generation: Int64?
    private let now: Date

    init(_ esc: ExporterScraperConfig, now: Date) {
        status = esc.status ?? ExporterScraperConfigStatus()
        previousReady = status.conditions[type: ConditionType.ready]
        generation = esc.metadata.generation
        status.observedGeneration = generation
        self.now = now
    }

    private mutating func set(_ type: String, _ value: Condition.Status, _ reason: String, _ message: String) {
        status.conditions.set(
            Condition(type: type, status: value, reason: reason, message: message, observedGeneration: generation),
            now: now)
    }

    /// The spec no longer asks for FOCUS files: their condition and progress go.
    mutating func forgetExport() {
        _ = status.conditions.remove(type: ConditionType.exportHealthy)
        status.export = nil
    }

    /// The spec cannot be normalized.
    mutating func invalid(_ error: SpecError) {
        set(ConditionType.ready, .false, ConditionReason.invalidSpec, "The spec is invalid: \(error.message)")
        set(ConditionType.synced, .false, ConditionReason.reconcileError, "Fix the spec; nothing was changed.")
    }

    /// References could not be resolved.
    mutating func unresolved(_ problems: [ReferenceProblem]) {
        let first = problems.first
        set(
            ConditionType.ready, .false, first?.reason ?? ConditionReason.unavailable,
            problems.map(\.description).joined(separator: " "))
        set(
            ConditionType.synced, .false, ConditionReason.reconcileError,
            "Waiting for referenced objects; the exporter was not changed.")
    }

    /// Writing children failed (retried with backoff).
    mutating func applyFailed(_ error: any Error) {
        let detail = (error as? KubeError).map { "\($0.code.rawValue): \($0.message)" } ?? "\(error)"
        set(
            ConditionType.synced, .false, ConditionReason.reconcileError,
            "Could not apply the exporter's objects (\(detail)); retrying.")
    }

    mutating func children(
        deployment: apps.v1.Deployment, configMap: core.v1.ConfigMap, service: core.v1.Service, endpoint: String
    ) {
        status.activeExporter = ChildReference(to: deployment)
        status.configMap = ChildReference(to: configMap)
        status.service = ChildReference(to: service)
        status.exporterEndpoint = endpoint
    }

    /// Everything was applied: derive availability and readiness.
    mutating func synced(
        deployment: apps.v1.Deployment, scraperProblems: [ReferenceProblem], scrape: PipelineProgress?,
        export: ExportProgress? = nil, source: SourceHealth? = nil
    ) {
        if let source { set(ConditionType.sourceHealthy, source.status, source.reason, source.message) }
        let name = deployment.metadata.name ?? ""
        let available = deployment.isAvailable
        if available {
            set(
                ConditionType.exporterAvailable, .true, ConditionReason.deploymentAvailable,
                "Deployment \(name) is available.")
        } else {
            let ready = deployment.status?.availableReplicas ?? 0
            set(
                ConditionType.exporterAvailable, .false, ConditionReason.deploymentUnavailable,
                "Deployment \(name) has \(ready) of \(deployment.spec?.replicas ?? 1) replicas available.")
        }

        if status.conditions[type: ConditionType.scrapeHealthy] != nil || !scraperProblems.isEmpty || scrape != nil {
            if let problem = scraperProblems.first {
                set(
                    ConditionType.scrapeHealthy, .false, problem.reason,
                    scraperProblems.map(\.description).joined(separator: " "))
            } else if let scrape {
                set(
                    ConditionType.scrapeHealthy, scrape.isPending ? .unknown : scrape.healthy ? .true : .false,
                    scrape.reason ?? (scrape.healthy ? "ScrapeSucceeded" : "ScrapeFailed"), scrape.message)
            }
        }
        status.scrape = scraperProblems.isEmpty ? scrape?.status : status.scrape
        if let export {
            set(
                ConditionType.exportHealthy, export.isPending ? .unknown : export.healthy ? .true : .false,
                export.reason, export.message)
            status.export = export.status
        }

        if let problem = scraperProblems.first {
            set(ConditionType.ready, .false, problem.reason, scraperProblems.map(\.description).joined(separator: " "))
        } else if !available {
            set(
                ConditionType.ready, .false, ConditionReason.creating,
                "Waiting for Deployment \(name) to become available.")
        } else {
            set(ConditionType.ready, .true, ConditionReason.available, "The exporter is available.")
        }
        if let scrape, !scrape.healthy, scraperProblems.isEmpty,
            let reason = scrape.reason, ConditionReason.databaseFailures.contains(reason)
        {
            // The objects are applied, but the database does not take the rows: not in sync. (A source that cannot
            // be read, such as an exporter still starting, shows in ScrapeHealthy and SourceHealthy instead.)
            set(
                ConditionType.synced, .false, reason,
                "The exporter's objects are up to date; the scrape into the database fails: \(scrape.message)")
        } else {
            set(
                ConditionType.synced, .true, ConditionReason.reconcileSuccess, "The exporter's objects are up to date.")
        }
    }

    /// An Event worth recording: the Ready condition changed status or reason.
    var readyEvent: (type: EventRecorder.EventType, reason: String, message: String)? {
        guard let ready = status.conditions[type: ConditionType.ready],
            ready.status != previousReady?.status || ready.reason != previousReady?.reason
        else { return nil }
        // Creating is the normal path to Available, not worth an Event of its own.
        if ready.reason == ConditionReason.creating { return nil }
        return (ready.status == .true ? .normal : .warning, ready.reason, ready.message)
    }
}
