import KubeClient
import KubeCore
import KubeRuntime
import KubeTesting
import Testing

@Suite(.timeLimit(.minutes(1)))
struct InformerTests {
    let clock = ManualClock()
    let api: FakeKubeAPI
    let connection: Connection

    init() {
        api = makeAPI(clock: clock)
        connection = Connection(to: api)
    }

    func makeInformer(
        scope: NamespaceScope = .all, labelSelector: String? = nil,
        transform: @escaping @Sendable (ConfigMap) -> ConfigMap = { $0 }
    ) -> Informer<ConfigMap> {
        Informer(
            api: connection, scope: scope, labelSelector: labelSelector, transform: transform,
            clock: clock.anyClock, backoff: exactBackoff, logger: quietLogger)
    }

    /// What a subscriber saw, one line per event: `added ns/a`, `updated ns/a k=2`, `deleted ns/a`.
    func subscribe(to informer: Informer<ConfigMap>) -> Recorder<String> {
        let events = Recorder<String>()
        informer.subscribe { event in
            switch event {
            case .added(let object): events.append("added \(object.key)")
            case .updated(_, let new): events.append("updated \(new.key) k=\(new.data?["k"] ?? "-")")
            case .deleted(let object): events.append("deleted \(object.key)")
            }
        }
        return events
    }

    func keys(_ informer: Informer<ConfigMap>) -> [String] { informer.store.list().map(\.key.description) }

    // MARK: - Listing

    @Test func initialListFillsTheStoreAndMarksItReady() async throws {
        try api.seed([configMap("b"), configMap("a"), configMap("x", namespace: "other")])
        let informer = makeInformer()
        let events = subscribe(to: informer)
        #expect(!informer.isReady)

        try await whileRunning([informer]) {
            await informer.store.waitUntilReady()
            #expect(informer.isReady)
            #expect(keys(informer) == ["ns/a", "ns/b", "other/x"])
            #expect(informer.store.list(namespace: "ns").map(\.key.name) == ["a", "b"])
            await events.waitForCount(3)
            #expect(events.values == ["added ns/a", "added ns/b", "added other/x"])
        }
        #expect(api.requests.map(\.description).prefix(2) == ["list configmaps *", "watch configmaps *"])
    }

    @Test func severalNamespacesAreReadyOnlyOnceEveryOneIsListed() async throws {
        try api.seed([configMap("a", namespace: "team-a"), configMap("b", namespace: "team-b")])
        try api.seed(configMap("c", namespace: "team-c"))
        // team-b's first list fails: the informer backs off on the clock and lists again.
        api.inject(.init(.list, ConfigMap.resource, namespace: "team-b", code: .serverError))
        let informer = makeInformer(scope: .namespaces(["team-a", "team-b"]))

        try await whileRunning([informer]) {
            await api.waitForWatchers(ConfigMap.resource, count: 1)
            await clock.waitForSleepers(1)
            #expect(!informer.isReady)
            #expect(keys(informer) == ["team-a/a"])

            clock.advance(by: .seconds(1))
            await informer.store.waitUntilReady()
            #expect(keys(informer) == ["team-a/a", "team-b/b"])
            await api.waitForWatchers(ConfigMap.resource, count: 2)
        }
        #expect(Set(connection.watches.map(\.namespace)) == ["team-a", "team-b"])
        #expect(connection.lists.map(\.namespace) == ["team-a", "team-b", "team-b"])
    }

    // MARK: - Watching

    @Test func changesReachTheStoreAndSubscribersInOrder() async throws {
        try api.seed(configMap("a"))
        let informer = makeInformer()
        let events = subscribe(to: informer)

        try await whileRunning([informer]) {
            await informer.store.waitUntilReady()
            await api.waitForWatchers(ConfigMap.resource)
            _ = try await api.create(configMap("c"))
            _ = try await api.patch(ConfigMap.self, key("c"), .merge(["data": ["k": "2"]]))
            try await api.delete(ConfigMap.self, key("c"))
            _ = try await api.patch(ConfigMap.self, key("a"), .merge(["data": ["k": "3"]]))
            await events.waitForCount(5)
            #expect(
                events.values == [
                    "added ns/a", "added ns/c", "updated ns/c k=2", "deleted ns/c", "updated ns/a k=3",
                ])
            #expect(keys(informer) == ["ns/a"])
            #expect(informer.store.get(key("a"))?.data == ["k": "3"])
            #expect(informer.store.get(key("c")) == nil)
        }
    }

    @Test func closedWatchResumesFromTheLastResourceVersionSeen() async throws {
        try api.seed(configMap("a"))  // resourceVersion 1
        let informer = makeInformer()
        let events = subscribe(to: informer)

        try await whileRunning([informer]) {
            await informer.store.waitUntilReady()
            await api.waitForWatchers(ConfigMap.resource)
            _ = try await api.create(configMap("b"))  // 2
            await events.waitFor("added ns/b")

            api.closeWatches()  // a server-side timeout
            _ = try await api.create(configMap("c"))  // 3, while reconnecting
            await events.waitFor("added ns/c")
            await api.waitForWatchers(ConfigMap.resource)
        }
        #expect(events.values == ["added ns/a", "added ns/b", "added ns/c"])
        #expect(connection.watches.map(\.resourceVersion) == ["1", "2"])
        #expect(connection.lists.count == 1)
    }

    @Test func bookmarkAdvancesTheVersionAWatchResumesFrom() async throws {
        try api.seed(configMap("a"))  // 1
        let informer = makeInformer()

        try await whileRunning([informer]) {
            await informer.store.waitUntilReady()
            await api.waitForWatchers(ConfigMap.resource)
            // Changes to other kinds move the global resourceVersion; a bookmark tells the watch about it.
            try api.seed([secret("s1"), secret("s2")])  // 2, 3
            api.sendBookmarks()
            api.closeWatches()
            await api.waitForWatchers(ConfigMap.resource)
        }
        #expect(connection.watches.map(\.resourceVersion) == ["1", "3"])
    }

    @Test func watchEndedByAServerErrorBacksOffThenResumesFromTheLastVersion() async throws {
        try api.seed(configMap("a"))  // 1
        let informer = makeInformer()
        let events = subscribe(to: informer)

        try await whileRunning([informer]) {
            await informer.store.waitUntilReady()
            await api.waitForWatchers(ConfigMap.resource)
            _ = try await api.patch(ConfigMap.self, key("a"), .merge(["data": ["k": "2"]]))  // 2
            await events.waitFor("updated ns/a k=2")

            api.breakWatches(error: .simulated(.serverError))
            await clock.waitForSleepers(1)
            _ = try await api.create(configMap("b"))  // 3, while disconnected
            clock.advance(by: .milliseconds(999))
            #expect(api.openWatchCount(ConfigMap.resource) == 0)
            clock.advance(by: .milliseconds(1))
            await events.waitFor("added ns/b")
        }
        #expect(events.values == ["added ns/a", "updated ns/a k=2", "added ns/b"])
        #expect(connection.watches.map(\.resourceVersion) == ["1", "2"])
        #expect(connection.lists.count == 1)
    }

    @Test func lostConnectionBacksOffThenRelistsAndSubscribersSeeOnlyTheDifference() async throws {
        try api.seed([configMap("a"), configMap("b")])  // 1, 2
        let informer = makeInformer()
        let events = subscribe(to: informer)

        try await whileRunning([informer]) {
            await informer.store.waitUntilReady()
            await api.waitForWatchers(ConfigMap.resource)
            api.breakWatches()  // connection reset
            await clock.waitForSleepers(1)
            _ = try await api.patch(ConfigMap.self, key("b"), .merge(["data": ["k": "2"]]))  // 3
            _ = try await api.create(configMap("c"))  // 4
            clock.advance(by: .milliseconds(999))
            #expect(connection.lists.count == 1)
            clock.advance(by: .milliseconds(1))
            await events.waitForCount(4)
            await api.waitForWatchers(ConfigMap.resource)
        }
        #expect(events.values == ["added ns/a", "added ns/b", "updated ns/b k=2", "added ns/c"])
        #expect(connection.lists.count == 2)
        #expect(connection.watches.map(\.resourceVersion) == ["2", "4"])
    }

    @Test func expiredHistoryRelistsAndSubscribersSeeTheDifference() async throws {
        try api.seed([configMap("a"), configMap("b"), configMap("c")])  // 1, 2, 3
        let informer = makeInformer()
        let events = subscribe(to: informer)

        try await whileRunning([informer]) {
            await informer.store.waitUntilReady()
            await api.waitForWatchers(ConfigMap.resource)
            api.breakWatches(error: .simulated(.serverError))
            await clock.waitForSleepers(1)

            // While disconnected: a deleted, b changed, d created; then the history is compacted.
            try await api.delete(ConfigMap.self, key("a"))  // 4
            _ = try await api.patch(ConfigMap.self, key("b"), .merge(["data": ["k": "2"]]))  // 5
            _ = try await api.create(configMap("d"))  // 6
            api.compactHistory()
            clock.advance(by: .seconds(1))

            await events.waitForCount(6)
            await api.waitForWatchers(ConfigMap.resource)
            #expect(keys(informer) == ["ns/b", "ns/c", "ns/d"])
        }
        #expect(events.values.dropFirst(3) == ["deleted ns/a", "updated ns/b k=2", "added ns/d"])
        // Resumed from 3, got 410, relisted at 6 and watched from there.
        #expect(connection.watches.map(\.resourceVersion) == ["3", "3", "6"])
        #expect(connection.lists.count == 2)
    }

    // MARK: - Selecting and transforming

    @Test func labelSelectorLimitsWhatIsListedWatchedAndStored() async throws {
        try api.seed([configMap("a", labels: ["app": "web"]), configMap("b", labels: ["app": "db"])])
        let informer = makeInformer(labelSelector: "app=web")
        let events = subscribe(to: informer)

        try await whileRunning([informer]) {
            await informer.store.waitUntilReady()
            #expect(keys(informer) == ["ns/a"])
            await api.waitForWatchers(ConfigMap.resource)
            _ = try await api.patch(ConfigMap.self, key("b"), .merge(["data": ["k": "unseen"]]))
            _ = try await api.patch(ConfigMap.self, key("a"), .merge(["metadata": ["labels": ["app": "db"]]]))
            _ = try await api.create(configMap("c", labels: ["app": "web"]))
            await events.waitFor("added ns/c")
            #expect(keys(informer) == ["ns/c"])
        }
        #expect(events.values == ["added ns/a", "deleted ns/a", "added ns/c"])
        #expect(connection.lists.allSatisfy { $0.labelSelector == "app=web" })
        #expect(connection.watches.allSatisfy { $0.labelSelector == "app=web" })
    }

    @Test func transformRunsBeforeObjectsAreStoredOrHandedOut() async throws {
        try api.seed(configMap("a", data: ["secret": "value"]))
        let informer = makeInformer(transform: { object in
            var object = object
            object.data = nil
            object.metadata.annotations = ["transformed": "yes"]
            return object
        })
        let seen = Recorder<ConfigMap>()
        informer.subscribe { seen.append($0.object) }

        try await whileRunning([informer]) {
            await informer.store.waitUntilReady()
            await api.waitForWatchers(ConfigMap.resource)
            _ = try await api.create(configMap("b", data: ["secret": "value"]))
            try await api.delete(ConfigMap.self, key("a"))
            await seen.waitForCount(3)
            #expect(informer.store.get(key("b"))?.data == nil)
            #expect(informer.store.get(key("b"))?.metadata.annotations == ["transformed": "yes"])
        }
        #expect(seen.values.map(\.key.name) == ["a", "b", "a"])
        #expect(seen.values.allSatisfy { $0.data == nil && $0.metadata.annotations == ["transformed": "yes"] })
    }
}
