import FinOpsAPI
import KubeClient
import KubeCore
import KubeRuntime
import Logging

/// Reconciles an ExporterScraperConfig. The recipe, in order, from the object and the caches (never from an event):
///
/// 1. **Gone or deleting**: stop its in-process pipelines; its children go by owner-reference garbage collection
///    (no finalizer: nothing outside the cluster needs cleaning up, so a stopped operator never blocks a delete).
/// 2. **Normalize** the spec (either Krateo shape). Invalid → `Ready=False InvalidSpec` naming the field, no retry
///    until the object changes; existing children and pipelines keep their last good configuration, so a typo
///    never takes a working exporter down.
/// 3. **Resolve** references (Secrets, DatabaseConfig, ProviderConfig chain); every object looked at is recorded so
///    its changes wake this one. A missing one → `Ready=False <Kind>NotFound`; exporter problems leave the
///    children as they are.
/// 4. **Apply** the desired ConfigMap, Deployment and Service (server-side apply, skipped when already in shape);
///    delete children we control that are no longer desired.
/// 5. **Pipelines**: ensure the scrape pipeline when scraping is asked for and its database resolved; else stop it.
///    Watch the exporter's `/status`, whose last poll becomes the `SourceHealthy` condition.
/// 6. **Status**: conditions, child references, endpoint, observedGeneration; written only when changed.
public struct ExporterScraperReconciler: Reconciler {
    public typealias Object = ExporterScraperConfig

    let api: any KubeAPI
    let caches: FinOpsCaches
    let tracker: DependencyTracker
    let pipelines: any PipelineSupervising
    let monitor: any ExporterMonitoring
    let events: EventRecorder
    let settings: ExporterPodSettings
    let clock: AnyClock

    public init(
        api: any KubeAPI, caches: FinOpsCaches, tracker: DependencyTracker, pipelines: any PipelineSupervising,
        events: EventRecorder, settings: ExporterPodSettings, clock: AnyClock,
        monitor: any ExporterMonitoring = NoExporterMonitoring()
    ) {
        self.api = api
        self.caches = caches
        self.tracker = tracker
        self.pipelines = pipelines
        self.monitor = monitor
        self.events = events
        self.settings = settings
        self.clock = clock
    }

    public func reconcile(_ key: ObjectKey, context: ReconcileContext) async throws -> ReconcileAction {
        guard let esc = caches.exporterScrapers.store.get(key), !esc.metadata.isBeingDeleted else {
            await pipelines.stop(key)
            await monitor.forget(key)
            tracker.forget(key)
            return .done
        }
        var status = StatusUpdate(esc, now: clock.wallNow())

        let spec: NormalizedExporterScraper
        do {
            spec = try esc.spec.normalized(defaultNamespace: key.namespace ?? "default")
        } catch {
            tracker.forget(key)
            status.invalid(error)
            try await write(status, for: esc)
            throw TerminalError(reason: ConditionReason.invalidSpec, message: error.message)
        }

        let resolution = ExporterScraperResolver().resolve(key, spec: spec, lookup: caches)
        tracker.record(key, dependsOn: resolution.dependencies)
        guard let resolved = resolution.resolved else {
            status.unresolved(resolution.exporterProblems + resolution.scraperProblems)
            try await write(status, for: esc)
            return .done
        }

        let deployment: apps.v1.Deployment
        do {
            deployment = try await applyChildren(of: esc, resolved: resolved, status: &status)
        } catch is OwnerGone {
            // The delete will reach the cache shortly and wake this key again.
            return .done
        } catch {
            status.applyFailed(error)
            try await write(status, for: esc)
            throw error
        }

        if resolved.wantsScrape || resolved.wantsExport {
            await pipelines.ensure(key, spec: resolved)
        } else {
            await pipelines.stop(key)
        }
        if resolved.spec.focusExport == nil {
            status.forgetExport()
        }

        await monitor.watch(
            key, statusURL: ExporterAddress.url(of: key, path: "/status", template: settings.urlTemplate))
        status.synced(
            deployment: deployment, scraperProblems: resolution.scraperProblems,
            scrape: resolved.spec.scraper == nil ? nil : pipelines.progress(of: key),
            export: resolved.spec.focusExport == nil ? nil : pipelines.exportProgress(of: key),
            source: monitor.sourceHealth(of: key))
        try await write(status, for: esc)
        return .done
    }

    /// Applies the three children and removes stale ones; returns the live Deployment.
    private func applyChildren(
        of esc: ExporterScraperConfig, resolved: ResolvedExporterScraper, status: inout StatusUpdate
    ) async throws -> apps.v1.Deployment {
        let (file, mounts) = ExporterConfigFile.make(for: resolved, mountsSecrets: settings.mountsSecrets)
        let config = try ExporterChildren.configText(file)
        let hash = ExporterChildren.configHash(config: config, mounts: mounts)
        let configMap = ExporterChildren.makeConfigMap(for: esc, config: config)
        let deployment = ExporterChildren.makeDeployment(for: esc, configHash: hash, mounts: mounts, settings: settings)
        let service = ExporterChildren.makeService(for: esc)

        let liveConfigMap = caches.configMaps.store.get(configMap.key)
        let liveDeployment = caches.deployments.store.get(deployment.key)
        let liveService = caches.services.store.get(service.key)
        if liveConfigMap == nil || liveDeployment == nil || liveService == nil {
            try await confirmOwnerIsLive(esc)
        }

        let applier = ChildApplier(api: api, fieldManager: ExporterChildren.fieldManager)
        let appliedConfigMap = try await applier.apply(configMap, live: liveConfigMap).object
        let appliedDeployment = try await applier.apply(deployment, live: liveDeployment).object
        let appliedService = try await applier.apply(service, live: liveService).object

        let uid = esc.metadata.uid ?? ""
        try await applier.deleteUndesired(
            caches.configMaps.store.controlled(by: uid), controlledBy: uid, keep: [configMap.key.name])
        try await applier.deleteUndesired(
            caches.deployments.store.controlled(by: uid), controlledBy: uid, keep: [deployment.key.name])
        try await applier.deleteUndesired(
            caches.services.store.controlled(by: uid), controlledBy: uid, keep: [service.key.name])

        status.children(
            deployment: appliedDeployment, configMap: appliedConfigMap, service: appliedService,
            endpoint: ExporterAddress.url(of: esc.key, path: "/metrics", template: settings.urlTemplate))
        return appliedDeployment
    }

    /// Before a missing child is created, checks with the API server — not the cache — that the owner still exists
    /// and is not being deleted. Deleting an owner garbage-collects its children at once, and their DELETED events
    /// can reach us before the owner's own: without this check a reconcile from a stale cache would recreate
    /// children for an owner that is already gone.
    private func confirmOwnerIsLive(_ esc: ExporterScraperConfig) async throws {
        let live = try await api.getIfPresent(ExporterScraperConfig.self, esc.key)
        guard let live, live.metadata.uid == esc.metadata.uid, !live.metadata.isBeingDeleted else {
            throw OwnerGone()
        }
    }

    private func write(_ update: StatusUpdate, for esc: ExporterScraperConfig) async throws {
        guard try await api.updateStatus(of: esc, to: update.status) else { return }
        if let event = update.readyEvent {
            await events.record(esc, event.type, reason: event.reason, message: event.message)
        }
    }
}

/// The owner vanished between the cache read and the apply.
struct OwnerGone: Error {}
