import Foundation
import KubeClient
import KubeCore

// What a test does to the fake directly, outside the KubeAPI calls of the code under test: seed objects, read them,
// play another controller (status writes, hand edits) and compact the history. None of these is recorded in
// `requests` or subject to faults; their writes reach watches like any other.

extension FakeKubeAPI {
    /// The current global resourceVersion.
    public var resourceVersion: String { state.withLock { String($0.cluster.revision) } }

    /// Creates `object`, or replaces the stored one (no resourceVersion check). Returns the object as stored.
    ///
    /// A new object keeps what a real create would drop: `status`, and a given `creationTimestamp` or
    /// `deletionTimestamp` (e.g. an object being deleted, held by its finalizers). The uid, resourceVersion and
    /// generation are assigned as for a create.
    @discardableResult
    public func seed(_ resource: ResourceType, _ object: JSONValue) throws -> JSONValue {
        try mutate { cluster in
            let registration = try cluster.registration(for: resource)
            let namespace = registration.type.namespaced ? object.metaString("namespace") : nil
            let key = ObjectKey(namespace: namespace, name: object.metaString("name") ?? "")
            guard let old = cluster.objects[registration.id]?[key] else {
                var fresh = object
                fresh.setMeta("resourceVersion", nil)
                return try cluster.create(resource, namespace: namespace, body: fresh, fixture: true)
            }
            return try cluster.update(registration, old: old, candidate: object, target: .wholeObject)
        }
    }

    /// Typed ``seed(_:_:)``.
    @discardableResult
    public func seed<T: KubernetesObject>(_ object: T) throws -> T {
        try KubeJSON.convert(try seed(T.resource, KubeJSON.value(of: object)), to: T.self)
    }

    /// Seeds several objects of one type, in order.
    public func seed<T: KubernetesObject>(_ objects: [T]) throws {
        for object in objects { try seed(object) }
    }

    /// The stored object, or `nil`.
    public func object(_ resource: ResourceType, _ key: ObjectKey) -> JSONValue? {
        state.withLock { state in
            let namespace = resource.namespaced ? key.namespace : nil
            return state.cluster.objects[ResourceID(resource)]?[ObjectKey(namespace: namespace, name: key.name)]
        }
    }

    /// The stored object decoded as `T`, or `nil`.
    public func object<T: KubernetesObject>(_ type: T.Type, _ key: ObjectKey) throws -> T? {
        try object(T.resource, key).map { try KubeJSON.convert($0, to: T.self) }
    }

    /// Every stored object of `resource` in `namespace` (all when `nil`), by namespace and name.
    public func objects(_ resource: ResourceType, namespace: String? = nil) -> [JSONValue] {
        state.withLock { $0.cluster.sortedObjects(ResourceID(resource), namespace: namespace) }
    }

    /// Typed ``objects(_:namespace:)``.
    public func objects<T: KubernetesObject>(_ type: T.Type, namespace: String? = nil) throws -> [T] {
        try objects(T.resource, namespace: namespace).map { try KubeJSON.convert($0, to: T.self) }
    }

    /// Changes a stored object as another client would with an unconditional update (e.g. a hand edit with
    /// kubectl): `change` may touch anything but server-managed metadata, status included. It runs under the
    /// fake's lock, so it must not call the fake.
    @discardableResult
    public func edit(
        _ resource: ResourceType, _ key: ObjectKey, _ change: (inout JSONValue) throws -> Void
    ) throws -> JSONValue {
        try mutate { cluster in
            let old = try cluster.get(resource, namespace: key.namespace, name: key.name)
            var candidate = old
            try change(&candidate)
            return try cluster.update(
                try cluster.registration(for: resource), old: old, candidate: candidate, target: .wholeObject)
        }
    }

    /// Replaces the `status` of a stored object, as the controller that owns that status would (through the status
    /// subresource when the resource has one).
    @discardableResult
    public func setStatus(_ resource: ResourceType, _ key: ObjectKey, _ status: JSONValue) throws -> JSONValue {
        try mutate { cluster in
            let registration = try cluster.registration(for: resource)
            let old = try cluster.get(resource, namespace: key.namespace, name: key.name)
            var candidate = old
            candidate["status"] = status
            candidate.setMeta("resourceVersion", nil)
            return try cluster.update(
                registration, old: old, candidate: candidate,
                target: registration.hasStatusSubresource ? .status : .wholeObject)
        }
    }

    /// Typed ``setStatus(_:_:_:)``.
    public func setStatus<T: HasStatus>(_ type: T.Type, _ key: ObjectKey, _ status: T.Status) throws {
        try setStatus(T.resource, key, KubeJSON.value(of: status))
    }

    /// Plays the Deployment controller: the Deployment at `key` has rolled out its current generation and every
    /// desired replica is available (``apps/v1/Deployment/isAvailable`` becomes true).
    public func markDeploymentAvailable(_ key: ObjectKey) throws {
        let deployment = try object(apps.v1.Deployment.resource, key)
            .orThrow(APIErrors.notFound(apps.v1.Deployment.resource, key.name))
        let replicas = JSONValue.int(deployment[path: ["spec", "replicas"]]?.intValue ?? 1)
        try setStatus(
            apps.v1.Deployment.resource, key,
            [
                "observedGeneration": deployment.meta("generation") ?? .int(1),
                "replicas": replicas, "updatedReplicas": replicas, "readyReplicas": replicas,
                "availableReplicas": replicas,
                "conditions": [
                    ["type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"],
                    ["type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"],
                ],
            ])
    }

    /// Drops the whole watch history, as an etcd compaction does: watches resuming from any resourceVersion before
    /// now get `410 Expired`, and so do continue tokens of lists started before now.
    public func compactHistory() {
        state.withLock { $0.cluster.compactHistory() }
    }
}

extension Optional {
    func orThrow(_ error: @autoclosure () -> any Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}
