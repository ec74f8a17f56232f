import Foundation
import KubeClient
import KubeCore
import KubeTesting
import Testing

@Suite("FakeKubeAPI: patch")
struct PatchTests {
    @Test func mergePatchMergesObjectsAndDeletesNulls() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a", data: ["keep": "1", "drop": "2"]))
        let patched = try await api.patch(
            ConfigMap.self, key("a"), .merge(["data": ["drop": nil, "new": "3"], "metadata": ["labels": ["x": "y"]]]))
        #expect(patched.data == ["keep": "1", "new": "3"])
        #expect(patched.metadata.labels == ["x": "y"])
        #expect(patched.metadata.resourceVersion == "2")
    }

    @Test func mergePatchWithStaleResourceVersionConflicts() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a"))
        _ = try await api.patch(ConfigMap.self, key("a"), .merge(["data": ["k": "2"]]))
        await expectCode(.conflict) {
            try await api.patch(
                ConfigMap.self, key("a"), .merge(["metadata": ["resourceVersion": "1"], "data": ["k": "3"]]))
        }
    }

    @Test func jsonPatchAppliesOperationsInOrder() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a", finalizers: ["one"]))
        let patched = try await api.patch(
            ConfigMap.self, key("a"),
            .json([
                .test("/metadata/finalizers/0", "one"), .add("/metadata/finalizers/-", "two"),
                .replace("/data/k", "w"), .remove("/metadata/finalizers/0"),
            ]))
        #expect(patched.metadata.finalizers == ["two"])
        #expect(patched.data == ["k": "w"])
    }

    @Test func jsonPatchTestFailureIsInvalid() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a"))
        await expectCode(.invalid) {
            try await api.patch(ConfigMap.self, key("a"), .json([.test("/data/k", "other"), .replace("/data/k", "x")]))
        }
        #expect(try await api.get(ConfigMap.self, key("a")).data == ["k": "v"])
        #expect(api.resourceVersion == "1")
    }

    @Test func patchThatDoesNotLeaveAnObjectIsInvalid() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a"))
        await expectCode(.invalid) { try await api.patch(ConfigMap.self, key("a"), .merge("not an object")) }
        await expectCode(.invalid) { try await api.patch(ConfigMap.self, key("a"), .json([.replace("", 42)])) }
        #expect(api.object(ConfigMap.resource, key("a"))?[path: ["data", "k"]] == "v")
    }

    @Test func patchingAMissingObjectIsNotFound() async throws {
        let api = makeAPI()
        await expectCode(.notFound) { try await api.patch(ConfigMap.self, key("ghost"), .merge(["data": ["k": "v"]])) }
        await expectCode(.notFound) { try await api.patch(ConfigMap.self, key("ghost"), .json([.add("/data", [:])])) }
    }

    @Test func applyCreatesAMissingObject() async throws {
        let api = makeAPI()
        let applied = try await api.apply(configMap("a"), fieldManager: "finops-operator")
        #expect(applied.metadata.uid == "uid-000001")
        #expect(applied.metadata.generation == 1)
        #expect(applied.data == ["k": "v"])
    }

    @Test func applyMergesOntoTheLiveObject() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a", labels: ["owner": "someone-else"], data: ["theirs": "1"]))
        let applied = try await api.apply(configMap("a", data: ["ours": "2"]), fieldManager: "finops-operator")
        #expect(applied.data == ["theirs": "1", "ours": "2"])
        #expect(applied.metadata.labels == ["owner": "someone-else"])

        let again = try await api.apply(configMap("a", data: ["ours": "2"]), fieldManager: "finops-operator")
        #expect(again.metadata.resourceVersion == applied.metadata.resourceVersion)
    }

    @Test func applyWithoutFieldManagerIsBadRequest() async throws {
        let api = makeAPI()
        let request = PatchRequest(kind: .apply, body: try KubeJSON.encode(configMap("a")))
        await expectCode(.badRequest) {
            try await api.patch(ConfigMap.resource, namespace: "ns", name: "a", subresource: nil, patch: request)
        }
        #expect(api.object(ConfigMap.resource, key("a")) == nil)
    }

    @Test func applyOfTheMainResourceIgnoresStatusAndTheStatusApplyIgnoresSpec() async throws {
        let api = makeAPI()
        var desired = deployment("web")
        desired.status = apps.v1.DeploymentStatus(
            observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1)
        let applied = try await api.apply(desired, fieldManager: "op")
        #expect(applied.status == nil)

        desired.spec?.replicas = 9
        let statusApplied = try await api.apply(desired, fieldManager: "op", subresource: "status")
        #expect(statusApplied.status?.availableReplicas == 1)
        #expect(statusApplied.spec?.replicas == 1)
        #expect(statusApplied.metadata.generation == 1)
    }

    @Test func mergePatchOfStatusSubresourceChangesOnlyStatus() async throws {
        let api = makeAPI()
        _ = try await api.create(deployment("web"))
        let patched = try await api.patch(
            Deployment.self, key("web"), .merge(["spec": ["replicas": 4], "status": ["replicas": 1]]),
            subresource: "status")
        #expect(patched.spec?.replicas == 1)
        #expect(patched.status?.replicas == 1)
    }

    @Test func specPatchBumpsGenerationAndMetadataPatchDoesNot() async throws {
        let api = makeAPI()
        _ = try await api.create(deployment("web"))
        let labelled = try await api.patch(Deployment.self, key("web"), .merge(["metadata": ["labels": ["a": "b"]]]))
        #expect(labelled.metadata.generation == 1)
        let scaled = try await api.patch(Deployment.self, key("web"), .merge(["spec": ["replicas": 2]]))
        #expect(scaled.metadata.generation == 2)
    }
}
