import FinOpsAPI
import FinOpsControllers
import KubeCore
import KubeTesting
import Testing

/// An ExporterScraperConfig from creation to deletion, on the operator's real wiring over the fake API.
@Suite struct ExporterScraperLifecycleTests {
    /// Everything a current-shape ESC with scraping needs: endpoint Secret, DatabaseConfig and its password Secret.
    static func createReferencedObjects(_ h: ControllerHarness) throws {
        try h.create(Fixture.endpointSecret())
        try h.create(Fixture.passwordSecret())
        try h.create(Fixture.databaseConfig())
    }

    @Test func newConfigGetsThreeOwnedChildrenAndIsCreatingUntilTheDeploymentIsAvailable() async throws {
        try await ControllerHarness.run { h in
            try Self.createReferencedObjects(h)
            let esc = try h.create(Fixture.currentESC())
            let uid = try #require(esc.metadata.uid)

            let status = try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            #expect(status.conditions[type: ConditionType.synced]?.status == .true)
            #expect(status.conditions[type: ConditionType.synced]?.reason == ConditionReason.reconcileSuccess)
            #expect(
                status.conditions[type: ConditionType.exporterAvailable]?.reason
                    == ConditionReason.deploymentUnavailable)
            #expect(status.observedGeneration == esc.metadata.generation)

            let configMap = try #require(try h.configMap(of: Fixture.escKey))
            let deployment = try #require(try h.deployment(of: Fixture.escKey))
            let service = try #require(try h.service(of: Fixture.escKey))
            for metadata in [configMap.metadata, deployment.metadata, service.metadata] {
                #expect(metadata.controllerReference?.uid == uid)
                #expect(metadata.controllerReference?.kind == "ExporterScraperConfig")
                #expect(metadata.labels?["scraper"] == "costs")
            }
            #expect(status.activeExporter == ChildReference(to: deployment))
            #expect(status.configMap == ChildReference(to: configMap))
            #expect(status.service == ChildReference(to: service))
            #expect(status.exporterEndpoint == "http://costs-service.finops.svc:2112/metrics")

            // The API calls that made it: one apply per child and the status; no deletes, no Event for Creating.
            try await h.settle()
            let escWrites = Set(
                h.writes.filter { !$0.contains("databaseconfigs") && !$0.hasPrefix("create events finops/db.") })
            #expect(
                escWrites == [
                    "patch(apply) configmaps finops/costs-configmap",
                    "patch(apply) deployments.apps finops/costs-deployment",
                    "patch(apply) services finops/costs-service",
                    "replace exporterscraperconfigs.finops.krateo.io finops/costs/status",
                ])
            #expect(h.pipelines.supervisor.wantedPipelines[Fixture.escKey] != nil)
        }
    }

    @Test func availableDeploymentMakesTheConfigReady() async throws {
        try await ControllerHarness.run { h in
            try Self.createReferencedObjects(h)
            let esc = try h.create(Fixture.currentESC())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)

            try h.api.markDeploymentAvailable(Fixture.child(Fixture.escKey, ExporterChildren.deploymentName))

            let status = try await h.waitFor(Fixture.escKey, ConditionType.ready, .true, ConditionReason.available)
            #expect(status.conditions[type: ConditionType.exporterAvailable]?.status == .true)
            #expect(
                status.conditions[type: ConditionType.exporterAvailable]?.reason == ConditionReason.deploymentAvailable)
            #expect(status.conditions[type: ConditionType.synced]?.reason == ConditionReason.reconcileSuccess)
            #expect(status.observedGeneration == esc.metadata.generation)
            #expect(status.conditions.allSatisfy { $0.observedGeneration == esc.metadata.generation })
            #expect(status.exporterEndpoint == "http://costs-service.finops.svc:2112/metrics")
        }
    }

    @Test func reconcileWithNothingChangedMakesNoAPICalls() async throws {
        try await ControllerHarness.run { h in
            try Self.createReferencedObjects(h)
            try h.create(Fixture.currentESC())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            try h.api.markDeploymentAvailable(Fixture.child(Fixture.escKey, ExporterChildren.deploymentName))
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .true, ConditionReason.available)
            try await h.settle()

            h.api.clearRequests()
            let before = h.pipelines.ensures(of: Fixture.escKey)
            h.controllers.exporterScrapers.enqueue(Fixture.escKey)
            try await h.barrier()

            #expect(h.pipelines.ensures(of: Fixture.escKey) == before + 1, "the reconcile ran to the pipeline step")
            #expect(h.api.requests.isEmpty, "\(h.api.requests)")
        }
    }

    @Test func olderShapeConfigMountsItsBearerTokenSecretAndBecomesReady() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.bearerTokenSecret())
            try h.create(Fixture.passwordSecret())
            try h.create(Fixture.databaseConfig())
            try h.create(Fixture.olderESC())
            try await h.waitFor(Fixture.olderKey, ConditionType.ready, .false, ConditionReason.creating)

            let deployment = try #require(try h.deployment(of: Fixture.olderKey))
            let pod = try #require(deployment.spec?.template.spec)
            #expect(pod.volumes?.contains { $0.secret?.secretName == "bearer-token" } == true)
            let config = try #require(try h.configMap(of: Fixture.olderKey)?.data?[ExporterChildren.configFileName])
            #expect(config.contains("url: https://management.azure.com/subscriptions/<subscription_id>/costs"))
            #expect(config.contains("pollingIntervalSeconds: 7200"))
            #expect(config.contains("mountPath: /secrets/bearer-token"))

            try h.api.markDeploymentAvailable(Fixture.child(Fixture.olderKey, ExporterChildren.deploymentName))
            try await h.waitFor(Fixture.olderKey, ConditionType.ready, .true, ConditionReason.available)
        }
    }

    @Test func deletingTheConfigCollectsItsChildrenAndStopsItsPipeline() async throws {
        try await ControllerHarness.run { h in
            try Self.createReferencedObjects(h)
            try h.create(Fixture.currentESC())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            try await h.settle()
            #expect(h.pipelines.supervisor.wantedPipelines[Fixture.escKey] != nil)

            try await h.delete(ExporterScraperConfig.self, Fixture.escKey)

            try await eventually("the pipeline of the deleted config is no longer wanted") {
                h.pipelines.supervisor.wantedPipelines[Fixture.escKey] == nil
            }
            try await h.settle()
            #expect(try h.configMap(of: Fixture.escKey) == nil)
            #expect(try h.deployment(of: Fixture.escKey) == nil)
            #expect(try h.service(of: Fixture.escKey) == nil)
            #expect(
                h.pipelines.calls.last { $0 == .stop(Fixture.escKey) || $0 == .ensure(Fixture.escKey) }
                    == .stop(Fixture.escKey))
        }
    }
}
