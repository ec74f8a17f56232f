import FinOpsAPI
import FinOpsControllers
import KubeCore
import KubeTesting
import Testing

/// The API server goes away and comes back: what changed meanwhile is reconciled once the watches resume.
@Suite struct APIOutageTests {
    @Test func specChangedDuringAnOutageIsReconciledAfterIt() async throws {
        try await ControllerHarness.run { h in
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            try h.create(Fixture.currentESC())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            try await h.settle()
            let hash = try #require(try h.configHash(of: Fixture.escKey))

            h.api.goDown()
            // The change lands while every watch is broken: no informer sees it as it happens.
            try h.edit(ExporterScraperConfig.self, Fixture.escKey) { $0.spec.exporterConfig?.pollingInterval = "30m" }
            try await eventually("every informer backs off") {
                h.clock.sleeperCount >= ControllerHarness.watchedResources.count
            }
            h.api.comeBack()

            // Time passes until every informer has reconnected (each waits its own jittered backoff).
            try await eventually("every informer watches again") {
                if h.clock.sleeperCount > 0 { h.clock.advance(by: .seconds(30)) }
                return ControllerHarness.watchedResources.allSatisfy { h.api.openWatchCount($0) >= 1 }
            }
            try await eventually("the config file has the new interval") {
                try h.configMap(of: Fixture.escKey)?.data?[ExporterChildren.configFileName]?
                    .contains("pollingIntervalSeconds: 1800") == true
            }
            try await eventually("the status describes generation 2") {
                try h.esc(Fixture.escKey)?.status?.observedGeneration == 2
            }
            #expect(try h.escCondition(Fixture.escKey, ConditionType.synced)?.status == .true)
            #expect(try h.configHash(of: Fixture.escKey) != hash)
        }
    }
}
