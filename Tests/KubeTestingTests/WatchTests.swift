import Foundation
import KubeClient
import KubeCore
import KubeTesting
import Synchronization
import Testing

@Suite("FakeKubeAPI: watch")
struct WatchTests {
    let quiet = WatchOptions(allowWatchBookmarks: false)

    @Test func watchWithoutResourceVersionStartsWithAddedForExistingObjects() async throws {
        let api = makeAPI()
        try api.seed([configMap("b"), configMap("a"), configMap("x", namespace: "other")])
        let lines = try await watchLines(api, options: quiet) {
            _ = try await api.create(configMap("c"))
            _ = try await api.patch(ConfigMap.self, key("a"), .merge(["data": ["k": "2"]]))
            try await api.delete(ConfigMap.self, key("b"))
        }
        #expect(lines == ["ADDED ns/a@2", "ADDED ns/b@1", "ADDED ns/c@4", "MODIFIED ns/a@5", "DELETED ns/b@6"])
    }

    @Test func watchFromResourceVersionZeroIsLikeNoResourceVersion() async throws {
        let api = makeAPI()
        try api.seed(configMap("a"))
        let lines = try await watchLines(api, options: WatchOptions(resourceVersion: "0", allowWatchBookmarks: false))
        #expect(lines == ["ADDED ns/a@1"])
    }

    @Test func watchResumesFromResourceVersion() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a"))
        _ = try await api.create(configMap("b"))
        _ = try await api.patch(ConfigMap.self, key("a"), .merge(["data": ["k": "2"]]))
        let lines = try await watchLines(api, options: WatchOptions(resourceVersion: "1", allowWatchBookmarks: false)) {
            try await api.delete(ConfigMap.self, key("a"))
        }
        #expect(lines == ["ADDED ns/b@2", "MODIFIED ns/a@3", "DELETED ns/a@4"])
    }

    @Test func watchFromCompactedVersionGetsExpired() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a"))
        _ = try await api.create(configMap("b"))
        api.compactHistory()

        let lines = Mutex<[String]>([])
        try await api.watch(ConfigMap.resource, namespace: "ns", options: WatchOptions(resourceVersion: "1")) { line in
            lines.withLock { $0.append(summary(line)) }
        }
        #expect(lines.withLock { $0 } == ["ERROR 410 Expired"])
        // From the compaction point on, resuming works again.
        #expect(
            try await watchLines(api, options: WatchOptions(resourceVersion: "2", allowWatchBookmarks: false)).isEmpty)
    }

    @Test func historyLimitCompactsTheOldestChanges() async throws {
        let api = makeAPI(historyLimit: 2)
        for name in ["a", "b", "c", "d"] { _ = try await api.create(configMap(name)) }
        let typed = Mutex<[String]>([])
        try await api.watch(ConfigMap.self, namespace: "ns", options: WatchOptions(resourceVersion: "1")) { event in
            if case .error(let status) = event {
                typed.withLock { $0.append("\(status.code ?? 0) \(status.reason ?? "")") }
            }
        }
        #expect(typed.withLock { $0 } == ["410 Expired"])
        let lines = try await watchLines(api, options: WatchOptions(resourceVersion: "2", allowWatchBookmarks: false))
        #expect(lines == ["ADDED ns/c@3", "ADDED ns/d@4"])
    }

    @Test func selectorLeavingWatchSeesDeleted() async throws {
        let api = makeAPI()
        try api.seed(configMap("a", labels: ["app": "web"]))
        let options = WatchOptions(labelSelector: "app=web", allowWatchBookmarks: false)
        let lines = try await watchLines(api, options: options) {
            _ = try await api.patch(ConfigMap.self, key("a"), .merge(["metadata": ["labels": ["app": "db"]]]))
            _ = try await api.patch(ConfigMap.self, key("a"), .merge(["data": ["k": "unseen"]]))
            _ = try await api.patch(ConfigMap.self, key("a"), .merge(["metadata": ["labels": ["app": "web"]]]))
            _ = try await api.create(configMap("other", labels: ["app": "db"]))
        }
        #expect(lines == ["ADDED ns/a@1", "DELETED ns/a@2", "ADDED ns/a@4"])
    }

    @Test func deletedEventOfALeavingObjectCarriesItsLastMatchingContent() async throws {
        let api = makeAPI()
        try api.seed(configMap("a", labels: ["app": "web"]))
        let objects = Mutex<[JSONValue]>([])
        async let watching: Void = api.watch(
            ConfigMap.resource, namespace: "ns", options: WatchOptions(labelSelector: "app=web")
        ) { line in
            objects.withLock { $0.append(try! KubeJSON.decode(JSONValue.self, from: line)) }
        }
        await api.waitForWatchers(ConfigMap.resource)
        _ = try await api.patch(ConfigMap.self, key("a"), .merge(["metadata": ["labels": ["app": "db"]]]))
        api.closeWatches()
        try await watching
        let deleted = try #require(objects.withLock { $0.last })
        #expect(deleted["type"] == "DELETED")
        #expect(deleted[path: ["object", "metadata", "labels", "app"]] == "web")
        #expect(deleted[path: ["object", "metadata", "resourceVersion"]] == "2")
    }

    @Test func namespacedWatchIgnoresOtherNamespacesAndAllNamespacesSeesThem() async throws {
        let api = makeAPI()
        let scoped = try await watchLines(api, options: quiet) {
            _ = try await api.create(configMap("a", namespace: "other"))
        }
        #expect(scoped.isEmpty)
        let all = try await watchLines(api, namespace: nil, options: quiet) {
            _ = try await api.create(configMap("b", namespace: "third"))
        }
        #expect(all == ["ADDED other/a@1", "ADDED third/b@2"])
    }

    @Test func bookmarksOnlyWhenAllowedAndOnlyWhenSent() async throws {
        let api = makeAPI()
        try api.seed(configMap("a"))
        let withBookmarks = try await watchLines(api, options: WatchOptions(resourceVersion: "1")) {
            _ = try await api.create(configMap("b"))
            api.sendBookmarks()
        }
        #expect(withBookmarks == ["ADDED ns/b@2", "BOOKMARK @2"])
        let without = try await watchLines(api, options: WatchOptions(resourceVersion: "2", allowWatchBookmarks: false))
        {
            api.sendBookmarks()
        }
        #expect(without.isEmpty)
    }

    @Test func typedWatchDecodesEveryEventKind() async throws {
        let api = makeAPI()
        let seen = Mutex<[String]>([])
        async let watching: Void = api.watch(ConfigMap.self, namespace: "ns", options: WatchOptions()) { event in
            let text: String
            switch event {
            case .added(let object): text = "added \(object.metadata.name!) \(object.data!["k"]!)"
            case .modified(let object): text = "modified \(object.metadata.name!) \(object.data!["k"]!)"
            case .deleted(let object): text = "deleted \(object.metadata.name!)"
            case .bookmark(let version): text = "bookmark \(version)"
            case .error(let status): text = "error \(status.code ?? 0)"
            }
            seen.withLock { $0.append(text) }
        }
        await api.waitForWatchers(ConfigMap.resource)
        _ = try await api.create(configMap("a"))
        _ = try await api.patch(ConfigMap.self, key("a"), .merge(["data": ["k": "w"]]))
        try await api.delete(ConfigMap.self, key("a"))
        api.sendBookmarks()
        api.closeWatches()
        try await watching
        #expect(seen.withLock { $0 } == ["added a v", "modified a w", "deleted a", "bookmark 3"])
    }

    @Test func breakWatchesThrowsAfterQueuedEvents() async throws {
        let api = makeAPI()
        let lines = Mutex<[String]>([])
        async let watching: Void = api.watch(ConfigMap.resource, namespace: "ns", options: quiet) { line in
            lines.withLock { $0.append(summary(line)) }
        }
        await api.waitForWatchers(ConfigMap.resource)
        _ = try await api.create(configMap("a"))
        api.breakWatches(error: .simulated(.serverError))
        #expect(api.openWatchCount(ConfigMap.resource) == 0)
        do {
            try await watching
            Issue.record("the watch should have failed")
        } catch {
            #expect((error as? KubeError)?.code == .serverError)
        }
        #expect(lines.withLock { $0 } == ["ADDED ns/a@1"])
    }

    @Test func cancellingTheWatchingTaskEndsTheWatch() async throws {
        let api = makeAPI()
        let task = Task { try await api.watch(ConfigMap.resource, namespace: "ns", options: quiet) { _ in } }
        await api.waitForWatchers(ConfigMap.resource)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(api.openWatchCount(ConfigMap.resource) == 0)
    }

    @Test func slowWatcherDoesNotBlockWriters() async throws {
        let api = makeAPI()
        let (entered, enteredSignal) = AsyncStream<Void>.makeStream()
        let (gate, release) = AsyncStream<Void>.makeStream()
        let lines = Mutex<[String]>([])
        async let watching: Void = api.watch(ConfigMap.resource, namespace: "ns", options: quiet) { line in
            let isFirst = lines.withLock { lines in
                lines.append(summary(line))
                return lines.count == 1
            }
            if isFirst {
                enteredSignal.yield()
                for await _ in gate { break }
            }
        }
        await api.waitForWatchers(ConfigMap.resource)
        _ = try await api.create(configMap("a"))
        for await _ in entered { break }

        // The watcher is stuck in its first callback; writes still complete.
        for name in ["b", "c", "d"] { _ = try await api.create(configMap(name)) }
        #expect(api.resourceVersion == "4")
        api.closeWatches()
        release.yield()
        try await watching
        #expect(lines.withLock { $0 } == ["ADDED ns/a@1", "ADDED ns/b@2", "ADDED ns/c@3", "ADDED ns/d@4"])
    }

    @Test func waitForWatchersCountsOpenWatchesOfOneResource() async throws {
        let api = makeAPI()
        #expect(api.openWatchCount(ConfigMap.resource) == 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask { try await api.watch(ConfigMap.resource, namespace: nil, options: quiet) { _ in } }
            }
            group.addTask { try await api.watch(Deployment.resource, namespace: nil, options: quiet) { _ in } }
            await api.waitForWatchers(ConfigMap.resource, count: 2)
            await api.waitForWatchers(Deployment.resource, count: 1)
            #expect(api.openWatchCount(ConfigMap.resource) == 2)
            api.closeWatches(of: ConfigMap.resource)
            #expect(api.openWatchCount(ConfigMap.resource) == 0)
            #expect(api.openWatchCount(Deployment.resource) == 1)
            api.closeWatches()
            try await group.waitForAll()
        }
    }
}
