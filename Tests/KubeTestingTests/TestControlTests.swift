import Foundation
import KubeClient
import KubeCore
import KubeTesting
import Testing

@Suite("FakeKubeAPI: test helpers and server defaults")
struct TestControlTests {
    @Test func seedBypassesFaultsAndLogAndKeepsStatus() async throws {
        let api = makeAPI()
        api.inject(.init(code: .serverError, times: nil))
        var seeded = deployment("web")
        seeded.status = apps.v1.DeploymentStatus(
            observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1)
        let stored = try api.seed(seeded)
        #expect(stored.status?.availableReplicas == 1)
        #expect(stored.metadata.uid == "uid-000001")
        #expect(api.requests.isEmpty)
    }

    @Test func seedReplacesAnExistingObject() async throws {
        let api = makeAPI()
        try api.seed(configMap("a", data: ["k": "1"]))
        let replaced = try api.seed(configMap("a", data: ["k": "2"]))
        #expect(replaced.data == ["k": "2"])
        #expect(replaced.metadata.uid == "uid-000001")
        #expect(replaced.metadata.resourceVersion == "2")
    }

    @Test func seedKeepsFixtureTimestamps() async throws {
        let api = makeAPI()
        var dying = configMap("dying", finalizers: ["finops.krateo.io/pipelines"])
        dying.metadata.creationTimestamp = Date(timeIntervalSince1970: 0)
        dying.metadata.deletionTimestamp = fixedDate
        let stored = try api.seed(dying)
        #expect(stored.metadata.creationTimestamp == Date(timeIntervalSince1970: 0))
        #expect(stored.metadata.isBeingDeleted)

        // Removing the finalizer through the API completes the deletion.
        _ = try await api.patch(ConfigMap.self, key("dying"), .merge(["metadata": ["finalizers": nil]]))
        #expect(api.object(ConfigMap.resource, key("dying")) == nil)
    }

    @Test func objectReadsTheStoreWithoutARequest() async throws {
        let api = makeAPI()
        #expect(api.object(ConfigMap.resource, key("a")) == nil)
        try api.seed(configMap("a"))
        #expect(api.object(ConfigMap.resource, key("a"))?[path: ["data", "k"]] == "v")
        #expect(try api.object(ConfigMap.self, key("a"))?.data == ["k": "v"])
        #expect(try api.objects(ConfigMap.self, namespace: "ns").count == 1)
        #expect(api.requests.isEmpty)
    }

    @Test func markDeploymentAvailableMakesItAvailable() async throws {
        let api = makeAPI()
        _ = try await api.create(deployment("web", replicas: 2))
        #expect(try await api.get(Deployment.self, key("web")).isAvailable == false)
        try api.markDeploymentAvailable(key("web"))
        let live = try await api.get(Deployment.self, key("web"))
        #expect(live.isAvailable)
        #expect(live.status?.availableReplicas == 2)

        // A new spec makes it unavailable again until the "Deployment controller" catches up.
        _ = try await api.patch(Deployment.self, key("web"), .merge(["spec": ["replicas": 3]]))
        #expect(try await api.get(Deployment.self, key("web")).isAvailable == false)
    }

    @Test func setStatusWritesThroughTheStatusSubresource() async throws {
        let api = makeAPI()
        _ = try await api.create(deployment("web"))
        try api.setStatus(
            Deployment.self, key("web"),
            apps.v1.DeploymentStatus(
                observedGeneration: 1, replicas: 1, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0))
        let live = try #require(try api.object(Deployment.self, key("web")))
        #expect(live.status?.updatedReplicas == 0)
        #expect(live.metadata.generation == 1)
        #expect(live.metadata.resourceVersion == "2")
    }

    @Test func editPlaysAnotherClientAndWatchersSeeIt() async throws {
        let api = makeAPI()
        _ = try await api.create(deployment("web"))
        let lines = try await watchLines(
            api, Deployment.resource, options: WatchOptions(resourceVersion: "1", allowWatchBookmarks: false)
        ) {
            try api.edit(Deployment.resource, key("web")) { $0["spec"]?["replicas"] = 7 }
        }
        #expect(lines == ["MODIFIED ns/web@2"])
        let live = try #require(try api.object(Deployment.self, key("web")))
        #expect(live.spec?.replicas == 7)
        #expect(live.metadata.generation == 2)
    }

    @Test func builtInDefaultsAreFilledAsTheAPIServerFillsThem() async throws {
        let api = makeAPI()
        _ = try await api.create(deployment("web"))
        let stored = try #require(api.object(Deployment.resource, key("web")))
        #expect(stored[path: ["spec", "revisionHistoryLimit"]] == 10)
        #expect(stored[path: ["spec", "strategy", "type"]] == "RollingUpdate")
        let container = try #require(stored[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first)
        #expect(container["imagePullPolicy"] == "IfNotPresent")

        let service = core.v1.Service(
            metadata: ObjectMeta(name: "svc", namespace: "ns"),
            spec: core.v1.ServiceSpec(
                selector: ["app": "web"], ports: [.init(name: "http", port: 2112, targetPort: nil)]))
        let created = try await api.create(service)
        let clusterIP = try #require(created.spec?.clusterIP)
        #expect(clusterIP.hasPrefix("10.96."))
        #expect(created.spec?.ports?.first?.targetPort == .int(2112))
        // An update that omits the allocated IP keeps it, and is then a no-op.
        let again = try await api.apply(service, fieldManager: "op")
        #expect(again.spec?.clusterIP == clusterIP)
        var replaced = service
        replaced.metadata.resourceVersion = nil
        #expect(try await api.replace(replaced).metadata.resourceVersion == created.metadata.resourceVersion)

        var secret = Secret(metadata: ObjectMeta(name: "token", namespace: "ns"))
        secret.stringData = ["token": "s3cr3t"]
        let storedSecret = try await api.create(secret)
        #expect(storedSecret.stringData == nil)
        #expect(storedSecret.string(forKey: "token") == "s3cr3t")
    }
}
