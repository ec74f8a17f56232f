import ArgumentParser
import Exposition
import FinOpsAPI
import FinOpsPipelines
import Foundation
import Gzip
import KubeClient
import KubeRuntime
import Logging
import NIOCore
import OperatorHTTP
import ServiceLifecycle

/// The composition root of `finops-operator exporter`: source, poll loop and HTTP server in one service group.
struct ExporterApplication {
    let file: ExporterConfigFile
    let address: HostPort
    let logging: LoggingSettings
    let environment: [String: String]
    let once: Bool
    var attempts = 4
    var responseTimeout: Duration = .seconds(120)

    func run() async throws {
        logging.bootstrap()
        let logger = Logger(label: "finops-exporter")
        var options = SourceFetcher.Options()
        options.responseTimeout = responseTimeout
        let fetcher = SourceFetcher(options: options)
        let kube = makeKubeClient(logger: logger)
        do {
            try await run(fetcher: fetcher, kube: kube, logger: logger)
        } catch {
            await fetcher.shutdown()
            try? await kube?.shutdown()
            throw error
        }
        await fetcher.shutdown()
        try? await kube?.shutdown()
    }

    private func run(fetcher: SourceFetcher, kube: HTTPKubeClient?, logger: Logger) async throws {
        let (source, watch) = try makeSource(fetcher: fetcher, api: kube, logger: logger)
        let exposition: CostExposition
        if file.metricType == "generic" {
            guard let generic = file.generic else {
                throw ExporterConfigLoader.Failure(description: "metricType generic needs the generic section")
            }
            exposition = .generic(generic, maxSeries: file.exposition?.maxSeries)
        } else if file.metricType == "resource" {
            exposition = .usage(maxSeries: file.exposition?.maxSeries)
        } else {
            exposition = try CostExposition(file.exposition)
        }
        let validates = file.metricType == "cost"
        let state = ExporterState(sourceSummary: source.summary)
        let poller = ExporterService(
            source: source, interval: .seconds(file.pollingIntervalSeconds), retry: .init(attempts: attempts),
            clock: .continuous, state: state,
            makeCollector: { FocusPollCollector(exposition: exposition, validatesFocus: validates) }, logger: logger,
            once: once)

        if once {
            if let watch {
                // The watches list first; the poll then reads what they saw.
                let watching = Task { try? await watch.run() }
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await watch.waitUntilReady() }
                    group.addTask { try? await Task.sleep(for: .seconds(30)) }
                    await group.next()
                    group.cancelAll()
                }
                await poller.pollOnce()
                watching.cancel()
                await watching.value
            } else {
                await poller.pollOnce()
            }
            let report = state.report
            print(String(decoding: report.encoded(), as: UTF8.self))
            if report.lastPoll?.succeeded != true { throw ExitCode.failure }
            return
        }

        logger.info(
            "exporter starting",
            metadata: ["source": "\(source.summary)", "listen": "\(address)", "owner": "\(file.owner.name)"])
        let server = makeExporterServer(
            host: address.host, port: address.port, endpoints: Self.endpoints(state, source: source),
            logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: poller), .init(service: server),
        ]
        if let watch { services.append(.init(service: watch)) }
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// The Kubernetes API of the pod's cluster (or of KUBECONFIG outside one: local runs, the conformance test), for
    /// Secrets in other namespaces and the cluster source; `nil` when there is none. Shut down by ``run()``.
    func makeKubeClient(logger: Logger) -> HTTPKubeClient? {
        guard environment["KUBERNETES_SERVICE_HOST"] != nil || environment["KUBECONFIG"] != nil,
            let config = try? KubeConfig.load(kubeconfigPath: nil, context: nil, environment: environment)
        else { return nil }
        return try? HTTPKubeClient(config: config, logger: logger)
    }

    /// The source, and the Node and Pod watch of the cluster source (run beside the poll loop).
    func makeSource(fetcher: SourceFetcher, api: (any KubeAPI)?, logger: Logger) throws -> (
        any CostSource, ClusterWatch?
    ) {
        if let cluster = file.cluster {
            guard let api else {
                throw ExporterConfigLoader.Failure(
                    description: "the cluster source needs the Kubernetes API: run the exporter in the cluster")
            }
            let watch = ClusterWatch(api: api, logger: logger)
            return (
                ClusterSource(
                    api: api, settings: cluster, interval: .seconds(file.pollingIntervalSeconds), watch: watch), watch
            )
        }
        let plan = RequestPlan(
            source: file.source, variables: SourceVariables(file.additionalVariables, environment: environment),
            secrets: ExporterSecretProvider(api: api))
        var costModel: CostModelMapping?
        if let model = file.costModel {
            guard let mapping = CostModelMapping(model) else {
                throw ExporterConfigLoader.Failure(
                    description: "costModel \(model.product) \(model.api) is not known to this exporter")
            }
            costModel = mapping
        }
        if let castAI = file.castAI {
            return (CastAISource(plan: plan, fetcher: fetcher, settings: castAI), nil)
        }
        switch file.metricType {
        case "cost", "generic": return (EndpointSource(plan: plan, fetcher: fetcher, costModel: costModel), nil)
        case "resource":
            let source = UsageMetricsSource(
                costs: EndpointSource(plan: plan, fetcher: fetcher), resources: file.resources, now: { Date() })
            return (source, nil)
        default:
            throw ExporterConfigLoader.Failure(
                description: "metricType \(file.metricType) is not served by this exporter yet; use cost")
        }
    }

    /// What the HTTP server serves, read from the state at each request.
    static func endpoints(_ state: ExporterState, source: any CostSource) -> ExporterEndpoints {
        ExporterEndpoints(
            metrics: {
                // One gzip member: the poll's cost series (shared, not copied), the exporter's own metrics and the
                // source's.
                let own = state.selfMetricsText() + source.metricsText()
                let chunks = state.served.map { $0.result.metrics.gzipMember(appending: own) } ?? [Gzip.compress(own)]
                return PreparedBody(contentType: ExpositionBody.contentType, gzip: chunks)
            },
            rows: {
                guard let (result, pollID) = state.served else { return nil }
                return PreparedBody(
                    contentType: "text/csv; charset=utf-8; header=present", gzip: [result.rowsCSVGzip],
                    headers: [
                        (name: "ETag", value: "\"\(pollID)\""), (name: "X-Finops-Poll-Id", value: pollID),
                        (name: "X-Focus-Version", value: result.focusVersion ?? "unknown"),
                        (name: "X-Finops-Rows", value: "\(result.rows)"),
                    ])
            },
            status: { ByteBuffer(bytes: Array(state.report.encoded())) },
            liveness: [HealthCheck("ping") { true }],
            readiness: [HealthCheck("a poll has completed") { state.served != nil }])
    }
}
