import FinOpsAPI
import FinOpsControllers
import KubeCore
import Testing

@Test func zzScratchWarnings() async throws {
    try await ControllerHarness.run { h in
        try ExporterScraperLifecycleTests.createReferencedObjects(h)
        try h.create(Fixture.currentESC())
        try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
        try h.api.markDeploymentAvailable(Fixture.child(Fixture.escKey, ExporterChildren.deploymentName))
        try await h.waitFor(Fixture.escKey, ConditionType.ready, .true, ConditionReason.available)
        try await h.settle()
        for line in h.logs.all where line.level >= .notice { print("LOG", line) }
        print("WRITES", h.writes)
    }
}
