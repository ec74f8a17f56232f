import FinOpsAPI
import FinOpsControllers
import KubeClient
import KubeCore
import KubeTesting
import Testing

/// Children drift (deleted, hand-edited, made by Krateo's operator) and the spec changes: the reconcile puts the
/// children back in shape, and rolls the exporter exactly when its configuration changes.
@Suite struct ExporterScraperRepairTests {
    /// An ESC whose children exist and whose controllers have nothing left to do.
    static func settledConfig(_ h: ControllerHarness) async throws -> ExporterScraperConfig {
        try ExporterScraperLifecycleTests.createReferencedObjects(h)
        let esc = try h.create(Fixture.currentESC())
        try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
        try await h.settle()
        return esc
    }

    enum Child: String, CaseIterable, Sendable {
        case configMap, deployment, service
    }

    @Test(arguments: Child.allCases)
    func deletedChildIsRecreated(_ child: Child) async throws {
        try await ControllerHarness.run { h in
            let esc = try await Self.settledConfig(h)
            func uid() throws -> String? {
                switch child {
                case .configMap: return try h.configMap(of: Fixture.escKey)?.metadata.uid
                case .deployment: return try h.deployment(of: Fixture.escKey)?.metadata.uid
                case .service: return try h.service(of: Fixture.escKey)?.metadata.uid
                }
            }
            let original = try #require(try uid())

            switch child {
            case .configMap:
                try await h.delete(
                    core.v1.ConfigMap.self, Fixture.child(Fixture.escKey, ExporterChildren.configMapName))
            case .deployment:
                try await h.delete(
                    apps.v1.Deployment.self, Fixture.child(Fixture.escKey, ExporterChildren.deploymentName))
            case .service:
                try await h.delete(core.v1.Service.self, Fixture.child(Fixture.escKey, ExporterChildren.serviceName))
            }

            try await eventually("the \(child) is recreated") { try uid().map { $0 != original } ?? false }
            try await h.settle()
            let owners = [
                try h.configMap(of: Fixture.escKey)?.metadata, try h.deployment(of: Fixture.escKey)?.metadata,
                try h.service(of: Fixture.escKey)?.metadata,
            ].map { $0?.controllerReference?.uid }
            #expect(owners == Array(repeating: esc.metadata.uid, count: 3))
            // The status points at the new child.
            let status = try #require(try h.esc(Fixture.escKey)?.status)
            let referenced = [status.configMap?.uid, status.activeExporter?.uid, status.service?.uid]
            #expect(referenced.contains(try uid()))
        }
    }

    @Test func handEditedDeploymentImageIsRepaired() async throws {
        try await ControllerHarness.run { h in
            _ = try await Self.settledConfig(h)
            let key = Fixture.child(Fixture.escKey, ExporterChildren.deploymentName)
            let uid = try h.deployment(of: Fixture.escKey)?.metadata.uid
            h.api.clearRequests()

            try h.edit(apps.v1.Deployment.self, key) {
                $0.spec?.template.spec?.containers[0].image = "evil/miner:latest"
            }

            try await eventually("the image is set back") {
                try h.deployment(of: Fixture.escKey)?.spec?.template.spec?.containers.first?.image
                    == ControllerHarness.image
            }
            try await h.settle()
            #expect(try h.deployment(of: Fixture.escKey)?.metadata.uid == uid, "repaired in place, not recreated")
            #expect(Set(h.writes) == ["patch(apply) deployments.apps finops/costs-deployment"])
        }
    }

    @Test func handEditedConfigFileIsRepaired() async throws {
        try await ControllerHarness.run { h in
            _ = try await Self.settledConfig(h)
            let key = Fixture.child(Fixture.escKey, ExporterChildren.configMapName)
            let original = try #require(try h.configMap(of: Fixture.escKey)?.data?[ExporterChildren.configFileName])
            h.api.clearRequests()

            try h.edit(core.v1.ConfigMap.self, key) {
                $0.data?[ExporterChildren.configFileName] = "version: tampered\n"
            }

            try await eventually("config.yaml is set back") {
                try h.configMap(of: Fixture.escKey)?.data?[ExporterChildren.configFileName] == original
            }
            try await h.settle()
            #expect(Set(h.writes) == ["patch(apply) configmaps finops/costs-configmap"])
        }
    }

    @Test func specChangeRewritesTheConfigFileAndRollsTheDeployment() async throws {
        try await ControllerHarness.run { h in
            _ = try await Self.settledConfig(h)
            let hash = try #require(try h.configHash(of: Fixture.escKey))
            let config = try #require(try h.configMap(of: Fixture.escKey)?.data?[ExporterChildren.configFileName])
            #expect(config.contains("pollingIntervalSeconds: 3600"))

            try h.edit(ExporterScraperConfig.self, Fixture.escKey) { $0.spec.exporterConfig?.pollingInterval = "30m" }

            try await eventually("the config file has the new interval") {
                try h.configMap(of: Fixture.escKey)?.data?[ExporterChildren.configFileName]?
                    .contains("pollingIntervalSeconds: 1800") == true
            }
            try await eventually("the pod template carries a new config hash") {
                try h.configHash(of: Fixture.escKey).map { $0 != hash } ?? false
            }
            try await h.settle()
            let status = try #require(try h.esc(Fixture.escKey)?.status)
            #expect(status.observedGeneration == 2)
            #expect(status.conditions[type: ConditionType.synced]?.status == .true)
            // The rolled Deployment has not reported the new generation available yet.
            #expect(status.conditions[type: ConditionType.ready]?.reason == ConditionReason.creating)
        }
    }

    @Test func labelOrStatusOnlyEditsOfTheConfigKeepTheConfigHash() async throws {
        try await ControllerHarness.run { h in
            _ = try await Self.settledConfig(h)
            let hash = try #require(try h.configHash(of: Fixture.escKey))
            h.api.clearRequests()

            try h.edit(ExporterScraperConfig.self, Fixture.escKey) { $0.metadata.labels = ["team": "finance"] }
            try await h.settle()
            var tampered = try #require(try h.esc(Fixture.escKey)?.status)
            tampered.exporterEndpoint = "http://elsewhere:2112/metrics"
            try h.api.setStatus(ExporterScraperConfig.self, Fixture.escKey, tampered)
            try await eventually("the controller writes its own status back") {
                try h.esc(Fixture.escKey)?.status?.exporterEndpoint == "http://costs-service.finops.svc:2112/metrics"
            }
            try await h.settle()

            #expect(try h.configHash(of: Fixture.escKey) == hash)
            #expect(try h.esc(Fixture.escKey)?.metadata.generation == 1)
            #expect(
                !h.writes.contains {
                    $0.contains("deployments") || $0.contains("configmaps") || $0.contains("services")
                })
        }
    }

    @Test func deploymentMadeByKrateoIsAdoptedInPlace() async throws {
        try await ControllerHarness.run { h in
            // What Krateo's operator left behind: Krateo's name and selector, no owner reference, none of our labels.
            let krateo = try h.create(
                apps.v1.Deployment(
                    metadata: ObjectMeta(
                        name: "costs-deployment", namespace: Fixture.namespace, labels: ["scraper": "costs"]),
                    spec: .init(
                        replicas: 1, selector: LabelSelector(matchLabels: ["scraper": "costs"]),
                        template: core.v1.PodTemplateSpec(
                            metadata: ObjectMeta(labels: ["scraper": "costs"]),
                            spec: core.v1.PodSpec(containers: [
                                core.v1.Container(
                                    name: "scraper",
                                    image: "ghcr.io/krateoplatformops/finops-prometheus-exporter-generic:0.4.0")
                            ])))))
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            let esc = try h.create(Fixture.currentESC())

            try await h.waitFor(Fixture.escKey, ConditionType.synced, .true)
            try await h.settle()

            let adopted = try #require(try h.deployment(of: Fixture.escKey))
            #expect(adopted.metadata.uid == krateo.metadata.uid, "the same object, not a recreated one")
            #expect(adopted.metadata.controllerReference?.uid == esc.metadata.uid)
            #expect(adopted.spec?.selector == LabelSelector(matchLabels: ["scraper": "costs"]))
            #expect(adopted.spec?.template.spec?.containers.map(\.image) == [ControllerHarness.image])
            #expect(adopted.metadata.labels?["app.kubernetes.io/managed-by"] == "finops-operator")
            #expect(!h.writes.contains { $0.hasPrefix("delete deployments") || $0.hasPrefix("create deployments") })
        }
    }
}
