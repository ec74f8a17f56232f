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
        let exporter = try ExporterAssembly(
            file: file, fetcher: fetcher, api: kube, environment: environment, attempts: attempts, once: once,
            logger: logger)
        let (source, watch, state, poller) = (exporter.source, exporter.watch, exporter.state, exporter.poller)

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
            host: address.host, port: address.port, endpoints: exporter.endpoints,
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
}
