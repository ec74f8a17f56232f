import KubeClient
import KubeCore

// Deletion as kube-apiserver and the garbage collector do it, but immediately: finalizers hold an object with a
// `deletionTimestamp` until they are removed; a real deletion collects every dependent that names the deleted uid
// in its `ownerReferences`.

extension FakeCluster {
    /// `DELETE`: checks the preconditions, then deletes (or, with finalizers, marks for deletion).
    mutating func delete(
        _ resource: ResourceType, namespace: String?, name: String, options: DeleteOptions
    ) throws {
        let (registration, key) = try locate(resource, namespace: namespace, name: name)
        guard let object = objects[registration.id]?[key] else { throw APIErrors.notFound(registration.type, name) }
        if let uid = options.preconditions?.uid, uid != object.metaString("uid") {
            throw APIErrors.conflict(
                registration.type, name,
                "Precondition failed: UID in precondition: \(uid), UID in object meta: "
                    + (object.metaString("uid") ?? ""))
        }
        if let version = options.preconditions?.resourceVersion, version != object.metaString("resourceVersion") {
            throw APIErrors.conflict(
                registration.type, name,
                "Precondition failed: ResourceVersion in precondition: \(version), ResourceVersion in object meta: "
                    + (object.metaString("resourceVersion") ?? ""))
        }
        if options.propagationPolicy == .orphan, let uid = object.metaString("uid") { orphaning.insert(uid) }
        deleteObject(registration.id, key)
    }

    /// Deletes the object now, or marks it with a `deletionTimestamp` when finalizers hold it. Marking an object
    /// that is already marked changes nothing.
    mutating func deleteObject(_ id: ResourceID, _ key: ObjectKey) {
        guard let object = objects[id]?[key] else { return }
        guard object.finalizers.isEmpty else {
            guard !object.isBeingDeleted else { return }
            var marked = object
            marked.setMeta("deletionTimestamp", timestamp)
            marked.setMeta("deletionGracePeriodSeconds", .int(0))
            commit(.modified, id, marked, previous: object)
            return
        }
        finishDeletion(id, object, previous: object)
    }

    /// Removes the object (its last state is `object`), then collects its dependents.
    @discardableResult
    mutating func finishDeletion(_ id: ResourceID, _ object: JSONValue, previous: JSONValue) -> JSONValue {
        let deleted = commit(.deleted, id, object, previous: previous)
        if let uid = deleted.metaString("uid") {
            collectDependents(of: uid, orphan: orphaning.remove(uid) != nil)
        }
        return deleted
    }

    /// The garbage collector's pass for one deleted owner, in a stable order (resource, namespace, name).
    ///
    /// A dependent that still has another existing owner, or whose owner was deleted with `Orphan` propagation,
    /// only loses the reference to the deleted owner; any other dependent is deleted (recursively, with the same
    /// finalizer rules).
    mutating func collectDependents(of uid: String, orphan: Bool) {
        for id in objects.keys.sorted() {
            for key in (objects[id] ?? [:]).keys.sorted() {
                // Re-read: collecting an earlier dependent may already have changed or removed this one.
                guard let dependent = objects[id]?[key], dependent.ownerUIDs.contains(uid) else { continue }
                let otherOwners = dependent.ownerUIDs.filter { $0 != uid && uidExists($0) }
                if orphan || !otherOwners.isEmpty {
                    var released = dependent
                    let references = dependent.meta("ownerReferences")?.arrayValue ?? []
                    released.setMeta(
                        "ownerReferences", .array(references.filter { $0["uid"]?.stringValue != uid }))
                    commit(.modified, id, released.normalizedForStorage, previous: dependent)
                } else {
                    deleteObject(id, key)
                }
            }
        }
    }
}
