import Foundation
import KubeClient
import KubeCore
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps a ``Store`` of one kind up to date with list + watch, and tells subscribers about every change.
///
/// One informer per kind is shared by every controller that needs that kind (subscribe before `run()` starts).
///
/// Guarantees:
/// - the store converges to the API server's state for the watched scope and selectors, across watch timeouts,
///   dropped connections (resume from the last resourceVersion) and expired history (relist, then subscribers see
///   the difference as added/updated/deleted events);
/// - subscribers are called in the order changes were observed, from one task per watched namespace;
/// - `transform` runs before anything is stored: e.g. Secrets are kept without their values.
/// Caveats: handlers run on the watch task, so they must be quick (enqueue a key, nothing more).
public final class Informer<Object: KubernetesObject>: Service, Sendable {
    public typealias Handler = @Sendable (InformerEvent<Object>) -> Void

    public let store = Store<Object>()
    private let api: any KubeAPI
    private let scope: NamespaceScope
    private let labelSelector: String?
    private let transform: @Sendable (Object) -> Object
    private let clock: AnyClock
    private let backoff: Backoff
    private let metrics: RuntimeMetrics
    private let logger: Logger
    private let handlers = Mutex<[Handler]>([])
    private let listedScopes = Mutex<Set<String>>([])

    public init(
        api: any KubeAPI, scope: NamespaceScope, labelSelector: String? = nil,
        transform: @escaping @Sendable (Object) -> Object = { $0 }, clock: AnyClock = .continuous,
        backoff: Backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(30)),
        metrics: RuntimeMetrics = RuntimeMetrics(), logger: Logger
    ) {
        self.api = api
        self.scope = scope
        self.labelSelector = labelSelector
        self.transform = transform
        self.clock = clock
        self.backoff = backoff
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "resource"] = "\(Object.resource)"
        self.logger = logger
    }

    /// Registers a handler for every future change. Call before ``run()``.
    public func subscribe(_ handler: @escaping Handler) {
        handlers.withLock { $0.append(handler) }
    }

    /// Whether every watched namespace has been listed once.
    public var isReady: Bool { store.isReady }

    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for namespace in scope.watchedNamespaces {
                group.addTask { await self.runScope(namespace: namespace) }
            }
        }
    }

    // MARK: - The list/watch loop of one namespace (or of all)

    private func runScope(namespace: String?) async {
        var machine = WatcherStateMachine()
        var action = machine.start()
        while !Task.isCancelled {
            switch action {
            case .list:
                action = await list(namespace: namespace, machine: &machine)
            case .watch(let resourceVersion):
                action = await watch(namespace: namespace, from: resourceVersion, machine: &machine)
            case .wait(let attempt):
                let delay = backoff.delay(attempt: attempt, unit: Double.random(in: 0..<1))
                do { try await clock.sleep(for: delay) } catch { return }
                action = machine.waited()
            }
        }
    }

    private func list(namespace: String?, machine: inout WatcherStateMachine) async -> WatcherStateMachine.Action {
        do {
            let list = try await api.listAll(
                Object.self, namespace: namespace, options: ListOptions(labelSelector: labelSelector, limit: 500))
            let objects = list.items.map(transform)
            let allListed = listedScopes.withLock { listed in
                listed.insert(namespace ?? "*")
                return listed.count == scope.watchedNamespaces.count
            }
            let events = store.replace(namespace: namespace, with: objects, markReady: allListed)
            notify(events)
            logger.debug("listed", metadata: ["count": "\(objects.count)", "namespace": "\(namespace ?? "*")"])
            return machine.listSucceeded(resourceVersion: list.metadata.resourceVersion ?? "")
        } catch {
            if Task.isCancelled { return .list }
            metrics.watchRestarted(resource: Object.resource, reason: "list_error")
            logger.warning("list failed", metadata: ["error": "\(error)"])
            return machine.listFailed()
        }
    }

    private func watch(
        namespace: String?, from resourceVersion: String, machine: inout WatcherStateMachine
    ) async -> WatcherStateMachine.Action {
        let lastSeen = Mutex<String?>(nil)
        let options = WatchOptions(
            labelSelector: labelSelector, resourceVersion: resourceVersion, allowWatchBookmarks: true,
            // Spread reconnects of many watches over time, as client-go does (5–10 minutes).
            timeoutSeconds: Int.random(in: 300...600))
        let started = clock.now
        do {
            try await api.watch(Object.self, namespace: namespace, options: options) { event in
                switch event {
                case .added(let object), .modified(let object):
                    let object = self.transform(object)
                    let old = self.store.upsert(object)
                    self.notify([old.map { .updated(old: $0, new: object) } ?? .added(object)])
                    lastSeen.withLock { $0 = object.metadata.resourceVersion }
                case .deleted(let object):
                    let old = self.store.remove(object.key)
                    self.notify([.deleted(old ?? self.transform(object))])
                    lastSeen.withLock { $0 = object.metadata.resourceVersion }
                case .bookmark(let version):
                    lastSeen.withLock { $0 = version }
                case .error(let status):
                    throw KubeError(status: status)
                }
            }
            let seen = lastSeen.withLock { $0 }
            if let seen { machine.eventReceived(resourceVersion: seen) }
            metrics.watchRestarted(resource: Object.resource, reason: "closed")
            // A server that ends every watch at once, with nothing sent, would otherwise make this a tight loop.
            if seen == nil && started.duration(to: clock.now) < .seconds(1) { return machine.watchFailed(.other) }
            return machine.watchClosed()
        } catch {
            if let seen = lastSeen.withLock({ $0 }) { machine.eventReceived(resourceVersion: seen) }
            if Task.isCancelled { return .list }
            let failure = Self.classify(error)
            switch failure {
            case .expired:
                metrics.watchRestarted(resource: Object.resource, reason: "expired")
                logger.info("watch history expired; relisting")
            case .connectionLost:
                metrics.watchRestarted(resource: Object.resource, reason: "connection_lost")
                logger.warning("watch connection lost; relisting after a pause", metadata: ["error": "\(error)"])
            case .other:
                metrics.watchRestarted(resource: Object.resource, reason: "error")
                logger.warning("watch failed", metadata: ["error": "\(error)"])
            }
            return machine.watchFailed(failure)
        }
    }

    /// Maps a watch error to the state machine's failure kinds.
    static func classify(_ error: any Error) -> WatcherStateMachine.Failure {
        guard let error = error as? KubeError else { return .connectionLost }
        switch error.code {
        case .gone: return .expired
        case .transport: return .connectionLost
        default:
            // A watch cache asked for a version newer than it has answers 504 with this cause (e.g. after an etcd
            // restore): our version is useless there, as with 410.
            let causes = error.status?.details?.causes ?? []
            return causes.contains { $0.reason == "ResourceVersionTooLarge" } ? .expired : .other
        }
    }

    private func notify(_ events: [InformerEvent<Object>]) {
        guard !events.isEmpty else { return }
        let handlers = handlers.withLock { $0 }
        for event in events {
            for handler in handlers { handler(event) }
        }
    }
}
