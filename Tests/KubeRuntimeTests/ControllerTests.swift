import KubeClient
import KubeCore
import KubeRuntime
import KubeTesting
import ServiceLifecycle
import Synchronization
import Testing

/// A reconciler of ConfigMaps that records every call and answers as `behaviour` says. Keys in the namespace
/// `zz-sentinel` are answered `.done` without asking `behaviour` (see ``ControllerHarness/settle()``).
struct Probe: Reconciler {
    typealias Object = ConfigMap

    struct Call: Sendable, Hashable {
        var key: ObjectKey
        /// The n-th call for this key, from 1.
        var number: Int
        /// `context.failures`.
        var failures: Int
    }

    let calls = Recorder<Call>()
    let behaviour: @Sendable (Call) async throws -> ReconcileAction

    func reconcile(_ key: ObjectKey, context: ReconcileContext) async throws -> ReconcileAction {
        // Calls for one key never overlap (the property under test elsewhere), so this count is exact per key.
        let number = calls.values.count { $0.key == key } + 1
        let call = Call(key: key, number: number, failures: context.failures)
        calls.append(call)
        if key.namespace == ControllerHarness.sentinelNamespace { return .done }
        return try await behaviour(call)
    }
}

/// A ConfigMap informer and a controller running ``Probe`` with one worker, on a manual clock.
final class ControllerHarness: Sendable {
    static let sentinelNamespace = "zz-sentinel"

    let clock = ManualClock()
    let api: FakeKubeAPI
    let configMaps: Informer<ConfigMap>
    let secrets: Informer<Secret>
    /// Every event the informers delivered, after the controller's own handlers ran for it.
    let configMapEvents = Recorder<String>()
    let secretEvents = Recorder<String>()
    let probe: Probe
    let controller: Controller<Probe>
    private let settled = Mutex((sentinels: 0, mark: 0))

    init(workers: Int = 1, behaviour: @escaping @Sendable (Probe.Call) async throws -> ReconcileAction = { _ in .done })
    {
        api = makeAPI(clock: clock)
        configMaps = Informer(api: api, scope: .all, clock: clock.anyClock, logger: quietLogger)
        secrets = Informer(api: api, scope: .all, clock: clock.anyClock, logger: quietLogger)
        probe = Probe(behaviour: behaviour)
        controller = Controller(
            name: "probe", reconciler: probe, primary: configMaps, workers: workers, clock: clock.anyClock,
            failureBackoff: exactBackoff, logger: quietLogger)
    }

    /// Subscribes the test's recorders; call after the controller's wiring so they see each event last.
    func recordEvents() {
        configMaps.subscribe { [configMapEvents] in configMapEvents.append(Self.describe($0)) }
        secrets.subscribe { [secretEvents] in secretEvents.append(Self.describe($0)) }
    }

    static func describe<T: KubernetesObject>(_ event: InformerEvent<T>) -> String {
        switch event {
        case .added(let object): return "added \(object.key)"
        case .updated(_, let new): return "updated \(new.key)"
        case .deleted(let object): return "deleted \(object.key)"
        }
    }

    /// Waits until everything enqueued so far has been reconciled, and returns the keys reconciled since the last
    /// call (sentinels left out). With one worker the queue is first in, first out, so once a sentinel key added
    /// now has been reconciled, so has every key that was due before it.
    func settle() async -> [ObjectKey] {
        let sentinel = settled.withLock { state in
            state.sentinels += 1
            return ObjectKey(namespace: Self.sentinelNamespace, name: "s\(state.sentinels)")
        }
        controller.enqueue(sentinel)
        await probe.calls.waitUntil { $0.contains { $0.key == sentinel } }
        let calls = probe.calls.values
        let mark = settled.withLock { state in
            defer { state.mark = calls.count }
            return state.mark
        }
        return calls[mark...].map(\.key).filter { $0.namespace != Self.sentinelNamespace }
    }

    var services: [any Service] { [configMaps, secrets, controller] }
}

@Suite(.timeLimit(.minutes(1)))
struct ControllerTests {
    // MARK: - Triggers

    @Test func newObjectIsReconciledOnce() async throws {
        let h = ControllerHarness()
        h.recordEvents()
        try h.api.seed(configMap("a"))

        try await whileRunning(h.services) {
            await h.configMapEvents.waitFor("added ns/a")
            #expect(await h.settle() == [key("a")])
        }
    }

    @Test func changesDuringAReconcileAreCoalescedIntoOneMore() async throws {
        let gate = Gate()
        let h = ControllerHarness { call in
            if call.number == 1 { await gate.wait() }
            return .done
        }
        h.recordEvents()
        try h.api.seed(configMap("a"))

        try await whileRunning(h.services) {
            await h.probe.calls.waitForCount(1)
            await h.api.waitForWatchers(ConfigMap.resource)
            for value in ["1", "2", "3"] {
                _ = try await h.api.patch(ConfigMap.self, key("a"), .merge(["data": ["k": .string(value)]]))
            }
            await h.configMapEvents.waitForCount(4)
            gate.open()
            await h.probe.calls.waitForCount(2)
            #expect(await h.settle() == [key("a"), key("a")])
        }
    }

    @Test func editedOrDeletedChildWakesItsControllerOwner() async throws {
        let h = ControllerHarness()
        h.controller.owns(h.secrets)
        h.recordEvents()
        let owner = try h.api.seed(configMap("owner"))
        let otherKind = OwnerReference(
            apiVersion: "apps/v1", kind: "Deployment", name: "owner", uid: "uid-other", controller: true)
        let notController = OwnerReference(
            apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: owner.metadata.uid ?? "", controller: false)
        try h.api.seed([
            secret("child", owners: [owner.controllerOwnerReference]), secret("foreign", owners: [otherKind]),
            secret("shared", owners: [notController]), secret("loose"),
        ])

        try await whileRunning(h.services) {
            await h.configMapEvents.waitForCount(1)
            await h.secretEvents.waitForCount(4)
            _ = await h.settle()

            try h.api.edit(Secret.resource, key("child")) { $0["data"] = ["k": "ZWRpdGVk"] }
            await h.secretEvents.waitFor("updated ns/child")
            #expect(await h.settle() == [key("owner")])

            for name in ["foreign", "shared", "loose"] {
                try h.api.edit(Secret.resource, key(name)) { $0["data"] = ["k": "ZWRpdGVk"] }
            }
            await h.secretEvents.waitForCount(8)
            #expect(await h.settle() == [])

            try await h.api.delete(Secret.self, key("child"))
            await h.secretEvents.waitFor("deleted ns/child")
            #expect(await h.settle() == [key("owner")])
        }
    }

    @Test func watchedDependencyWakesTheObjectsThatRecordedIt() async throws {
        let h = ControllerHarness()
        let tracker = DependencyTracker()
        h.controller.watches(h.secrets) { tracker.dependents(of: $0) }
        h.recordEvents()
        try h.api.seed([secret("token"), secret("other")])
        tracker.record(key("a"), dependsOn: [ObjectReference(Secret.resource, key("token"))])
        tracker.record(key("b"), dependsOn: [ObjectReference(Secret.resource, key("later"))])

        try await whileRunning(h.services) {
            await h.secretEvents.waitForCount(2)
            #expect(await h.settle() == [key("a")])

            try h.api.edit(Secret.resource, key("token")) { $0["data"] = ["k": "bmV3"] }
            try h.api.edit(Secret.resource, key("other")) { $0["data"] = ["k": "bmV3"] }
            await h.secretEvents.waitForCount(4)
            #expect(await h.settle() == [key("a")])

            // Creating a Secret that was recorded as missing wakes the object that looked for it.
            _ = try await h.api.create(secret("later"))
            await h.secretEvents.waitFor("added ns/later")
            #expect(await h.settle() == [key("b")])

            // A dropped reference no longer wakes.
            tracker.record(key("a"), dependsOn: [])
            try h.api.edit(Secret.resource, key("token")) { $0["data"] = ["k": "bmV3ZXI="] }
            await h.secretEvents.waitForCount(6)
            #expect(await h.settle() == [])
        }
    }

    // MARK: - Outcomes

    @Test func failedReconcileIsRetriedWithGrowingBackoff() async throws {
        struct Flaky: Error {}
        let h = ControllerHarness { call in
            if call.number <= 2 { throw Flaky() }
            return .done
        }
        try h.api.seed(configMap("a"))

        try await whileRunning(h.services) {
            await h.probe.calls.waitForCount(1)
            await h.clock.waitForSleepers(1)
            h.clock.advance(by: .milliseconds(999))
            #expect(await h.settle() == [key("a")])
            h.clock.advance(by: .milliseconds(1))
            await h.probe.calls.waitUntil { $0.count { $0.key == key("a") } == 2 }

            await h.clock.waitForSleepers(1)
            h.clock.advance(by: .milliseconds(1999))
            #expect(await h.settle() == [key("a")])
            h.clock.advance(by: .milliseconds(1))
            await h.probe.calls.waitUntil { $0.count { $0.key == key("a") } == 3 }
            _ = await h.settle()
            #expect(h.clock.sleeperCount == 0)

            // Success reset the backoff: the next reconcile sees no failures.
            h.controller.enqueue(key("a"))
            _ = await h.settle()
        }
        #expect(h.probe.calls.values.filter { $0.key == key("a") }.map(\.failures) == [0, 1, 2, 0])
    }

    @Test func terminalErrorIsNotRetriedUntilTheObjectChanges() async throws {
        let h = ControllerHarness { call in
            if call.number == 1 { throw TerminalError(reason: "InvalidSpec", message: "The spec is invalid.") }
            return .done
        }
        h.recordEvents()
        try h.api.seed(configMap("a"))

        try await whileRunning(h.services) {
            await h.configMapEvents.waitFor("added ns/a")
            #expect(await h.settle() == [key("a")])
            #expect(h.clock.sleeperCount == 0)
            h.clock.advance(by: .seconds(3600))
            #expect(await h.settle() == [])

            await h.api.waitForWatchers(ConfigMap.resource)
            _ = try await h.api.patch(ConfigMap.self, key("a"), .merge(["data": ["k": "fixed"]]))
            await h.configMapEvents.waitFor("updated ns/a")
            #expect(await h.settle() == [key("a")])
        }
    }

    @Test func requeueRunsTheKeyAgainOnceTheClockPassesTheDelay() async throws {
        let h = ControllerHarness { call in call.number == 1 ? .requeue(after: .seconds(30)) : .done }
        try h.api.seed(configMap("a"))

        try await whileRunning(h.services) {
            await h.probe.calls.waitForCount(1)
            await h.clock.waitForSleepers(1)
            h.clock.advance(by: .seconds(29))
            #expect(await h.settle() == [key("a")])
            h.clock.advance(by: .seconds(1))
            await h.probe.calls.waitUntil { $0.count { $0.key == key("a") } == 2 }
            #expect(await h.settle() == [key("a")])
        }
        // A requeue is not a failure.
        #expect(h.probe.calls.values.filter { $0.key == key("a") }.map(\.failures) == [0, 0])
    }

    // MARK: - Concurrency

    @Test func sameKeyIsNeverReconciledTwiceAtOnce() async throws {
        let gates = ["a": Gate(), "b": Gate()]
        let running = Locked((keys: [ObjectKey: Int](), overlaps: 0, mostAtOnce: 0))
        let h = ControllerHarness(workers: 4) { call in
            running.withLock { state in
                state.keys[call.key, default: 0] += 1
                if state.keys[call.key]! > 1 { state.overlaps += 1 }
                state.mostAtOnce = max(state.mostAtOnce, state.keys.values.reduce(0, +))
            }
            if call.number == 1 { await gates[call.key.name]?.wait() }
            running.withLock { $0.keys[call.key]! -= 1 }
            return .done
        }
        h.recordEvents()
        try h.api.seed([configMap("a"), configMap("b")])

        try await whileRunning(h.services) {
            // Both first reconciles are in progress, on two of the four workers.
            await h.probe.calls.waitForCount(2)
            await h.api.waitForWatchers(ConfigMap.resource)
            for value in ["1", "2", "3"] {
                _ = try await h.api.patch(ConfigMap.self, key("a"), .merge(["data": ["k": .string(value)]]))
                h.controller.enqueue(key("a"))
            }
            await h.configMapEvents.waitForCount(5)
            // Idle workers had every chance to pick up "a" again; they must not.
            #expect(await !eventually(iterations: 2_000) { h.probe.calls.count > 2 })

            gates["a"]?.open()
            await h.probe.calls.waitUntil { $0.count { $0.key == key("a") } == 2 }
            gates["b"]?.open()
            _ = await h.settle()
        }
        let counts = Dictionary(grouping: h.probe.calls.values.map(\.key.name), by: { $0 }).mapValues(\.count)
        #expect(counts["a"] == 2)
        #expect(counts["b"] == 1)
        #expect(running.withLock { $0.overlaps } == 0)
        #expect(running.withLock { $0.mostAtOnce } == 2)
    }

    @Test func cancellingRunStopsTheWorkersAfterTheirCurrentReconcile() async throws {
        let gate = Gate()
        let finished = Recorder<String>()
        let h = ControllerHarness { call in
            await gate.wait()
            finished.append("reconcile \(call.key)")
            return .done
        }
        try h.api.seed(configMap("a"))

        let running = Task { try await whileRunning(h.services) { await gate.wait() } }
        let stopped = Task {
            _ = await running.result
            finished.append("stopped")
        }
        await h.probe.calls.waitForCount(1)
        running.cancel()
        await finished.waitFor("stopped")
        #expect(finished.values == ["reconcile ns/a", "stopped"])
        _ = await stopped.result

        // The queue is shut down: nothing more is reconciled.
        h.controller.enqueue(key("b"))
        #expect(await !eventually(iterations: 1_000) { h.probe.calls.count > 1 })
    }

    @Test func cancellingRunBeforeTheCachesSyncReturns() async throws {
        let h = ControllerHarness()
        // ConfigMaps can never be listed: the controller waits for a cache that never becomes ready.
        h.api.inject(.init(.list, ConfigMap.resource, code: .forbidden, times: nil))

        let running = Task { try await whileRunning(h.services) { await Gate().wait() } }
        await h.clock.waitForSleepers(1)
        #expect(!h.configMaps.isReady)
        running.cancel()
        _ = await running.result
        #expect(h.probe.calls.count == 0)
    }
}
