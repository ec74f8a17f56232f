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
import Synchronization

/// Local mode's exporters: where a cluster runs an exporter Deployment per ExporterScraperConfig, local mode runs the
/// same exporter in this process, from the `config.yaml` of the ConfigMap the operator wrote, and marks the
/// Deployment available (there is no kubelet) so that the conditions read as they would in a cluster.
///
/// A changed `config.yaml` restarts the exporter; a deleted ConfigMap stops it. Every exporter is served by one HTTP
/// server under `/{namespace}/{name}/` (``endpoints(namespace:name:)``).
final class LocalExporters: Service, Sendable {
    private enum Change {
        case config(owner: ObjectKey, text: String?)
        case deployment(ObjectKey)
    }

    private struct Running {
        var text: String
        var exporter: ExporterAssembly
        var task: Task<Void, Never>
    }

    private let api: FakeKubeAPI
    private let fetcher: SourceFetcher
    private let environment: [String: String]
    private let logger: Logger
    private let changes: AsyncStream<Change>
    private let continuation: AsyncStream<Change>.Continuation
    private let running = Mutex<[ObjectKey: Running]>([:])
    /// Exporters whose configuration cannot start, and why.
    private let refused = Mutex<[ObjectKey: String]>([:])

    /// Subscribes to `caches`' ConfigMaps and Deployments: make it before the informers run.
    init(
        api: FakeKubeAPI, caches: FinOpsCaches, fetcher: SourceFetcher, environment: [String: String], logger: Logger
    ) {
        self.api = api
        self.fetcher = fetcher
        self.environment = environment
        self.logger = logger
        (changes, continuation) = AsyncStream.makeStream()
        caches.configMaps.subscribe { [continuation] event in
            let configMap = event.object
            guard let owner = Self.owner(of: configMap.metadata) else { return }
            if case .deleted = event {
                continuation.yield(.config(owner: owner, text: nil))
            } else {
                continuation.yield(
                    .config(owner: owner, text: configMap.data?[ExporterChildren.configFileName]))
            }
        }
        caches.deployments.subscribe { [continuation] event in
            if case .deleted = event { return }
            let deployment = event.object
            guard !deployment.isAvailable, Self.owner(of: deployment.metadata) != nil else { return }
            continuation.yield(.deployment(deployment.key))
        }
    }

    /// The ExporterScraperConfig that owns an exporter child.
    private static func owner(of metadata: ObjectMeta) -> ObjectKey? {
        guard let reference = metadata.ownerReferences?.first(where: { $0.kind == ExporterScraperConfig.resource.kind })
        else { return nil }
        return ObjectKey(namespace: metadata.namespace, name: reference.name)
    }

    func run() async {
        await cancelWhenGracefulShutdown {
            for await change in self.changes {
                switch change {
                case .config(let owner, let text): self.apply(owner: owner, text: text)
                case .deployment(let key): self.markAvailable(key)
                }
            }
        }
        let tasks = running.withLock { running in
            defer { running.removeAll() }
            return running.values.map(\.task)
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    private func apply(owner: ObjectKey, text: String?) {
        if let text, running.withLock({ $0[owner]?.text == text }) { return }
        running.withLock { $0.removeValue(forKey: owner) }?.task.cancel()
        guard let text else {
            refused.withLock { $0[owner] = nil }
            return
        }
        do {
            let file = try ExporterConfigLoader.decode(Data(text.utf8), origin: "ConfigMap of \(owner)")
            var logger = logger
            logger[metadataKey: "exporter"] = "\(owner)"
            let exporter = try ExporterAssembly(
                file: file, fetcher: fetcher, api: api, environment: environment, attempts: 2, once: false,
                allowsFileURLs: true,
                logger: logger)
            let task = Task {
                await withDiscardingTaskGroup { group in
                    if let watch = exporter.watch { group.addTask { try? await watch.run() } }
                    group.addTask {
                        await exporter.watch?.waitUntilReady()
                        await exporter.poller.run()
                    }
                }
            }
            running.withLock { $0[owner] = Running(text: text, exporter: exporter, task: task) }
            refused.withLock { $0[owner] = nil }
            markAvailable(ObjectKey(namespace: owner.namespace, name: ExporterChildren.deploymentName(owner.name)))
        } catch {
            refused.withLock { $0[owner] = "\(error)" }
            logger.error("the exporter cannot start", metadata: ["exporter": "\(owner)", "error": "\(error)"])
        }
    }

    /// Marks an exporter's Deployment available once its exporter runs here.
    private func markAvailable(_ deployment: ObjectKey) {
        let owner = running.withLock { running in
            running.keys.first {
                ExporterChildren.deploymentName($0.name) == deployment.name && $0.namespace == deployment.namespace
            }
        }
        guard let owner else { return }
        do {
            try api.markDeploymentAvailable(deployment)
        } catch {
            logger.debug("the Deployment is not there yet", metadata: ["exporter": "\(owner)"])
        }
    }

    /// What `/{namespace}/{name}/…` serves.
    func endpoints(namespace: String, name: String) -> ExporterEndpoints? {
        running.withLock { $0[ObjectKey(namespace: namespace, name: name)]?.exporter.endpoints }
    }

    /// The exporter's `/status` report, or why it could not start.
    func report(of owner: ObjectKey) -> Result<ExporterStatusReport, LocalFailure>? {
        if let reason = refused.withLock({ $0[owner] }) { return .failure(LocalFailure(description: reason)) }
        return running.withLock { $0[owner]?.exporter.state.report }.map { .success($0) }
    }

    /// The exporters running, for the server's `/`.
    var owners: [ObjectKey] { running.withLock { Array($0.keys) }.sorted() }
}

/// Why something of local mode did not work, as a sentence.
struct LocalFailure: Error, CustomStringConvertible {
    var description: String
}
