import FinOpsAPI
import FinOpsControllers
import FinOpsPipelines
import Foundation
import KubeCore
import KubeRuntime
import KubeTesting
import Logging
import OperatorHTTP
import ServiceLifecycle

/// The composition root of `finops-operator local`: the operator's own controllers and pipelines, unchanged, over an
/// in-process API server loaded from a directory of YAML, with the exporters in this process too, SQLite for
/// databases that name no server and a local directory for S3 exports.
struct LocalApplication {
    struct Configuration: Sendable {
        var directory: URL
        /// Where SQLite databases and redirected S3 exports go.
        var dataDirectory: URL
        var listen: HostPort
        /// Write `s3://` exports to S3 (else under `<dataDirectory>/s3/<bucket>/`).
        var keepS3: Bool
        var keepRunning: Bool
        var timeout: Duration
        var display: LocalProgress.Display
    }

    let configuration: Configuration
    /// Where progress and the summary go (standard output).
    var output: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
    /// The operator's own metrics, served at `/metrics` beside the exporters (the process-wide registry, bootstrapped
    /// by the command; tests leave it empty).
    var operatorMetrics: @Sendable () -> String = { "" }

    /// Runs until every pipeline settled (or the time limit, or Ctrl-C); returns whether all succeeded.
    func run() async throws -> Bool {
        let logger = Logger(label: "finops-local")
        let clock = AnyClock.continuous
        let environment = ProcessInfo.processInfo.environment
        let dataPath = configuration.dataDirectory.standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: dataPath, withIntermediateDirectories: true)

        let api = FakeKubeAPI()
        for kind: any KubernetesObject.Type in [
            ExporterScraperConfig.self, DatabaseConfig.self, ProviderConfig.self, ResourceConfig.self,
            MetricConfig.self,
        ] {
            api.register(kind)
        }
        let loaded = try LocalManifests.load(configuration.directory, into: api)
        for skipped in loaded.skipped { logger.notice("skipped \(skipped)") }

        let base = "http://\(configuration.listen.host):\(configuration.listen.port)"
        let template = base + "/{namespace}/{name}"
        let events = EventRecorder(
            api: api, component: "finops-operator", instance: "local", clock: clock, logger: logger)
        let monitor = ExporterStatusMonitor(
            interval: .seconds(1), clock: clock,
            fetch: ExporterStatusMonitor.fetchOverHTTP, logger: logger)
        let databases = DatabaseConnector(api: api, defaults: .init(dataDirectory: dataPath), logger: logger)
        let sourceFetcher = SourceFetcher()
        let rows = RowsSource(
            secrets: ExporterSecretProvider(api: api), environment: environment,
            exporterRowsURL: { ExporterAddress.url(of: $0, path: "/rows", template: template) })
        // Local runs are short: no spread of first runs, quick retries while an exporter has no poll yet.
        let schedule = ScrapeSchedule(
            firstRunSpread: .zero, retryBase: .seconds(1), retryCap: .seconds(10), waitingRetry: .milliseconds(500))
        let pipelines = PipelineSupervisor(
            databases: databases, fetcher: sourceFetcher, rows: rows,
            stores: ExportStores(
                api: api, environment: environment,
                s3Directory: configuration.keepS3 ? nil : dataPath + "/s3", logger: Logger(label: "finops.export")),
            schedule: schedule, clock: clock, logger: logger)
        let controllers = OperatorControllers(
            api: api,
            settings: .init(
                scope: .all,
                exporterPod: ExporterPodSettings(image: "local", urlTemplate: template, mountsSecrets: false),
                workers: 4),
            pipelines: pipelines, events: events, clock: clock, monitor: monitor, databases: databases, logger: logger)
        let exporters = LocalExporters(
            api: api, caches: controllers.caches, fetcher: sourceFetcher, environment: environment, logger: logger)
        let manager = ControllerManager(controllers: controllers, elector: nil, logger: logger)
        let server = makeExportersServer(
            host: configuration.listen.host, port: configuration.listen.port,
            lookup: { exporters.endpoints(namespace: $0, name: $1) },
            index: { exporters.owners.map { "\(base)/\($0.namespace ?? "default")/\($0.name)/metrics\n" }.joined() },
            metrics: operatorMetrics, logger: logger)
        let summary = LocalSummary(
            base: base, dataDirectory: dataPath, keepS3: configuration.keepS3, pipelines: pipelines,
            databases: databases)
        let progress = LocalProgress(
            api: api, exporters: exporters, display: configuration.display, timeout: configuration.timeout,
            keepRunning: configuration.keepRunning, clock: clock, summary: { await summary.text(for: $0, elapsed: $1) },
            write: output)

        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: server), .init(service: exporters), .init(service: manager),
                    // The progress ending (every pipeline settled) ends local mode.
                    .init(service: progress, successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await sourceFetcher.shutdown()
            throw error
        }
        await sourceFetcher.shutdown()
        return progress.succeeded ?? false
    }
}
