import Foundation
import KubeClient
import KubeCore
import Synchronization

/// An in-process Kubernetes API server for controller tests: everything a controller sees of kube-apiserver, on
/// JSON, with no sockets, no clocks and no background tasks.
///
/// ```swift
/// let api = FakeKubeAPI(now: { clock.date })
/// api.register(MyCustomResource.self)                         // CRDs; the built-ins are registered already
/// try api.seed(core.v1.Secret(metadata: ObjectMeta(name: "token", namespace: "finops")))
/// api.inject(.init(.patch, apps.v1.Deployment.resource, code: .conflict))   // the next Deployment patch conflicts
/// // … run the reconciler against `api` …
/// #expect(api.writes.map(\.description) == ["patch(apply) deployments.apps finops/exporter"])
/// ```
///
/// Guarantees:
/// - One global resourceVersion, increased by every write; a write that changes nothing keeps the object's
///   resourceVersion and produces no watch event, as on the real server.
/// - Server-managed metadata (`uid`, `resourceVersion`, `generation`, `creationTimestamp`, `deletionTimestamp`)
///   cannot be set by clients; `generation` moves only when something outside `metadata` (and `status`, for
///   resources with a status subresource) changes; the main resource and its `status` subresource change only
///   their own part.
/// - Finalizers hold a deleted object with a `deletionTimestamp` until an update removes the last one; a real
///   deletion collects, at once, every dependent whose `ownerReferences` name the deleted uid (recursively; a
///   dependent that still has another existing owner only loses the reference, as the garbage collector does).
/// - Every watch receives the changes it selects in commit order, from its own unbounded queue: writers never wait
///   for watchers. A watch resumed from a resourceVersion older than the kept history gets one `ERROR` line
///   (`410 Expired`) and ends normally.
/// - Deterministic: uids (`uid-000001`), generated names and timestamps (from the injected `now`) depend only on
///   the sequence of calls.
///
/// Caveats (where it is simpler than kube-apiserver):
/// - Server-side apply is a JSON merge patch of the manifest onto the object: no `managedFields`, so fields a manager
///   stops applying are not removed, lists are replaced whole (not merged by key), and `force` has no effect.
/// - Deletion propagation `Foreground` behaves as `Background` (dependents go at once); `Orphan` is honoured.
///   Namespaces are not objects: any namespace exists.
/// - Defaulting covers a few fields of Deployments, Services and Secrets (``BuiltInDefaults``); no other validation
///   than names, and no admission.
/// - `WatchOptions.timeoutSeconds` is ignored: tests end watches with ``closeWatches(of:)``. List pages after the
///   first read current objects, not a snapshot; `ListOptions.resourceVersion` is ignored (lists are always
///   current).
public final class FakeKubeAPI: KubeAPI, Sendable {
    struct State: Sendable {
        var cluster: FakeCluster
        var watchers = WatcherTable()
        var requests: [Request] = []
        var faults: [(id: FaultID, fault: Fault)] = []
        var lastFaultID = 0
        var lastWaiterID = 0
        var isDown = false
    }

    let state: Mutex<State>

    /// - Parameters:
    ///   - now: wall time for `creationTimestamp` and `deletionTimestamp` (stored at whole seconds).
    ///   - historyLimit: how many changes the watch history keeps, across all resources; a watch that resumes from
    ///     before them gets `410 Expired`. ``compactHistory()`` drops them all.
    public init(now: @escaping @Sendable () -> Date = { Date() }, historyLimit: Int = 1000) {
        var cluster = FakeCluster(now: now, historyLimit: historyLimit)
        for registration in BuiltInDefaults.registrations { cluster.register(registration) }
        state = Mutex(State(cluster: cluster))
    }

    /// Serves `resource` (a CRD, or a built-in kind not registered by default). Registering again replaces how it
    /// is served and keeps its objects.
    ///
    /// - Parameter defaulter: fills server defaults on every write, as a CRD's schema defaults would.
    public func register(
        _ resource: ResourceType, hasStatusSubresource: Bool, defaulter: ResourceDefaulter? = nil
    ) {
        let registration = FakeCluster.Registration(
            type: resource, hasStatusSubresource: hasStatusSubresource, defaulter: defaulter)
        state.withLock { $0.cluster.register(registration) }
    }

    /// Serves `T.resource`, with a status subresource when `T` conforms to `HasStatus`.
    public func register<T: KubernetesObject>(_ type: T.Type, defaulter: ResourceDefaulter? = nil) {
        register(T.resource, hasStatusSubresource: type is any HasStatus.Type, defaulter: defaulter)
    }

    // MARK: - KubeAPI

    public func get(_ resource: ResourceType, namespace: String?, name: String) async throws -> Data {
        try admit(Request(.get, resource, namespace: namespace, name: name))
        return try encode(try state.withLock { try $0.cluster.get(resource, namespace: namespace, name: name) })
    }

    public func list(_ resource: ResourceType, namespace: String?, options: ListOptions) async throws -> Data {
        try admit(Request(.list, resource, namespace: namespace))
        return try encode(try state.withLock { try $0.cluster.list(resource, namespace: namespace, options: options) })
    }

    public func create(_ resource: ResourceType, namespace: String?, body: Data) async throws -> Data {
        let object = try? KubeJSON.decode(JSONValue.self, from: body)
        try admit(Request(.create, resource, namespace: namespace, name: object?.metaString("name")))
        let decoded = try decodeBody(body)
        return try encode(try mutate { try $0.create(resource, namespace: namespace, body: decoded) })
    }

    public func replace(
        _ resource: ResourceType, namespace: String?, name: String, subresource: String?, body: Data
    ) async throws -> Data {
        try admit(Request(.replace, resource, namespace: namespace, name: name, subresource: subresource))
        let decoded = try decodeBody(body)
        return try encode(
            try mutate {
                try $0.replace(resource, namespace: namespace, name: name, subresource: subresource, body: decoded)
            })
    }

    public func patch(
        _ resource: ResourceType, namespace: String?, name: String, subresource: String?, patch: PatchRequest
    ) async throws -> Data {
        try admit(
            Request(.patch, resource, namespace: namespace, name: name, subresource: subresource, patchKind: patch.kind)
        )
        return try encode(
            try mutate {
                try $0.patch(resource, namespace: namespace, name: name, subresource: subresource, patch: patch)
            })
    }

    public func delete(_ resource: ResourceType, namespace: String?, name: String, options: DeleteOptions) async throws
    {
        try admit(Request(.delete, resource, namespace: namespace, name: name))
        try mutate { try $0.delete(resource, namespace: namespace, name: name, options: options) }
    }

    // MARK: - Plumbing

    /// Runs a write on the cluster and hands what it committed to the watchers, in one critical section; resumes
    /// the woken watchers after the lock is released.
    @discardableResult
    func mutate<R: Sendable>(_ body: (inout FakeCluster) throws -> R) throws -> R {
        let (result, wakeups) = state.withLock { state -> (Result<R, any Error>, Wakeups) in
            let result = Result { try body(&state.cluster) }
            return (result, state.watchers.deliver(state.cluster.drainChanges()))
        }
        wakeups.resume()
        return try result.get()
    }

    private func decodeBody(_ body: Data) throws -> JSONValue {
        do {
            return try KubeJSON.decode(JSONValue.self, from: body)
        } catch {
            throw APIErrors.badRequest("the request body is not JSON: \(error)")
        }
    }

    func encode(_ value: JSONValue) throws -> Data { try KubeJSON.encode(value) }
}
