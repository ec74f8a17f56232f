import KubeClient
import KubeCore
import Logging
import ServiceLifecycle
import Synchronization

/// Runs a ``Reconciler``: turns informer events into keys on a ``WorkQueue`` and feeds them to workers.
///
/// Wiring (before ``run()``): the primary informer enqueues the changed object's key; ``owns(_:)`` enqueues the
/// controller owner of a changed child; ``watches(_:mapping:)`` enqueues whatever keys a mapping function returns
/// (e.g. the configs that reference a changed Secret).
///
/// Guarantees: workers start only after every wired informer has listed once; a key is reconciled by one worker at a
/// time; errors retry with per-key exponential backoff, ``TerminalError`` does not retry, success resets the backoff;
/// cancelling ``run()`` stops the workers after their current reconcile, and returns at once before the caches synced.
public final class Controller<R: Reconciler>: Service, Sendable {
    public let name: String
    private let reconciler: R
    private let queue: WorkQueue<ObjectKey>
    private let workers: Int
    private let metrics: RuntimeMetrics
    private let logger: Logger
    private let readiness = Mutex<[@Sendable () async -> Void]>([])
    private let reconcileCounter = Atomic<Int>(0)
    /// Safety requeue after a write conflict (see ``process(_:)``).
    private let conflictRetry: Duration = .seconds(1)

    /// - Parameters:
    ///   - name: used in logs and metric labels (`controller="…"`).
    ///   - primary: the informer of `R.Object`; every change enqueues that object's key.
    ///   - workers: how many keys are reconciled concurrently.
    public init(
        name: String, reconciler: R, primary: Informer<R.Object>, workers: Int = 4, clock: AnyClock = .continuous,
        failureBackoff: Backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(300)),
        metrics: RuntimeMetrics = RuntimeMetrics(), logger: Logger
    ) {
        self.name = name
        self.reconciler = reconciler
        self.workers = max(1, workers)
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "controller"] = "\(name)"
        self.logger = logger
        self.queue = WorkQueue(
            clock: clock, failureBackoff: failureBackoff,
            onDepthChange: { depth in metrics.queueDepth(controller: name, depth: depth) })
        watches(primary) { [$0.key] }
    }

    /// Enqueues the keys `mapping` returns for every change of a `T` (before and after an update).
    public func watches<T: KubernetesObject>(
        _ informer: Informer<T>, mapping: @escaping @Sendable (T) -> [ObjectKey]
    ) {
        readiness.withLock { $0.append({ await informer.store.waitUntilReady() }) }
        informer.subscribe { [queue] event in
            var keys = mapping(event.object)
            if case .updated(let old, _) = event { keys += mapping(old) }
            for key in Set(keys) { queue.add(key) }
        }
    }

    /// Enqueues the controller owner (of kind `R.Object`) of every changed `T`: a hand-edited or deleted child wakes
    /// its owner, which repairs it.
    public func owns<T: KubernetesObject>(_ informer: Informer<T>) {
        let ownerKind = R.Object.resource
        watches(informer) { child in
            guard let owner = child.metadata.controllerReference, owner.kind == ownerKind.kind,
                owner.apiVersion == ownerKind.apiVersion
            else { return [] }
            return [ObjectKey(namespace: ownerKind.namespaced ? child.metadata.namespace : nil, name: owner.name)]
        }
    }

    /// Enqueues `key` now (e.g. when a pipeline reports progress for its object).
    public func enqueue(_ key: ObjectKey) { queue.add(key) }

    /// Enqueues `key` after `delay`.
    public func enqueue(_ key: ObjectKey, after delay: Duration) { queue.add(key, after: delay) }

    /// Suspends until every wired informer has listed once, or until the calling task is cancelled.
    public func waitUntilReady() async {
        for wait in readiness.withLock({ $0 }) { await wait() }
    }

    public func run() async throws {
        await waitUntilReady()
        // Cancelled before the caches synced (shutdown during start-up): no worker has started, nothing to stop.
        if Task.isCancelled { return }
        logger.info("caches synced; starting workers", metadata: ["workers": "\(workers)"])
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.queue.run() }
                for _ in 0..<workers {
                    group.addTask { await self.work() }
                }
            }
        } onCancel: {
            queue.shutDown()
        }
    }

    private func work() async {
        while let key = await queue.next() {
            await process(key)
            queue.done(key)
        }
    }

    private func process(_ key: ObjectKey) async {
        let id = reconcileCounter.add(1, ordering: .relaxed).newValue
        var logger = self.logger
        logger[metadataKey: "object"] = "\(key)"
        logger[metadataKey: "reconcile.id"] = "\(id)"
        let context = ReconcileContext(logger: logger, failures: queue.failures(of: key))
        let start = ContinuousClock.now
        let result: String
        do {
            switch try await reconciler.reconcile(key, context: context) {
            case .done:
                queue.forget(key)
                result = "success"
            case .requeue(let delay):
                queue.forget(key)
                queue.add(key, after: delay)
                result = "requeue"
            }
        } catch let error as TerminalError {
            queue.forget(key)
            logger.info("not retrying until the object changes", metadata: ["reason": "\(error.reason)"])
            result = "terminal"
        } catch let error as KubeError where error.code == .conflict {
            // A conflict means the object changed after our cache read it (often by our own last write): the watch
            // event of that change is on its way and will wake this key with fresh data. Backing off would only
            // delay convergence; the short safety requeue covers a conflict on an object we do not watch.
            queue.add(key, after: conflictRetry)
            logger.debug("conflict; waiting for the newer version", metadata: ["message": "\(error.message)"])
            result = "conflict"
        } catch {
            let delay = queue.addAfterFailure(key)
            logger.warning("reconcile failed; retrying", metadata: ["error": "\(error)", "retryIn": "\(delay)"])
            result = "error"
        }
        metrics.reconciled(controller: name, result: result, duration: ContinuousClock.now - start)
    }
}
