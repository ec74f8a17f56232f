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

/// One exporter built from its configuration file: the source (and the Node/Pod watch of the cluster source), the
/// state it serves, its poll loop and its HTTP endpoints. `finops-operator exporter` runs one; local mode runs one per
/// ExporterScraperConfig in its own process.
struct ExporterAssembly: Sendable {
    let source: any CostSource
    /// The cluster source's watch, run beside the poll loop (and before a `--once` poll).
    let watch: ClusterWatch?
    let state: ExporterState
    let poller: ExporterService

    /// - Parameters:
    ///   - api: the Kubernetes API for Secrets referenced by name and for the cluster source; `nil` when there is none.
    ///   - environment: what all-uppercase `additionalVariables` values name.
    ///   - allowsFileURLs: whether endpoint Secrets may name `file://` directories (local mode).
    init(
        file: ExporterConfigFile, fetcher: SourceFetcher, api: (any KubeAPI)?, environment: [String: String],
        attempts: Int, once: Bool, allowsFileURLs: Bool = false, logger: Logger
    ) throws {
        (source, watch) = try Self.makeSource(
            file: file, fetcher: fetcher, api: api, environment: environment, allowsFileURLs: allowsFileURLs)
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
        state = ExporterState(sourceSummary: source.summary)
        poller = ExporterService(
            source: source, interval: .seconds(file.pollingIntervalSeconds), retry: .init(attempts: attempts),
            clock: .continuous, state: state,
            makeCollector: { FocusPollCollector(exposition: exposition, validatesFocus: validates) }, logger: logger,
            once: once)
    }

    /// The source, and the Node and Pod watch of the cluster source.
    static func makeSource(
        file: ExporterConfigFile, fetcher: SourceFetcher, api: (any KubeAPI)?, environment: [String: String],
        allowsFileURLs: Bool
    ) throws -> (any CostSource, ClusterWatch?) {
        if let cluster = file.cluster {
            guard let api else {
                throw ExporterConfigLoader.Failure(
                    description: "the cluster source needs the Kubernetes API: run the exporter in the cluster")
            }
            let watch = ClusterWatch(api: api, logger: Logger(label: "finops.cluster-watch"))
            return (
                ClusterSource(
                    api: api, settings: cluster, interval: .seconds(file.pollingIntervalSeconds), watch: watch), watch
            )
        }
        let plan = RequestPlan(
            source: file.source, variables: SourceVariables(file.additionalVariables, environment: environment),
            secrets: ExporterSecretProvider(api: api), allowsFileURLs: allowsFileURLs)
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
    var endpoints: ExporterEndpoints {
        let state = state
        let source = source
        return ExporterEndpoints(
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
