import FinOpsAPI
import FinOpsControllers
import FinOpsPipelines
import Foundation
import KubeClient
import KubeCore
import KubeRuntime
import KubeTesting
import Logging
import Synchronization
import Testing

/// The operator's real wiring (``OperatorControllers``: every informer and controller) running against a
/// ``FakeKubeAPI`` with a ``ManualClock``, plus what scenario tests read and wait on.
///
/// ```swift
/// try await ControllerHarness.run { h in
///     try h.create(Fixture.endpointSecret())
///     try h.create(Fixture.currentESC())
///     try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
/// }
/// ```
///
/// Time moves only when a test calls `clock.advance(by:)`; waits yield to the controllers until the state they
/// name is in the fake API (see ``eventually(_:limit:sourceLocation:_:)``). The ExporterScraperConfig controller
/// runs one worker, so that ``barrier()`` can tell when everything queued before it has been reconciled.
final class ControllerHarness: Sendable {
    static let image = "ghcr.io/example/finops-operator:test"

    let clock = ManualClock()
    let api: FakeKubeAPI
    let logs = LogCapture()
    let pipelines: RecordingPipelines
    let events: EventRecorder
    let controllers: OperatorControllers
    let scope: NamespaceScope
    private let barrierCount = Atomic<Int>(0)

    /// The exporter status monitor, when the harness was made with a `/status` fetch.
    let monitor: ExporterStatusMonitor?

    init(
        scope: NamespaceScope = .all, exporterStatus: ExporterStatusMonitor.Fetch? = nil,
        databases: (any DatabaseChecking)? = nil
    ) {
        self.scope = scope
        let clock = self.clock
        api = FakeKubeAPI(now: { clock.date })
        api.register(ExporterScraperConfig.self)
        api.register(DatabaseConfig.self)
        api.register(ProviderConfig.self)
        api.register(ResourceConfig.self)
        api.register(MetricConfig.self)
        let logger = logs.logger()
        pipelines = RecordingPipelines(PipelineSupervisor(logger: logger))
        events = EventRecorder(
            api: api, component: "finops-operator", instance: "test-replica", clock: clock.anyClock, logger: logger)
        let monitor = exporterStatus.map {
            ExporterStatusMonitor(interval: .seconds(30), clock: clock.anyClock, fetch: $0, logger: logger)
        }
        self.monitor = monitor
        controllers = OperatorControllers(
            api: api,
            settings: .init(scope: scope, exporterPod: ExporterPodSettings(image: Self.image), workers: 1),
            pipelines: pipelines, events: events, clock: clock.anyClock, monitor: monitor, databases: databases,
            logger: logger)
    }

    /// Runs a fresh harness's controllers while `body` runs, then cancels them.
    static func run(
        scope: NamespaceScope = .all, exporterStatus: ExporterStatusMonitor.Fetch? = nil,
        databases: (any DatabaseChecking)? = nil, _ body: (ControllerHarness) async throws -> Void
    ) async throws {
        let harness = ControllerHarness(scope: scope, exporterStatus: exporterStatus, databases: databases)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await harness.controllers.run() }
            do {
                try await harness.waitUntilWatching()
                try await body(harness)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
            // Every informer and controller stops cleanly when cancelled (the operator cancels them on shutdown):
            // a CancellationError escaping here would make the process exit non-zero.
            try await group.waitForAll()
        }
    }

    /// The resources the operator's informers watch.
    static let watchedResources = [
        ExporterScraperConfig.resource, DatabaseConfig.resource, ProviderConfig.resource, ResourceConfig.resource,
        MetricConfig.resource, core.v1.Secret.resource, apps.v1.Deployment.resource, core.v1.ConfigMap.resource,
        core.v1.Service.resource,
    ]

    /// Every informer has listed and opened its watches: from now on every write reaches the controllers.
    private func waitUntilWatching() async throws {
        let watchesPerResource = scope.watchedNamespaces.count
        try await eventually("every informer lists and watches") {
            controllers.caches.isReady
                && Self.watchedResources.allSatisfy { api.openWatchCount($0) >= watchesPerResource }
        }
    }

    // MARK: - Waiting for the controllers

    /// Returns once the ExporterScraperConfig controller has finished every key queued before this call.
    ///
    /// Enqueues a key that names no object; its reconcile only stops that key's (absent) pipelines, which
    /// ``RecordingPipelines`` logs. With one worker and a first-in-first-out queue, that call comes after every
    /// reconcile queued before it.
    func barrier() async throws {
        let number = barrierCount.add(1, ordering: .relaxed).newValue
        let key = ObjectKey(namespace: "barrier", name: "barrier-\(number)")
        controllers.exporterScrapers.enqueue(key)
        try await eventually("the ExporterScraperConfig controller reaches barrier \(number)") {
            pipelines.calls.contains(.stop(key))
        }
    }

    /// Waits until the caches have seen every object as the fake stores it and two rounds of ``barrier()`` in a row
    /// made no API call: the controllers have nothing left to do until something changes or time passes.
    func settle(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var quietRounds = 0
        for _ in 0..<200 {
            let before = api.requests.count
            try await eventually("the caches catch up with the API", sourceLocation: sourceLocation) {
                cachesCaughtUp()
            }
            try await barrier()
            quietRounds = api.requests.count == before ? quietRounds + 1 : 0
            if quietRounds == 2 { return }
        }
        Issue.record("the controllers never settled", sourceLocation: sourceLocation)
        throw WaitTimedOut(description: "the controllers never settled")
    }

    /// Whether every informer holds exactly the objects (and resourceVersions) the fake stores for its selector.
    func cachesCaughtUp() -> Bool {
        let caches = controllers.caches
        return matches(caches.exporterScrapers) && matches(caches.databaseConfigs)
            && matches(caches.providerConfigs) && matches(caches.resourceConfigs) && matches(caches.metricConfigs)
            && matches(caches.secrets) && matches(caches.deployments, managedOnly: true)
            && matches(caches.configMaps, managedOnly: true) && matches(caches.services, managedOnly: true)
    }

    private func matches<T: KubernetesObject>(_ informer: Informer<T>, managedOnly: Bool = false) -> Bool {
        var stored: [ObjectKey: String] = [:]
        for object in api.objects(T.resource) {
            let meta = object["metadata"]
            if managedOnly,
                meta?["labels"]?["app.kubernetes.io/managed-by"]?.stringValue != ExporterChildren.managedBy
            {
                continue
            }
            let key = ObjectKey(namespace: meta?["namespace"]?.stringValue, name: meta?["name"]?.stringValue ?? "")
            guard scope.contains(key.namespace) else { continue }
            stored[key] = meta?["resourceVersion"]?.stringValue ?? ""
        }
        let cached = informer.store.list()
        guard cached.count == stored.count else { return false }
        return cached.allSatisfy { stored[$0.key] == ($0.metadata.resourceVersion ?? "") }
    }

    /// Waits until the ExporterScraperConfig at `key` has the condition `type` with `status` (and `reason`).
    @discardableResult
    func waitFor(
        _ key: ObjectKey, _ type: String, _ status: Condition.Status, _ reason: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> ExporterScraperConfigStatus {
        try await eventually(
            "\(key) has \(type)=\(status.rawValue) \(reason ?? "") (now: \(describeConditions(key)))",
            sourceLocation: sourceLocation
        ) {
            guard let condition = try escCondition(key, type) else { return false }
            return condition.status == status && (reason == nil || condition.reason == reason)
        }
        return try #require(try esc(key)?.status, sourceLocation: sourceLocation)
    }

    /// Waits until the config object of kind `T` at `key` has `Ready` with `status` and `reason`.
    @discardableResult
    func waitForReady<T: HasStatus>(
        _ type: T.Type, _ key: ObjectKey, _ status: Condition.Status, _ reason: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Condition where T.Status == ConditionsStatus {
        func now() -> String {
            guard let ready = (try? readyCondition(T.self, key)) ?? nil else { return "none" }
            return "\(ready.status.rawValue) \(ready.reason)"
        }
        try await eventually(
            "\(T.resource.kind) \(key) has Ready=\(status.rawValue) \(reason) (now: \(now()))",
            sourceLocation: sourceLocation
        ) {
            let ready = try readyCondition(T.self, key)
            return ready?.status == status && ready?.reason == reason
        }
        return try #require(try readyCondition(T.self, key), sourceLocation: sourceLocation)
    }

    // MARK: - Reading the fake API

    func esc(_ key: ObjectKey) throws -> ExporterScraperConfig? { try api.object(ExporterScraperConfig.self, key) }

    func escCondition(_ key: ObjectKey, _ type: String) throws -> Condition? {
        try esc(key)?.status?.conditions[type: type]
    }

    func readyCondition<T: HasStatus>(_ type: T.Type, _ key: ObjectKey) throws -> Condition?
    where T.Status == ConditionsStatus {
        try api.object(T.self, key)?.status?.conditions[type: ConditionType.ready]
    }

    func describeConditions(_ key: ObjectKey) -> String {
        let conditions = (try? esc(key)?.status?.conditions) ?? []
        return conditions.map { "\($0.type)=\($0.status.rawValue) \($0.reason)" }.joined(separator: ", ")
    }

    func deployment(of owner: ObjectKey) throws -> apps.v1.Deployment? {
        try api.object(apps.v1.Deployment.self, Fixture.child(owner, ExporterChildren.deploymentName))
    }

    func configMap(of owner: ObjectKey) throws -> core.v1.ConfigMap? {
        try api.object(core.v1.ConfigMap.self, Fixture.child(owner, ExporterChildren.configMapName))
    }

    func service(of owner: ObjectKey) throws -> core.v1.Service? {
        try api.object(core.v1.Service.self, Fixture.child(owner, ExporterChildren.serviceName))
    }

    /// The config hash annotation of the exporter's pod template.
    func configHash(of owner: ObjectKey) throws -> String? {
        try deployment(of: owner)?.spec?.template.metadata?.annotations?[ExporterChildren.configHashAnnotation]
    }

    /// Events about the object `name`, oldest first.
    func events(about name: String) throws -> [core.v1.Event] {
        try api.objects(core.v1.Event.self).filter { $0.involvedObject.name == name }
    }

    /// The writes recorded since the last `clearRequests`, as text (`patch(apply) deployments.apps finops/x`).
    var writes: [String] { api.writes.map(\.description) }

    /// How many reconciles of `key` ended in `TerminalError` (the controller logs each one).
    func terminalReconciles(of key: ObjectKey) -> Int {
        logs.count(
            "not retrying until the object changes",
            where: ["controller": "exporterscraperconfig", "object": "\(key)"])
    }

    /// How many reconciles of `key` failed with a retryable error.
    func failedReconciles(of key: ObjectKey) -> Int {
        logs.count("reconcile failed; retrying", where: ["controller": "exporterscraperconfig", "object": "\(key)"])
    }

    // MARK: - Playing users and other controllers (not recorded in the request log)

    /// Creates `object` (or replaces it) as a user's `kubectl apply` would.
    @discardableResult
    func create<T: KubernetesObject>(_ object: T) throws -> T { try api.seed(object) }

    /// Changes a stored object as a hand edit would, through its typed form; fields the typed model does not
    /// know (server defaults) are kept, as `kubectl edit` keeps them.
    func edit<T: KubernetesObject>(_ type: T.Type, _ key: ObjectKey, _ change: (inout T) -> Void) throws {
        try api.edit(T.resource, key) { json in
            var object = try KubeJSON.convert(json, to: T.self)
            let before = try KubeJSON.value(of: object)
            change(&object)
            json = json.applyingMergePatch(before.mergePatch(to: try KubeJSON.value(of: object)))
        }
    }

    /// Deletes through the API (recorded in the request log, like any client's call).
    func delete<T: KubernetesObject>(_ type: T.Type, _ key: ObjectKey) async throws {
        try await api.delete(type, key)
    }
}

extension JSONValue {
    /// The JSON merge patch that turns `self` into `target` (removed members become `null`).
    fileprivate func mergePatch(to target: JSONValue) -> JSONValue {
        guard case .object(let from) = self, case .object(let to) = target else { return target }
        var patch: [String: JSONValue] = [:]
        for (key, value) in to where from[key] != value {
            patch[key] = from[key].map { $0.mergePatch(to: value) } ?? value
        }
        for key in from.keys where to[key] == nil { patch[key] = .null }
        return .object(patch)
    }
}
