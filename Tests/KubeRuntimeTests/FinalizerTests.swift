import KubeClient
import KubeCore
import KubeRuntime
import KubeTesting
import Testing

@Suite struct FinalizerTests {
    let api = makeAPI()
    let finalizer = Finalizer("finops.krateo.io/cleanup")
    /// What the callbacks were called for, in order: `apply ns/a`, `cleanup ns/a`.
    let calls = Recorder<String>()

    /// Runs the finalizer on `object`; `apply` answers `.requeue(after: 1 min)`, `cleanup` `.requeue(after: 2 min)`
    /// so that the returned action tells which callback it came from.
    func reconcile(_ object: ConfigMap, cleanupFails: Bool = false) async throws -> ReconcileAction {
        try await finalizer.reconcile(
            object, api: api,
            apply: { object in
                calls.append("apply \(object.key)")
                return .requeue(after: .seconds(60))
            },
            cleanup: { object in
                calls.append("cleanup \(object.key)")
                if cleanupFails { throw KubeError(code: .serverError, message: "the external system is down") }
                return .requeue(after: .seconds(120))
            })
    }

    func stored(_ name: String = "a") throws -> ConfigMap? { try api.object(ConfigMap.self, key(name)) }

    /// Seeds `a` with `finalizers`, asks for its deletion, and returns it as it is now (being deleted).
    func deleting(finalizers: [String]) async throws -> ConfigMap {
        try api.seed(configMap("a", finalizers: finalizers))
        try await api.delete(ConfigMap.self, key("a"))
        api.clearRequests()
        return try #require(try stored())
    }

    // MARK: - Live objects

    @Test func finalizerIsAddedFirstAndApplyWaitsForTheNextReconcile() async throws {
        let object = try api.seed(configMap("a"))

        #expect(try await reconcile(object) == .done)

        #expect(calls.values.isEmpty)
        #expect(try stored()?.metadata.finalizers == ["finops.krateo.io/cleanup"])
        #expect(api.writes.map(\.description) == ["patch(json) configmaps ns/a"])
    }

    @Test func finalizerIsAddedAfterThoseOfOthers() async throws {
        let object = try api.seed(configMap("a", finalizers: ["example.com/other"]))

        #expect(try await reconcile(object) == .done)

        #expect(try stored()?.metadata.finalizers == ["example.com/other", "finops.krateo.io/cleanup"])
        #expect(calls.values.isEmpty)
    }

    @Test func applyRunsOnceTheFinalizerIsPresent() async throws {
        let object = try api.seed(configMap("a", finalizers: ["finops.krateo.io/cleanup"]))

        #expect(try await reconcile(object) == .requeue(after: .seconds(60)))

        #expect(calls.values == ["apply ns/a"])
        #expect(api.writes.isEmpty)
    }

    @Test func concurrentChangeMakesTheFinalizerPatchFailWithoutLosingIt() async throws {
        let stale = try api.seed(configMap("a"))
        try api.edit(ConfigMap.resource, key("a")) { $0["data"] = ["k": "changed by someone else"] }

        await expectKubeError(.invalid) { try await reconcile(stale) }
        #expect(try stored()?.metadata.finalizers == nil)
        #expect(try stored()?.data == ["k": "changed by someone else"])

        // The retry reads the object again and succeeds, keeping the other change.
        #expect(try await reconcile(try #require(try stored())) == .done)
        #expect(try stored()?.metadata.finalizers == ["finops.krateo.io/cleanup"])
        #expect(try stored()?.data == ["k": "changed by someone else"])
        #expect(calls.values.isEmpty)
    }

    // MARK: - Objects being deleted

    @Test func deletionRunsCleanupThenRemovesTheFinalizer() async throws {
        let object = try await deleting(finalizers: ["finops.krateo.io/cleanup"])

        #expect(try await reconcile(object) == .requeue(after: .seconds(120)))

        #expect(calls.values == ["cleanup ns/a"])
        #expect(api.writes.map(\.description) == ["patch(json) configmaps ns/a"])
        #expect(try stored() == nil)
    }

    @Test func onlyOurFinalizerIsRemoved() async throws {
        let object = try await deleting(
            finalizers: ["example.com/first", "finops.krateo.io/cleanup", "example.com/last"])

        _ = try await reconcile(object)

        #expect(try stored()?.metadata.finalizers == ["example.com/first", "example.com/last"])
        #expect(try stored()?.metadata.isBeingDeleted == true)
    }

    @Test func failingCleanupKeepsTheFinalizer() async throws {
        let object = try await deleting(finalizers: ["finops.krateo.io/cleanup"])

        await expectKubeError(.serverError) { try await reconcile(object, cleanupFails: true) }

        #expect(calls.values == ["cleanup ns/a"])
        #expect(api.writes.isEmpty)
        #expect(try stored()?.metadata.finalizers == ["finops.krateo.io/cleanup"])
    }

    @Test func objectDeletedWithoutOurFinalizerIsLeftAlone() async throws {
        let object = try await deleting(finalizers: ["example.com/other"])

        #expect(try await reconcile(object) == .done)

        #expect(calls.values.isEmpty)
        #expect(api.writes.isEmpty)
        #expect(try stored()?.metadata.finalizers == ["example.com/other"])
    }

    @Test func concurrentChangeDuringDeletionKeepsTheFinalizerForTheRetry() async throws {
        let stale = try await deleting(finalizers: ["example.com/other", "finops.krateo.io/cleanup"])
        // Another controller finishes first and removes its own finalizer: our index 1 is now index 0.
        try api.edit(ConfigMap.resource, key("a")) { $0["metadata"]?["finalizers"] = ["finops.krateo.io/cleanup"] }

        await expectKubeError(.invalid) { try await reconcile(stale) }
        #expect(try stored()?.metadata.finalizers == ["finops.krateo.io/cleanup"])

        // The retry runs the (idempotent) cleanup again and then lets the object go.
        _ = try await reconcile(try #require(try stored()))
        #expect(calls.values == ["cleanup ns/a", "cleanup ns/a"])
        #expect(try stored() == nil)
    }
}
