import FinOpsControllers
import Foundation
import KubeCore
import KubeRuntime
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

/// How the operator's controller manager ends: SIGTERM is a graceful shutdown, and it must end the process with exit
/// code 0 (a non-zero exit makes Kubernetes count a crash and delays the standby's takeover).
@Suite(.timeLimit(.minutes(1)))
struct ControllerManagerTests {
    static let lease = ObjectKey(namespace: "default", name: "finops-operator-leader")

    /// Every piece the manager runs — informers, controllers and the exporter status monitor — stops cleanly, and
    /// the leader gives its Lease back so a standby takes over at once.
    @Test(arguments: [true, false])
    func gracefulShutdownIsACleanStop(leaderElection: Bool) async throws {
        let h = ControllerHarness(exporterStatus: { _ in throw CancellationError() })
        let elector =
            leaderElection
            ? LeaderElector(
                api: h.api, settings: .init(lease: Self.lease, identity: "replica-1"), clock: h.clock.anyClock,
                logger: h.logs.logger())
            : nil
        let manager = ControllerManager(controllers: h.controllers, elector: elector, logger: h.logs.logger())
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await manager.run() }
                try await eventually("the controllers run") {
                    h.controllers.caches.isReady && h.logs.count("caches synced; starting workers") >= 5
                }
                trigger.triggerGracefulShutdown()
                // Throws (failing the test) if any piece ends its run with an error, CancellationError included.
                try await group.waitForAll()
            }
        }
        if leaderElection {
            let lease = try h.api.object(coordination.v1.Lease.self, Self.lease)
            #expect(lease?.spec?.holderIdentity == "")
        }
    }
}
