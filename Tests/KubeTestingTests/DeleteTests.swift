import Foundation
import KubeClient
import KubeCore
import KubeTesting
import Testing

@Suite("FakeKubeAPI: delete, finalizers and garbage collection")
struct DeleteTests {
    @Test func deleteRemovesTheObject() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a"))
        try await api.delete(ConfigMap.self, key("a"))
        #expect(try await api.getIfPresent(ConfigMap.self, key("a")) == nil)
        await expectCode(.notFound) { try await api.delete(ConfigMap.self, key("a")) }
        try await api.deleteIfPresent(ConfigMap.self, key("a"))
    }

    @Test func deletePreconditionMismatchConflicts() async throws {
        let api = makeAPI()
        let live = try await api.create(configMap("a"))
        await expectCode(.conflict) {
            try await api.delete(ConfigMap.self, key("a"), options: DeleteOptions(preconditions: .init(uid: "other")))
        }
        await expectCode(.conflict) {
            try await api.delete(
                ConfigMap.self, key("a"), options: DeleteOptions(preconditions: .init(resourceVersion: "99")))
        }
        #expect(api.object(ConfigMap.resource, key("a")) != nil)
        try await api.delete(
            ConfigMap.self, key("a"),
            options: DeleteOptions(preconditions: .init(uid: live.metadata.uid, resourceVersion: "1")))
        #expect(api.object(ConfigMap.resource, key("a")) == nil)
    }

    @Test func finalizerDelaysDeletion() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a", finalizers: ["finops.krateo.io/pipelines"]))
        let lines = try await watchLines(api, options: WatchOptions(resourceVersion: "1", allowWatchBookmarks: false)) {
            try await api.delete(ConfigMap.self, key("a"))
            let marked = try await api.get(ConfigMap.self, key("a"))
            #expect(marked.metadata.deletionTimestamp == fixedDate)
            #expect(marked.metadata.isBeingDeleted)

            // Deleting again changes nothing while the finalizer holds it.
            try await api.delete(ConfigMap.self, key("a"))
            #expect(try await api.get(ConfigMap.self, key("a")).metadata.resourceVersion == "2")

            var released = marked
            released.metadata.finalizers = []
            _ = try await api.replace(released)
            #expect(try await api.getIfPresent(ConfigMap.self, key("a")) == nil)
        }
        #expect(lines == ["MODIFIED ns/a@2", "DELETED ns/a@3"])
    }

    @Test func noNewFinalizersOnAnObjectBeingDeleted() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a", finalizers: ["one"]))
        try await api.delete(ConfigMap.self, key("a"))
        await expectCode(.invalid) {
            try await api.patch(ConfigMap.self, key("a"), .merge(["metadata": ["finalizers": ["one", "two"]]]))
        }
    }

    @Test func deletingOwnerCollectsDependents() async throws {
        let api = makeAPI()
        let owner = try await api.create(deployment("web"))
        let child = try await api.create(configMap("child", owners: [ownerReference(to: owner)]))
        _ = try await api.create(configMap("grandchild", owners: [ownerReference(to: child)]))
        _ = try await api.create(configMap("bystander"))

        let lines = try await watchLines(api, options: WatchOptions(resourceVersion: "4", allowWatchBookmarks: false)) {
            try await api.delete(Deployment.self, key("web"))
        }
        #expect(lines == ["DELETED ns/child@6", "DELETED ns/grandchild@7"])
        #expect(try api.objects(ConfigMap.self).map(\.metadata.name) == ["bystander"])
    }

    @Test func dependentWithFinalizerIsMarkedAndCollectedWhenReleased() async throws {
        let api = makeAPI()
        let owner = try await api.create(configMap("owner"))
        _ = try await api.create(configMap("held", owners: [ownerReference(to: owner)], finalizers: ["keep"]))
        try await api.delete(ConfigMap.self, key("owner"))

        let held = try #require(try api.object(ConfigMap.self, key("held")))
        #expect(held.metadata.isBeingDeleted)
        _ = try await api.patch(ConfigMap.self, key("held"), .json([.remove("/metadata/finalizers")]))
        #expect(api.object(ConfigMap.resource, key("held")) == nil)
    }

    @Test func releasingTheLastFinalizerOfAnOwnerCollectsItsDependents() async throws {
        let api = makeAPI()
        let owner = try await api.create(configMap("owner", finalizers: ["keep"]))
        _ = try await api.create(configMap("child", owners: [ownerReference(to: owner)]))
        try await api.delete(ConfigMap.self, key("owner"))
        #expect(api.object(ConfigMap.resource, key("child")) != nil)

        _ = try await api.patch(ConfigMap.self, key("owner"), .merge(["metadata": ["finalizers": nil]]))
        #expect(api.objects(ConfigMap.resource).isEmpty)
    }

    @Test func dependentWithAnotherLiveOwnerOnlyLosesTheReference() async throws {
        let api = makeAPI()
        let first = try await api.create(configMap("first"))
        let second = try await api.create(configMap("second"))
        var shared = configMap("shared")
        shared.metadata.ownerReferences = [
            OwnerReference(apiVersion: "v1", kind: "ConfigMap", name: "first", uid: first.metadata.uid!),
            OwnerReference(apiVersion: "v1", kind: "ConfigMap", name: "second", uid: second.metadata.uid!),
        ]
        _ = try await api.create(shared)

        try await api.delete(ConfigMap.self, key("first"))
        let kept = try #require(try api.object(ConfigMap.self, key("shared")))
        #expect(kept.metadata.ownerReferences?.map(\.name) == ["second"])

        try await api.delete(ConfigMap.self, key("second"))
        #expect(api.object(ConfigMap.resource, key("shared")) == nil)
    }

    @Test func orphanPropagationKeepsDependents() async throws {
        let api = makeAPI()
        let owner = try await api.create(configMap("owner"))
        _ = try await api.create(configMap("child", owners: [ownerReference(to: owner)]))
        try await api.delete(ConfigMap.self, key("owner"), options: DeleteOptions(propagationPolicy: .orphan))

        let child = try #require(try api.object(ConfigMap.self, key("child")))
        #expect(child.metadata.ownerReferences == nil)
    }
}
