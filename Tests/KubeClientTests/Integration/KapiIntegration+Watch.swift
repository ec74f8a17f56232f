import Foundation
import KubeClient
import KubeCore
import Testing

// Watches against kapi: order, resume, server timeout, bookmarks, 410 on compacted history, cancellation, idle timeout.

extension KapiIntegration {
    @Suite struct Watches {
        /// Server-side limit on every watch here, so that a missing event fails a test instead of hanging it.
        static let guardTimeout = 20

        @Test func eventsArriveInOrderFromAListsResourceVersion() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                let start = try await client.list(core.v1.ConfigMap.self, namespace: ns).metadata.resourceVersion
                let key = try await client.create(Kapi.configMap("a", in: ns)).key
                _ = try await client.patch(
                    core.v1.ConfigMap.self, key, .merge(.object(["data": .object(["x": .string("1")])])))
                _ = try await client.create(Kapi.configMap("b", in: ns))
                try await client.delete(core.v1.ConfigMap.self, key)
                let options = WatchOptions(
                    resourceVersion: start, allowWatchBookmarks: false, timeoutSeconds: Self.guardTimeout)
                let events = try await collectEvents(
                    client, core.v1.ConfigMap.self, namespace: ns, options: options, count: 4)
                #expect(events.map(summary) == ["ADDED a", "MODIFIED a", "ADDED b", "DELETED a"])
                let versions = events.compactMap { event -> Int? in
                    switch event {
                    case .added(let o), .modified(let o), .deleted(let o): return Int(o.metadata.resourceVersion ?? "")
                    default: return nil
                    }
                }
                #expect(versions == versions.sorted())
            }
        }

        @Test func resumingFromAResourceVersionSkipsWhatCameBefore() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                let first = try await client.create(Kapi.configMap("one", in: ns))
                _ = try await client.create(Kapi.configMap("two", in: ns))
                _ = try await client.create(Kapi.configMap("three", in: ns))
                let options = WatchOptions(
                    resourceVersion: first.metadata.resourceVersion, allowWatchBookmarks: false,
                    timeoutSeconds: Self.guardTimeout)
                let events = try await collectEvents(
                    client, core.v1.ConfigMap.self, namespace: ns, options: options, count: 2)
                #expect(events.map(summary) == ["ADDED two", "ADDED three"])
            }
        }

        @Test func withoutAResourceVersionTheWatchStartsWithTheCurrentObjects() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                _ = try await client.create(Kapi.configMap("existing", in: ns))
                let options = WatchOptions(allowWatchBookmarks: false, timeoutSeconds: Self.guardTimeout)
                let events = try await collectEvents(
                    client, core.v1.ConfigMap.self, namespace: ns, options: options, count: 1)
                #expect(events.map(summary) == ["ADDED existing"])
            }
        }

        @Test func timeoutSecondsEndsTheWatchNormallyAfterABookmark() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                let start = try await client.list(core.v1.ConfigMap.self, namespace: ns).metadata.resourceVersion
                let options = WatchOptions(resourceVersion: start, allowWatchBookmarks: true, timeoutSeconds: 1)
                // More events than will come: only the server's timeout can end this watch, and it must end normally.
                let events = try await collectEvents(
                    client, core.v1.ConfigMap.self, namespace: ns, options: options, count: 100)
                #expect(!events.isEmpty)
                #expect(events.allSatisfy { summary($0) == "BOOKMARK" })
                if case .bookmark(let version) = events.last { #expect(!version.isEmpty) }
            }
        }

        @Test func resumingFromACompactedVersionGetsA410ErrorEvent() async throws {
            let history = try #require(Kapi.history, "run kapi with --history N and export FINOPS_TEST_KAPI_HISTORY")
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                let first = try await client.create(Kapi.configMap("churn", in: ns, data: ["n": "0"]))
                let page = try await client.list(core.v1.ConfigMap.self, namespace: ns, options: ListOptions(limit: 1))
                #expect(page.items.count == 1)
                // Push the first version out of the server's bounded history.
                for n in 1...(history + 5) {
                    _ = try await client.patch(
                        core.v1.ConfigMap.self, first.key, .merge(.object(["data": .object(["n": .string("\(n)")])])))
                }
                let options = WatchOptions(
                    resourceVersion: first.metadata.resourceVersion, allowWatchBookmarks: false,
                    timeoutSeconds: Self.guardTimeout)
                let events = try await collectEvents(
                    client, core.v1.ConfigMap.self, namespace: ns, options: options, count: 1)
                #expect(events.map(summary) == ["ERROR 410 Expired"])
                if case .error(let status) = events.first { #expect(KubeError(status: status).code == .gone) }
            }
        }

        @Test func anExpiredContinueTokenIsGone() async throws {
            let history = try #require(Kapi.history, "run kapi with --history N and export FINOPS_TEST_KAPI_HISTORY")
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                for name in ["a", "b"] { _ = try await client.create(Kapi.configMap(name, in: ns)) }
                let page = try await client.list(core.v1.ConfigMap.self, namespace: ns, options: ListOptions(limit: 1))
                let token = try #require(page.metadata.continue)
                let key = ObjectKey(namespace: ns, name: "a")
                for n in 1...(history + 5) {
                    _ = try await client.patch(
                        core.v1.ConfigMap.self, key, .merge(.object(["data": .object(["n": .string("\(n)")])])))
                }
                let error = await #expect(throws: KubeError.self) {
                    try await client.list(
                        core.v1.ConfigMap.self, namespace: ns, options: ListOptions(limit: 1, continue: token))
                }
                #expect(error?.code == .gone)
                #expect(error?.httpStatus == 410)
            }
        }

        @Test func cancellingTheWatchingTaskEndsIt() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                _ = try await client.create(Kapi.configMap("seen", in: ns))
                let (firstEvent, signal) = AsyncStream<Void>.makeStream()
                let watch = Task {
                    // No server timeout: only the cancellation can end this watch.
                    try await client.watch(
                        core.v1.ConfigMap.self, namespace: ns, options: WatchOptions(allowWatchBookmarks: false)
                    ) { _ in signal.yield() }
                }
                for await _ in firstEvent { break }
                watch.cancel()
                await #expect(throws: CancellationError.self) { try await watch.value }
            }
        }

        @Test func aSilentConnectionEndsWithATransportErrorAfterTheIdleTimeout() async throws {
            let options = HTTPKubeClient.Options(watchIdleTimeout: .seconds(1))
            try await Kapi.withClient(options: options) { client in
                let ns = try await Kapi.freshNamespace(client)
                let start = try await client.list(core.v1.ConfigMap.self, namespace: ns).metadata.resourceVersion
                // An empty namespace, no bookmarks, no server timeout: nothing is ever sent.
                let watchOptions = WatchOptions(resourceVersion: start, allowWatchBookmarks: false)
                let error = await #expect(throws: KubeError.self) {
                    _ = try await collectEvents(
                        client, core.v1.ConfigMap.self, namespace: ns, options: watchOptions, count: 1)
                }
                #expect(error?.code == .transport)
            }
        }

        @Test func aWatchOfAMissingResourceFailsWithItsStatus() async throws {
            try await Kapi.withClient { client in
                let missing = ResourceType(group: "nowhere.example", version: "v1", kind: "Nothing", plural: "nothings")
                let error = await #expect(throws: KubeError.self) {
                    try await client.watch(missing, namespace: "default", options: WatchOptions(timeoutSeconds: 1)) {
                        _ in
                    }
                }
                #expect(error?.code == .notFound)
            }
        }
    }
}
