import Foundation
import KubeClient
import KubeCore
import KubeTesting
import Testing

@Suite("FakeKubeAPI: replace (PUT)")
struct ReplaceTests {
    @Test func staleResourceVersionConflicts() async throws {
        let api = makeAPI()
        let created = try await api.create(configMap("a"))
        var first = created
        first.data = ["k": "first"]
        _ = try await api.replace(first)

        var second = created  // still carries resourceVersion 1
        second.data = ["k": "second"]
        await expectCode(.conflict) { try await api.replace(second) }
        #expect(try await api.get(ConfigMap.self, key("a")).data == ["k": "first"])
    }

    @Test func replaceWithoutResourceVersionIsUnconditional() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a"))
        var blind = configMap("a", data: ["k": "blind"])
        blind.metadata.resourceVersion = nil
        let replaced = try await api.replace(blind)
        #expect(replaced.data == ["k": "blind"])
        #expect(replaced.metadata.resourceVersion == "2")
        #expect(replaced.metadata.uid == "uid-000001")
    }

    @Test func replacingAMissingObjectIsNotFound() async throws {
        let api = makeAPI()
        await expectCode(.notFound) { try await api.replace(configMap("ghost")) }
    }

    @Test func replaceKeepsStatusWhenTheResourceHasAStatusSubresource() async throws {
        let api = makeAPI()
        _ = try await api.create(deployment("web"))
        try api.markDeploymentAvailable(key("web"))
        var live = try await api.get(Deployment.self, key("web"))
        live.status = nil
        live.spec?.replicas = 3

        let replaced = try await api.replace(live)
        #expect(replaced.status?.availableReplicas == 1)
        #expect(replaced.spec?.replicas == 3)
        #expect(replaced.metadata.generation == 2)
    }

    @Test func statusSubresourceIgnoresSpecChanges() async throws {
        let api = makeAPI()
        var live = try await api.create(deployment("web"))
        live.spec?.replicas = 5
        live.metadata.labels = ["sneaky": "true"]
        live.status = apps.v1.DeploymentStatus(
            observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1)

        let updated = try await api.replaceStatus(live)
        #expect(updated.spec?.replicas == 1)
        #expect(updated.metadata.labels == nil)
        #expect(updated.status?.availableReplicas == 1)
        #expect(updated.metadata.generation == 1)
        #expect(updated.metadata.resourceVersion == "2")
    }

    @Test func statusSubresourceOfAResourceWithoutOneIsNotFound() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a"))
        let body = try KubeJSON.encode(configMap("a"))
        await expectCode(.notFound) {
            try await api.replace(ConfigMap.resource, namespace: "ns", name: "a", subresource: "status", body: body)
        }
    }

    @Test func generationMovesOnlyWhenSomethingOutsideMetadataChanges() async throws {
        let api = makeAPI()
        var live = try await api.create(deployment("web"))
        live.metadata.labels = ["team": "finops"]
        live = try await api.replace(live)
        #expect(live.metadata.generation == 1)
        #expect(live.metadata.resourceVersion == "2")

        live.spec?.template.spec?.containers[0].image = "exporter:2.0"
        live = try await api.replace(live)
        #expect(live.metadata.generation == 2)
        #expect(live.metadata.resourceVersion == "3")
    }

    @Test func unchangedWriteKeepsResourceVersionAndEmitsNoEvent() async throws {
        let api = makeAPI()
        let created = try await api.create(configMap("a"))
        let lines = try await watchLines(api, options: WatchOptions(resourceVersion: "1", allowWatchBookmarks: false)) {
            let again = try await api.replace(created)
            #expect(again.metadata.resourceVersion == "1")
            let patched = try await api.patch(ConfigMap.self, key("a"), .merge(["data": ["k": "v"]]))
            #expect(patched.metadata.resourceVersion == "1")
        }
        #expect(lines.isEmpty)
        #expect(api.resourceVersion == "1")
    }

    @Test func serverManagedMetadataCannotBeChangedByAnUpdate() async throws {
        let api = makeAPI()
        var live = try await api.create(configMap("a"))
        live.metadata.uid = "forged"
        live.metadata.generation = 42
        live.metadata.creationTimestamp = Date(timeIntervalSince1970: 0)
        live.metadata.deletionTimestamp = fixedDate
        live.data = ["k": "changed"]

        let replaced = try await api.replace(live)
        #expect(replaced.metadata.uid == "uid-000001")
        #expect(replaced.metadata.generation == 2)
        #expect(replaced.metadata.creationTimestamp == fixedDate)
        #expect(replaced.metadata.deletionTimestamp == nil)
    }

    @Test func bodyNameMustMatchTheURL() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a"))
        let body = try KubeJSON.encode(configMap("b"))
        await expectCode(.badRequest) {
            try await api.replace(ConfigMap.resource, namespace: "ns", name: "a", subresource: nil, body: body)
        }
    }
}
