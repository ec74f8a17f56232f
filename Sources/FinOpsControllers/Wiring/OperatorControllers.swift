import FinOpsAPI
import KubeClient
import KubeCore
import KubeRuntime
import Logging
import ServiceLifecycle

/// Builds every FinOps controller over one set of shared caches: the composition the operator runs when it leads.
///
/// | controller | primary | also woken by |
/// |---|---|---|
/// | exporterscraperconfig | ExporterScraperConfig | its Deployment/ConfigMap/Service (owner), referenced Secrets, DatabaseConfig, ProviderConfig, ResourceConfig, MetricConfig |
/// | databaseconfig | DatabaseConfig | the password Secret |
/// | providerconfig | ProviderConfig | referenced ResourceConfigs |
/// | resourceconfig | ResourceConfig | referenced MetricConfigs |
/// | metricconfig | MetricConfig | the endpoint Secret |
public struct OperatorControllers: Sendable {
    /// Tuning of the controllers.
    public struct Settings: Sendable {
        /// Namespaces watched.
        public var scope: NamespaceScope
        /// How exporter pods run.
        public var exporterPod: ExporterPodSettings
        /// Concurrent reconciles of ExporterScraperConfigs (each of the other kinds gets half, at least 1).
        public var workers: Int

        public init(scope: NamespaceScope, exporterPod: ExporterPodSettings, workers: Int = 8) {
            self.scope = scope
            self.exporterPod = exporterPod
            self.workers = workers
        }
    }

    public let caches: FinOpsCaches
    public let exporterScrapers: Controller<ExporterScraperReconciler>
    /// The controllers; they run only while this replica leads.
    public let controllers: [any Service & Sendable]

    /// The informers; they may run on every replica, so that a standby has warm caches when it takes over.
    public var informers: [any Service & Sendable] { caches.all }

    public init(
        api: any KubeAPI, settings: Settings, pipelines: any PipelineSupervising, events: EventRecorder,
        clock: AnyClock = .continuous, metrics: RuntimeMetrics = RuntimeMetrics(),
        monitor: (any ExporterMonitoring & Service)? = nil, databases: (any DatabaseChecking)? = nil, logger: Logger
    ) {
        let caches = FinOpsCaches(api: api, scope: settings.scope, clock: clock, metrics: metrics, logger: logger)
        self.caches = caches
        let small = max(1, settings.workers / 2)

        let escTracker = DependencyTracker()
        let esc = Controller(
            name: "exporterscraperconfig",
            reconciler: ExporterScraperReconciler(
                api: api, caches: caches, tracker: escTracker, pipelines: pipelines, events: events,
                settings: settings.exporterPod, clock: clock, monitor: monitor ?? NoExporterMonitoring()),
            primary: caches.exporterScrapers, workers: settings.workers, clock: clock, metrics: metrics, logger: logger)
        esc.owns(caches.deployments)
        esc.owns(caches.configMaps)
        esc.owns(caches.services)
        esc.watches(caches.secrets, mapping: escTracker.dependents(of:))
        esc.watches(caches.databaseConfigs, mapping: escTracker.dependents(of:))
        esc.watches(caches.providerConfigs, mapping: escTracker.dependents(of:))
        esc.watches(caches.resourceConfigs, mapping: escTracker.dependents(of:))
        esc.watches(caches.metricConfigs, mapping: escTracker.dependents(of:))
        exporterScrapers = esc

        func configController<T: HasStatus, D: KubernetesObject>(
            _ name: String, primary: Informer<T>, dependsOn dependency: Informer<D>,
            evaluate: @escaping @Sendable (T, FinOpsCaches) -> ConfigReconciler<T>.Evaluation
        ) -> Controller<ConfigReconciler<T>> where T.Status == ConditionsStatus {
            let tracker = DependencyTracker()
            let controller = Controller(
                name: name,
                reconciler: ConfigReconciler(
                    api: api, store: primary.store, caches: caches, tracker: tracker, events: events, clock: clock,
                    evaluate: evaluate),
                primary: primary, workers: small, clock: clock, metrics: metrics, logger: logger)
            controller.watches(dependency, mapping: tracker.dependents(of:))
            return controller
        }

        monitor?.setWake { [esc] key in esc.enqueue(key) }
        pipelines.setWake { [esc] key in esc.enqueue(key) }
        // The scrape pipelines run with the controllers: only while this replica leads.
        let pipelineService = (pipelines as? any Service & Sendable).map { [$0] } ?? []
        controllers =
            (monitor.map { [$0] } ?? []) + pipelineService + [
                esc,
                configController(
                    "databaseconfig", primary: caches.databaseConfigs, dependsOn: caches.secrets,
                    evaluate: { ConfigEvaluations.databaseConfig($0, $1, checker: databases) }),
                configController(
                    "providerconfig", primary: caches.providerConfigs, dependsOn: caches.resourceConfigs,
                    evaluate: ConfigEvaluations.providerConfig),
                configController(
                    "resourceconfig", primary: caches.resourceConfigs, dependsOn: caches.metricConfigs,
                    evaluate: ConfigEvaluations.resourceConfig),
                configController(
                    "metricconfig", primary: caches.metricConfigs, dependsOn: caches.secrets,
                    evaluate: ConfigEvaluations.metricConfig),
            ]
    }

    /// Runs every informer and controller until cancelled (no leader election: tests and single-replica use).
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for service in informers + controllers {
                group.addTask { try await service.run() }
            }
        }
    }
}
