import Foundation
import KubeClient
import KubeCore
import KubeTesting
import Testing

@Suite("FakeKubeAPI: list")
struct ListTests {
    /// a{app=web,tier=front} b{app=web,tier=back} c{app=db} d{} in "ns"; e{app=web} in "other".
    func seeded() throws -> FakeKubeAPI {
        let api = makeAPI()
        try api.seed([
            configMap("a", labels: ["app": "web", "tier": "front"]),
            configMap("b", labels: ["app": "web", "tier": "back"]),
            configMap("c", labels: ["app": "db"]), configMap("d"),
            configMap("e", namespace: "other", labels: ["app": "web"]),
        ])
        return api
    }

    func names(_ list: ObjectList<ConfigMap>) -> [String] {
        list.items.map { "\($0.metadata.namespace ?? "")/\($0.metadata.name ?? "")" }
    }

    @Test func listsOneNamespaceOrAll() async throws {
        let api = try seeded()
        #expect(names(try await api.list(ConfigMap.self, namespace: "ns")) == ["ns/a", "ns/b", "ns/c", "ns/d"])
        #expect(
            names(try await api.list(ConfigMap.self, namespace: nil)) == ["ns/a", "ns/b", "ns/c", "ns/d", "other/e"])
    }

    @Test(arguments: [
        ("app=web", ["a", "b"]),
        ("app==web", ["a", "b"]),
        ("app!=web", ["c", "d"]),
        ("app", ["a", "b", "c"]),
        ("!app", ["d"]),
        ("app in (web, db)", ["a", "b", "c"]),
        ("tier notin (front)", ["b", "c", "d"]),
        ("app=web,tier=back", ["b"]),
        ("app in (web),!tier", []),
        ("", ["a", "b", "c", "d"]),
    ])
    func labelSelectorsSelectAsTheAPIServerDoes(selector: String, expected: [String]) async throws {
        let api = try seeded()
        let list = try await api.list(ConfigMap.self, namespace: "ns", options: ListOptions(labelSelector: selector))
        #expect(list.items.map { $0.metadata.name ?? "" } == expected)
    }

    @Test func fieldSelectorsOnNameAndNamespace() async throws {
        let api = try seeded()
        let byName = try await api.list(
            ConfigMap.self, namespace: nil, options: ListOptions(fieldSelector: "metadata.name=a"))
        #expect(names(byName) == ["ns/a"])
        let notNs = try await api.list(
            ConfigMap.self, namespace: nil, options: ListOptions(fieldSelector: "metadata.namespace!=ns"))
        #expect(names(notNs) == ["other/e"])
        let both = try await api.list(
            ConfigMap.self, namespace: nil,
            options: ListOptions(labelSelector: "app=web", fieldSelector: "metadata.namespace==ns,metadata.name!=a"))
        #expect(names(both) == ["ns/b"])
    }

    @Test func malformedSelectorsAreBadRequests() async throws {
        let api = try seeded()
        for options in [
            ListOptions(labelSelector: "app in web"), ListOptions(labelSelector: "app=web,"),
            ListOptions(labelSelector: "=web"), ListOptions(fieldSelector: "spec.foo=bar"),
            ListOptions(fieldSelector: "metadata.name"),
        ] {
            await expectCode(.badRequest) { try await api.list(ConfigMap.self, namespace: "ns", options: options) }
        }
    }

    @Test func listBodyIsAKindListWithTheCurrentResourceVersion() async throws {
        let api = try seeded()
        let raw = try KubeJSON.decode(
            JSONValue.self, from: try await api.list(ConfigMap.resource, namespace: "ns", options: ListOptions()))
        #expect(raw["kind"] == "ConfigMapList")
        #expect(raw["apiVersion"] == "v1")
        #expect(raw[path: ["metadata", "resourceVersion"]] == "5")
        let first = try #require(raw["items"]?.arrayValue?.first)
        #expect(first["kind"] == "ConfigMap")
        #expect(first[path: ["data", "k"]] == "v")
    }

    @Test func paginationFollowsContinue() async throws {
        let api = try seeded()
        let first = try await api.list(ConfigMap.self, namespace: nil, options: ListOptions(limit: 2))
        #expect(names(first) == ["ns/a", "ns/b"])
        #expect(first.metadata.remainingItemCount == 3)
        let token = try #require(first.metadata.continue)

        _ = try await api.create(configMap("f", namespace: "other"))
        let second = try await api.list(ConfigMap.self, namespace: nil, options: ListOptions(limit: 2, continue: token))
        #expect(names(second) == ["ns/c", "ns/d"])
        #expect(second.metadata.resourceVersion == first.metadata.resourceVersion)

        let last = try await api.list(
            ConfigMap.self, namespace: nil, options: ListOptions(limit: 2, continue: second.metadata.continue))
        #expect(names(last) == ["other/e", "other/f"])
        #expect(last.metadata.continue == nil)

        let all = try await api.listAll(ConfigMap.self, namespace: "ns", options: ListOptions(limit: 1))
        #expect(names(all) == ["ns/a", "ns/b", "ns/c", "ns/d"])
        #expect(all.metadata.resourceVersion == "6")
    }

    @Test func continueTokenFromBeforeACompactionIsExpired() async throws {
        let api = try seeded()
        let first = try await api.list(ConfigMap.self, namespace: "ns", options: ListOptions(limit: 1))
        _ = try await api.create(configMap("z"))
        api.compactHistory()
        await expectCode(.gone) {
            try await api.list(
                ConfigMap.self, namespace: "ns", options: ListOptions(limit: 1, continue: first.metadata.continue))
        }
        await expectCode(.badRequest) {
            try await api.list(ConfigMap.self, namespace: "ns", options: ListOptions(continue: "not a token"))
        }
    }
}
