import KubeRuntime
import Logging
import ServiceLifecycle

/// Runs the informers on every replica and the controllers only on the leader.
///
/// Informers warm the caches of a standby replica, so that taking over costs no relist. On graceful shutdown the
/// controllers finish their current reconciles and the Lease is released so a standby takes over at once. A lost
/// lease ends the process with an error (the pod restarts as a candidate), because reconciles of a former leader
/// could otherwise overlap with the new one's.
public struct ControllerManager: Service {
    let controllers: OperatorControllers
    /// `nil` when leader election is off.
    let elector: LeaderElector?
    let logger: Logger

    public init(controllers: OperatorControllers, elector: LeaderElector?, logger: Logger) {
        self.controllers = controllers
        self.elector = elector
        self.logger = logger
    }

    /// Returns after a graceful shutdown once every informer and controller has stopped; throws when leadership is
    /// lost or a piece fails.
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for informer in controllers.informers {
                group.addTask { try await stopOnGracefulShutdown { try await informer.run() } }
            }
            group.addTask {
                let runControllers: @Sendable () async throws -> Void = {
                    try await stopOnGracefulShutdown {
                        try await withThrowingDiscardingTaskGroup { inner in
                            for controller in controllers.controllers {
                                inner.addTask { try await controller.run() }
                            }
                        }
                    }
                }
                if let elector {
                    logger.info("waiting for the leader lease")
                    try await elector.lead(runControllers)
                } else {
                    try await runControllers()
                }
            }
        }
    }
}

/// Runs `operation`, cancelling it on graceful shutdown. The cancellation is ours, so a `CancellationError` it ends
/// with then is a clean stop, not a failure that would make the process exit non-zero.
func stopOnGracefulShutdown(_ operation: @escaping @Sendable () async throws -> Void) async throws {
    do {
        try await cancelWhenGracefulShutdown(operation)
    } catch is CancellationError where Task.isShuttingDownGracefully {
    }
}
