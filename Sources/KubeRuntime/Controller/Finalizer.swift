import KubeClient
import KubeCore

/// Runs cleanup before an object goes away, with the guarantees of kube-rs' `finalizer` helper:
///
/// - **Added before anything else**: when the object lacks the finalizer, ``reconcile(_:api:apply:cleanup:)`` adds it
///   and returns; `apply` runs on the next reconcile (woken by that write), so no resource is ever created for an
///   object that could vanish without cleanup.
/// - **Cleanup before removal**: for an object being deleted that still carries the finalizer, `cleanup` runs and the
///   finalizer is removed only after it succeeded. If removal fails, `cleanup` runs again: it must be idempotent.
/// - **Not ours, not touched**: an object being deleted without our finalizer gets neither `apply` nor `cleanup`.
/// - **No lost updates**: finalizer patches test the resourceVersion they were computed from (JSON patch `test`), so a
///   concurrent change makes the patch fail and the reconcile retry.
public struct Finalizer: Sendable, Hashable {
    /// A qualified name, e.g. `finops.krateo.io/pipelines`.
    public let name: String

    public init(_ name: String) { self.name = name }

    public func reconcile<T: KubernetesObject>(
        _ object: T, api: any KubeAPI, apply: (T) async throws -> ReconcileAction,
        cleanup: (T) async throws -> ReconcileAction
    ) async throws -> ReconcileAction {
        let finalizers = object.metadata.finalizers ?? []
        let version = JSONValue.string(object.metadata.resourceVersion ?? "")
        if object.metadata.isBeingDeleted {
            guard let index = finalizers.firstIndex(of: name) else { return .done }
            let action = try await cleanup(object)
            let _: T = try await api.patch(
                T.self, object.key,
                .json([.test("/metadata/resourceVersion", version), .remove("/metadata/finalizers/\(index)")]))
            return action
        }
        guard finalizers.contains(name) else {
            let add: JSONPatchOperation =
                finalizers.isEmpty
                // `add` on an existing member replaces it, so this also covers a stored empty list.
                ? .add("/metadata/finalizers", [.string(name)]) : .add("/metadata/finalizers/-", .string(name))
            let _: T = try await api.patch(
                T.self, object.key, .json([.test("/metadata/resourceVersion", version), add]))
            return .done
        }
        return try await apply(object)
    }
}
