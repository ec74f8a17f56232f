import FinOpsAPI
import FinOpsControllers
import KubeCore
import KubeTesting
import Testing

/// Changes to what an ExporterScraperConfig references, or to its own scraper part, reach its children, status and
/// pipeline through the dependency watches, without any polling.
@Suite struct ExporterScraperDependencyTests {
    @Test func deletedEndpointSecretMakesTheConfigUnreadyAndKeepsTheExporter() async throws {
        try await ControllerHarness.run { h in
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            try h.create(Fixture.currentESC())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            try h.api.markDeploymentAvailable(Fixture.child(Fixture.escKey, ExporterChildren.deploymentName))
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .true, ConditionReason.available)
            let deploymentUID = try h.deployment(of: Fixture.escKey)?.metadata.uid

            try await h.delete(core.v1.Secret.self, Fixture.key("cost-endpoint"))
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.secretNotFound)
            #expect(try h.deployment(of: Fixture.escKey)?.metadata.uid == deploymentUID, "the exporter is left running")

            try h.create(Fixture.endpointSecret())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .true, ConditionReason.available)
            #expect(try h.deployment(of: Fixture.escKey)?.metadata.uid == deploymentUID)
            #expect(h.clock.now.offset == .zero)
        }
    }

    @Test func metricConfigChangeRewritesTheExporterConfigAndRollsIt() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.endpointSecret())
            try h.create(Fixture.providerConfig())
            try h.create(Fixture.resourceConfig())
            try h.create(Fixture.metricConfig())
            try h.create(Fixture.currentESC(database: nil, provider: "azure"))
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            try await h.settle()
            let hash = try #require(try h.configHash(of: Fixture.escKey))
            #expect(
                try h.configMap(of: Fixture.escKey)?.data?[ExporterChildren.configFileName]?.contains("interval: PT1H")
                    == true)

            try h.edit(MetricConfig.self, Fixture.key("cpu")) { $0.spec.interval = "PT15M" }

            try await eventually("the exporter's config has the new interval") {
                try h.configMap(of: Fixture.escKey)?.data?[ExporterChildren.configFileName]?.contains("interval: PT15M")
                    == true
            }
            try await eventually("the pod template has a new config hash") {
                try h.configHash(of: Fixture.escKey).map { $0 != hash } ?? false
            }
        }
    }

    @Test func removingTheScraperPartStopsThePipelineAndKeepsTheExporter() async throws {
        try await ControllerHarness.run { h in
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            try h.create(Fixture.currentESC())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            try h.api.markDeploymentAvailable(Fixture.child(Fixture.escKey, ExporterChildren.deploymentName))
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .true, ConditionReason.available)
            #expect(h.pipelines.supervisor.wantedPipelines[Fixture.escKey] != nil)

            try h.edit(ExporterScraperConfig.self, Fixture.escKey) { $0.spec.scraperConfig = nil }

            try await eventually("the scrape pipeline is no longer wanted") {
                h.pipelines.supervisor.wantedPipelines[Fixture.escKey] == nil
            }
            try await h.settle()
            #expect(try h.deployment(of: Fixture.escKey) != nil)
            #expect(try h.esc(Fixture.escKey)?.status?.observedGeneration == 2)
        }
    }

    @Test func childWeControlThatIsNoLongerDesiredIsDeleted() async throws {
        try await ControllerHarness.run { h in
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            let esc = try h.create(Fixture.currentESC())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            // A ConfigMap with our labels and controller reference under a name we no longer use (e.g. left by an
            // older version), and a user's ConfigMap that only carries our labels.
            var labels = try #require(try h.configMap(of: Fixture.escKey)?.metadata.labels)
            labels["extra"] = "yes"
            try h.create(
                core.v1.ConfigMap(
                    metadata: ObjectMeta(
                        name: "costs-configmap-v0", namespace: Fixture.namespace, labels: labels,
                        ownerReferences: [esc.controllerOwnerReference]),
                    data: ["config.yaml": "version: old\n"]))
            try h.create(
                core.v1.ConfigMap(
                    metadata: ObjectMeta(name: "users-own", namespace: Fixture.namespace, labels: labels),
                    data: ["note": "not ours"]))

            try await eventually("the stale child is deleted") {
                try h.api.object(core.v1.ConfigMap.self, Fixture.key("costs-configmap-v0")) == nil
            }
            try await h.settle()
            #expect(try h.api.object(core.v1.ConfigMap.self, Fixture.key("users-own")) != nil)
            #expect(try h.configMap(of: Fixture.escKey) != nil)
        }
    }

    @Test func namespaceScopedOperatorIgnoresOtherNamespaces() async throws {
        try await ControllerHarness.run(scope: .namespaces([Fixture.namespace])) { h in
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            var elsewhere = Fixture.currentESC("elsewhere", database: nil)
            elsewhere.metadata.namespace = "other"
            try h.create(elsewhere)
            try h.create(Fixture.currentESC())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            try await h.settle()
            #expect(try h.esc(ObjectKey(namespace: "other", name: "elsewhere"))?.status == nil)
            #expect(h.api.objects(apps.v1.Deployment.resource, namespace: "other").isEmpty)
        }
    }
}
