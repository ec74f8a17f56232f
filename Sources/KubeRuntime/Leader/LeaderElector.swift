import Foundation
import KubeClient
import KubeCore
import Logging
import ServiceLifecycle
import Synchronization

/// Lease-based leader election (`coordination.k8s.io/v1`), so that of several replicas exactly one reconciles.
///
/// ``lead(_:)`` waits until this candidate holds the Lease, runs the body while renewing the Lease every
/// ``Settings/retryPeriod``, and cancels the body as soon as a renewal has not succeeded for
/// ``Settings/renewDeadline`` (then throws ``LeadershipLost``: the process should exit and restart as a candidate,
/// as controller-runtime does). When the body ends (shutdown), the Lease is released so a successor takes over at
/// once instead of waiting for expiry.
///
/// Guarantees: with `renewDeadline < leaseDuration` the body is cancelled before any other candidate may consider
/// the Lease expired (given comparable monotonic clocks), so two bodies never run concurrently; all Lease writes are
/// compare-and-swap on resourceVersion.
public struct LeaderElector: Sendable {
    public struct Settings: Sendable, Hashable {
        /// Namespace and name of the Lease.
        public var lease: ObjectKey
        /// Unique per process, e.g. the pod name plus a random suffix.
        public var identity: String
        /// How long a lease is valid without renewal (client-go default 15 s).
        public var leaseDuration: Duration = .seconds(15)
        /// How long the leader keeps trying to renew before giving up (10 s).
        public var renewDeadline: Duration = .seconds(10)
        /// Pause between attempts (2 s).
        public var retryPeriod: Duration = .seconds(2)

        public init(lease: ObjectKey, identity: String) {
            self.lease = lease
            self.identity = identity
        }
    }

    /// Thrown by ``lead(_:)`` when the Lease could not be renewed in time.
    public struct LeadershipLost: Error, Sendable, CustomStringConvertible {
        public var description: String { "lost the leader lease" }
    }

    private let api: any KubeAPI
    private let settings: Settings
    private let clock: AnyClock
    private let metrics: RuntimeMetrics
    private let logger: Logger

    public init(
        api: any KubeAPI, settings: Settings, clock: AnyClock = .continuous, metrics: RuntimeMetrics = RuntimeMetrics(),
        logger: Logger
    ) {
        self.api = api
        self.settings = settings
        self.clock = clock
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "lease"] = "\(settings.lease)"
        self.logger = logger
    }

    /// Waits for leadership, then runs `body` while holding it. Returns when `body` returns, or at once on a graceful
    /// shutdown while still waiting (a standby has nothing to hand over); throws ``LeadershipLost`` if the lease is
    /// lost first, or `CancellationError` when cancelled while waiting.
    public func lead(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let tracker: LeaseTracker
        do {
            tracker = try await cancelWhenGracefulShutdown {
                var tracker = LeaseTracker()
                while try await !self.tryAcquireOrRenew(&tracker) {
                    try await self.clock.sleep(for: self.settings.retryPeriod)
                }
                return tracker
            }
        } catch is CancellationError where Task.isShuttingDownGracefully {
            logger.info("stopped waiting for the leader lease: shutting down")
            return
        }
        logger.info("became leader", metadata: ["identity": "\(settings.identity)"])
        metrics.leading(true, identity: settings.identity)
        defer { metrics.leading(false, identity: settings.identity) }
        let renewer = tracker
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await body() }
                group.addTask { try await self.keepRenewing(renewer) }
                // The body finishing (or failing) ends the renewals; a lost lease ends the body.
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch let error as LeadershipLost {
            throw error
        } catch {
            await release()
            throw error
        }
        await release()
    }

    /// One attempt; returns whether we hold the lease afterwards.
    private func tryAcquireOrRenew(_ tracker: inout LeaseTracker) async throws -> Bool {
        do {
            let lease = try await api.getIfPresent(coordination.v1.Lease.self, settings.lease)
            let decision = tracker.decide(
                lease: lease, identity: settings.identity, leaseDuration: settings.leaseDuration, now: clock.now,
                wallNow: clock.wallNow())
            switch decision {
            case .create(let spec):
                let new = coordination.v1.Lease(
                    metadata: ObjectMeta(name: settings.lease.name, namespace: settings.lease.namespace), spec: spec)
                _ = try await api.create(new)
                return true
            case .update(let spec):
                guard var lease else { return false }
                lease.spec = spec
                _ = try await api.replace(lease)
                return true
            case .wait(let holder):
                logger.debug("lease held by another candidate", metadata: ["holder": "\(holder)"])
                return false
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            // Warning, not debug: a missing RBAC grant or namespace would otherwise loop silently.
            logger.warning("lease attempt failed", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Renews every `retryPeriod` until cancelled; throws ``LeadershipLost`` once no renewal has succeeded for
    /// `renewDeadline`.
    ///
    /// The deadline has a timer of its own instead of being checked after each attempt: an attempt that hangs (the
    /// HTTP request timeout is longer than a lease) must not keep the body running once others may take over.
    private func keepRenewing(_ tracker: LeaseTracker) async throws {
        let lastRenewal = LastRenewal(clock.now)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var tracker = tracker
                while true {
                    try await self.clock.sleep(for: self.settings.retryPeriod)
                    if try await self.tryAcquireOrRenew(&tracker) { lastRenewal.set(self.clock.now) }
                }
            }
            group.addTask {
                while true {
                    let deadline = lastRenewal.get().advanced(by: self.settings.renewDeadline)
                    if deadline <= self.clock.now {
                        self.logger.error("could not renew the leader lease in time; stepping down")
                        throw LeadershipLost()
                    }
                    try await self.clock.sleep(until: deadline)
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Gives the lease up so that another candidate can take it at once (client-go's ReleaseOnCancel).
    private func release() async {
        do {
            guard var lease = try await api.getIfPresent(coordination.v1.Lease.self, settings.lease),
                lease.spec?.holderIdentity == settings.identity
            else { return }
            lease.spec?.holderIdentity = ""
            lease.spec?.leaseDurationSeconds = 1
            _ = try await api.replace(lease)
            logger.info("released the leader lease")
        } catch {
            logger.debug("could not release the leader lease", metadata: ["error": "\(error)"])
        }
    }
}

/// When the lease was last renewed: written by the renewal loop, read by the deadline timer.
private final class LastRenewal: Sendable {
    private let instant: Mutex<AnyClock.Instant>

    init(_ instant: AnyClock.Instant) { self.instant = Mutex(instant) }

    func get() -> AnyClock.Instant { instant.withLock { $0 } }
    func set(_ new: AnyClock.Instant) { instant.withLock { $0 = new } }
}
