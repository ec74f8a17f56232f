import FinOpsAPI
import FinOpsControllers
import FinOpsPipelines
import Foundation
import KubeClient
import KubeRuntime
import Logging
import OperatorHTTP
import Prometheus
import ServiceLifecycle

/// The composition root of `finops-operator run`: builds every piece from the configuration and runs them as one
/// service group until SIGTERM or SIGINT.
struct OperatorApplication {
    let configuration: RunConfiguration

    func run() async throws {
        configuration.logging.bootstrap()
        let registry = MetricsSetup.bootstrap()
        let logger = Logger(label: "finops-operator")
        let clock = AnyClock.continuous

        let kubeConfig = try KubeConfig.load(kubeconfigPath: configuration.kubeconfig, context: configuration.context)
        // One connection per watch (9 kinds per watched namespace) plus room for reconciles' requests.
        let watches = 9 * configuration.scope.watchedNamespaces.count
        let api = try HTTPKubeClient(
            config: kubeConfig, options: .init(maximumConnections: watches + 2 * configuration.workers + 16),
            logger: Logger(label: "finops.kube-client"))
        logger.info(
            "starting", metadata: ["namespaces": "\(configuration.scope)", "identity": "\(configuration.identity)"])

        let events = EventRecorder(
            api: api, component: "finops-operator", instance: configuration.identity, clock: clock, logger: logger)
        // Reads each exporter's /status for the SourceHealthy condition (a short timeout: it runs every 30 s).
        let monitor = ExporterStatusMonitor(
            clock: clock,
            fetch: ExporterStatusMonitor.fetchOverHTTP, logger: logger)
        let databases = DatabaseConnector(api: api, defaults: configuration.databases, logger: logger)
        // The scrape pipelines: each ExporterScraperConfig's rows into its database, while this replica leads.
        // The FOCUS file exports: each ExporterScraperConfig's rows as FOCUS files per slot, while this replica leads.
        let sourceFetcher = SourceFetcher()
        let rows = RowsSource(
            secrets: ExporterSecretProvider(api: api),
            exporterRowsURL: { [template = configuration.exporterPod.urlTemplate] owner in
                ExporterAddress.url(of: owner, path: "/rows", template: template)
            })
        let pipelines = PipelineSupervisor(
            databases: databases, fetcher: sourceFetcher, rows: rows,
            stores: ExportStores(api: api, logger: Logger(label: "finops.export")),
            clock: clock, logger: logger)
        let controllers = OperatorControllers(
            api: api,
            settings: .init(
                scope: configuration.scope, exporterPod: configuration.exporterPod, workers: configuration.workers),
            pipelines: pipelines, events: events, clock: clock, monitor: monitor, databases: databases, logger: logger)
        let elector =
            configuration.leaderElection
            ? LeaderElector(
                api: api, settings: .init(lease: configuration.leaseKey, identity: configuration.identity),
                clock: clock,
                logger: logger)
            : nil
        let manager = ControllerManager(controllers: controllers, elector: elector, logger: logger)

        let caches = controllers.caches
        let metricsServer = makeOperatorServer(
            host: configuration.metricsAddress.host, port: configuration.metricsAddress.port,
            endpoints: OperatorEndpoints(metrics: { MetricsSetup.renderOperator(registry) }), logger: logger)
        let healthServer = makeOperatorServer(
            host: configuration.healthAddress.host, port: configuration.healthAddress.port,
            endpoints: OperatorEndpoints(
                metrics: { "" }, liveness: [HealthCheck("ping") { true }],
                readiness: [HealthCheck("informer caches synced") { caches.isReady }]),
            logger: logger)

        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: metricsServer), .init(service: healthServer),
                    // The manager ending, for whatever reason, ends the process.
                    .init(service: manager, successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            logger.error("stopped with an error", metadata: ["error": "\(error)"])
            await sourceFetcher.shutdown()
            try? await api.shutdown()
            throw error
        }
        await sourceFetcher.shutdown()
        try await api.shutdown()
        logger.info("stopped")
    }
}
