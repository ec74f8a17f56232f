import Foundation
import KubeClient
import KubeCore
import KubeTesting
import Testing

@Suite("FakeKubeAPI: fault injection and request log")
struct FaultAndLogTests {
    @Test func faultFailsTheNextMatchingCallsThenDisarms() async throws {
        let api = makeAPI()
        try api.seed(configMap("a"))
        api.inject(.init(.get, ConfigMap.resource, name: "a", code: .tooManyRequests, times: 2))

        await expectCode(.notFound) { try await api.get(ConfigMap.self, key("b")) }  // another name passes through
        await expectCode(.tooManyRequests) { try await api.get(ConfigMap.self, key("a")) }
        #expect(api.activeFaults.first?.times == 1)
        await expectCode(.tooManyRequests) { try await api.get(ConfigMap.self, key("a")) }
        #expect(api.activeFaults.isEmpty)
        _ = try await api.get(ConfigMap.self, key("a"))
    }

    @Test func permanentFaultLastsUntilRemoved() async throws {
        let api = makeAPI()
        let id = api.inject(.init(.create, code: .forbidden, times: nil))
        for _ in 0..<3 { await expectCode(.forbidden) { try await api.create(configMap("a")) } }
        api.removeFault(id)
        _ = try await api.create(configMap("a"))
    }

    @Test func faultMatchesVerbResourceAndSubresource() async throws {
        let api = makeAPI()
        try api.seed(deployment("web"))
        api.inject(.init(.replace, Deployment.resource, subresource: "status", code: .conflict))
        var live = try await api.get(Deployment.self, key("web"))
        live.metadata.labels = ["a": "b"]
        live = try await api.replace(live)  // the main resource is not the status subresource
        await expectCode(.conflict) { try await api.replaceStatus(live) }
        _ = try await api.replaceStatus(live)
    }

    @Test func faultErrorsLookLikeServerAnswers() async throws {
        let api = makeAPI()
        api.inject(.init(.list, code: .gone))
        do {
            _ = try await api.list(ConfigMap.self, namespace: "ns")
            Issue.record("expected a failure")
        } catch let error as KubeError {
            #expect(error.code == .gone)
            #expect(error.httpStatus == 410)
            #expect(error.status?.reason == "Expired")
        }
    }

    @Test func serverDownFailsEveryCallAndComesBack() async throws {
        let api = makeAPI()
        try api.seed(configMap("a"))
        async let watching: Void = api.watch(ConfigMap.resource, namespace: "ns", options: WatchOptions()) { _ in }
        await api.waitForWatchers(ConfigMap.resource)

        api.goDown()
        #expect(api.isDown)
        do {
            try await watching
            Issue.record("the watch should have failed")
        } catch {
            #expect((error as? KubeError)?.code == .transport)
        }
        await expectCode(.transport) { try await api.get(ConfigMap.self, key("a")) }
        await expectCode(.transport) { try await api.create(configMap("b")) }
        await expectCode(.transport) {
            try await api.watch(ConfigMap.resource, namespace: "ns", options: WatchOptions()) { _ in }
        }

        api.comeBack()
        #expect(try await api.get(ConfigMap.self, key("a")).metadata.name == "a")
        #expect(api.object(ConfigMap.resource, key("b")) == nil)
    }

    @Test func requestLogRecordsEveryCallInOrder() async throws {
        let api = makeAPI()
        try api.seed(deployment("web"))  // helpers are not recorded
        try api.markDeploymentAvailable(key("web"))
        #expect(api.requests.isEmpty)

        _ = try await api.get(Deployment.self, key("web"))
        _ = try await api.list(ConfigMap.self, namespace: nil)
        _ = try await api.apply(configMap("cm"), fieldManager: "op")
        _ = try await api.patch(Deployment.self, key("web"), .merge(["status": ["replicas": 2]]), subresource: "status")
        _ = try await api.patch(ConfigMap.self, key("cm"), .json([.add("/data/x", "1")]))
        _ = try await api.create(configMap("other"))
        try await api.delete(ConfigMap.self, key("other"))
        await expectCode(.notFound) { try await api.delete(ConfigMap.self, key("other")) }

        #expect(
            api.requests.map(\.description) == [
                "get deployments.apps ns/web", "list configmaps *", "patch(apply) configmaps ns/cm",
                "patch(merge) deployments.apps ns/web/status", "patch(json) configmaps ns/cm",
                "create configmaps ns/other", "delete configmaps ns/other", "delete configmaps ns/other",
            ])
        #expect(api.writes.count == 6)
        #expect(
            api.writes.first
                == FakeKubeAPI.Request(.patch, ConfigMap.resource, namespace: "ns", name: "cm", patchKind: .apply))

        api.clearRequests()
        #expect(api.requests.isEmpty)
    }
}
