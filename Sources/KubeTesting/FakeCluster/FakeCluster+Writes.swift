import Foundation
import KubeClient
import KubeCore

// Create, replace and patch, with the rules kube-apiserver applies to every write: server-managed metadata,
// status subresource, generation, optimistic concurrency, no-op writes, and finalizers at deletion.

extension FakeCluster {
    /// Which part of the stored object a write may change.
    enum WriteTarget: Equatable {
        /// The main resource: everything but server-managed metadata and (with a status subresource) `status`.
        case main
        /// The `status` subresource: `status` only.
        case status
        /// Test fixtures: everything but server-managed metadata, status included, no resourceVersion check.
        case wholeObject
    }

    // MARK: - Create

    /// `POST`. A `fixture` (``FakeKubeAPI/seed(_:_:)``) keeps what a real create would not: `status` on a resource
    /// with a status subresource, and a given `creationTimestamp` or `deletionTimestamp`.
    mutating func create(
        _ resource: ResourceType, namespace: String?, body: JSONValue, fixture: Bool = false
    ) throws -> JSONValue {
        let registration = try registration(for: resource)
        let type = registration.type
        guard case .object = body else { throw APIErrors.badRequest("the body of a create must be a JSON object") }
        var object = body.normalizedForStorage
        try checkTypeMeta(object, of: registration, required: false)
        let namespace = try namespaceForCreate(registration, url: namespace, body: object.metaString("namespace"))
        if let version = object.metaString("resourceVersion"), !version.isEmpty {
            throw APIErrors.badRequest("resourceVersion should not be set on objects to be created")
        }
        var name = object.metaString("name") ?? ""
        if name.isEmpty {
            guard let prefix = object.metaString("generateName"), !prefix.isEmpty else {
                throw APIErrors.invalid(type, "", "metadata.name: Required value: name or generateName is required")
            }
            repeat {
                name = prefix + nextGeneratedSuffix()
            } while objects[registration.id]?[ObjectKey(namespace: namespace, name: name)] != nil
        }
        try validateName(name, of: type)
        guard objects[registration.id]?[ObjectKey(namespace: namespace, name: name)] == nil else {
            throw APIErrors.alreadyExists(type, name)
        }
        object["apiVersion"] = .string(type.apiVersion)
        object["kind"] = .string(type.kind)
        object.setMeta("name", .string(name))
        object.setMeta("namespace", namespace.map(JSONValue.string))
        object.setMeta("uid", .string(nextUID()))
        object.setMeta("generation", .int(1))
        if !fixture || object.meta("creationTimestamp") == nil { object.setMeta("creationTimestamp", timestamp) }
        if !fixture {
            object.setMeta("deletionTimestamp", nil)
            object.setMeta("deletionGracePeriodSeconds", nil)
            if registration.hasStatusSubresource { object["status"] = nil }
        }
        registration.defaulter?(&object, nil)
        return commit(.added, registration.id, object.normalizedForStorage, previous: nil)
    }

    // MARK: - Replace and patch

    /// `PUT` of the object or its `status` subresource.
    mutating func replace(
        _ resource: ResourceType, namespace: String?, name: String, subresource: String?, body: JSONValue
    ) throws -> JSONValue {
        let (registration, key) = try locate(resource, namespace: namespace, name: name)
        let target = try writeTarget(registration, subresource: subresource)
        guard case .object = body else { throw APIErrors.badRequest("the body of an update must be a JSON object") }
        try checkNameAndNamespace(body, key: key, registration: registration)
        guard let old = objects[registration.id]?[key] else { throw APIErrors.notFound(registration.type, name) }
        return try update(registration, old: old, candidate: body, target: target)
    }

    /// `PATCH` of the object or its `status` subresource. Server-side apply is a merge of the applied manifest onto
    /// the object (see ``FakeKubeAPI`` for what that leaves out) and creates the object when it is missing.
    mutating func patch(
        _ resource: ResourceType, namespace: String?, name: String, subresource: String?, patch: PatchRequest
    ) throws -> JSONValue {
        let (registration, key) = try locate(resource, namespace: namespace, name: name)
        let type = registration.type
        let target = try writeTarget(registration, subresource: subresource)
        let old = objects[registration.id]?[key]
        switch patch.kind {
        case .merge:
            let body = try decodePatchBody(JSONValue.self, patch.body)
            guard let old else { throw APIErrors.notFound(type, name) }
            return try update(registration, old: old, candidate: old.applyingMergePatch(body), target: target)
        case .json:
            let operations = try decodePatchBody([JSONPatchOperation].self, patch.body)
            guard let old else { throw APIErrors.notFound(type, name) }
            let candidate: JSONValue
            do {
                candidate = try old.applying(operations)
            } catch let error as PatchError {
                // kube-apiserver answers 422 for a JSON patch that cannot be applied, a failed `test` included.
                throw APIErrors.invalid(type, name, "the JSON patch cannot be applied: \(error.message)")
            }
            return try update(registration, old: old, candidate: candidate, target: target)
        case .apply:
            guard let manager = patch.fieldManager, !manager.isEmpty else {
                throw APIErrors.badRequest("PATCH with apply requires a fieldManager")
            }
            let body = try decodePatchBody(JSONValue.self, patch.body)
            guard case .object = body else { throw APIErrors.badRequest("an applied manifest must be a JSON object") }
            try checkTypeMeta(body, of: registration, required: true)
            try checkNameAndNamespace(body, key: key, registration: registration)
            guard let old else {
                guard target == .main else { throw APIErrors.notFound(type, name) }
                var manifest = body
                manifest.setMeta("name", .string(name))
                manifest.setMeta("resourceVersion", nil)
                return try create(type, namespace: key.namespace, body: manifest)
            }
            return try update(registration, old: old, candidate: old.applyingMergePatch(body), target: target)
        }
    }

    /// The common end of every update: `candidate` is the whole object the request asks for.
    mutating func update(
        _ registration: Registration, old: JSONValue, candidate: JSONValue, target: WriteTarget
    ) throws -> JSONValue {
        let type = registration.type
        let name = old.metaString("name") ?? ""
        guard case .object = candidate else {
            throw APIErrors.invalid(type, name, "the object after the write is not a JSON object")
        }
        let candidate = candidate.normalizedForStorage
        if target != .wholeObject, let version = candidate.metaString("resourceVersion"), !version.isEmpty,
            version != old.metaString("resourceVersion")
        {
            throw APIErrors.staleResourceVersion(type, name)
        }
        var next: JSONValue
        switch target {
        case .status:
            next = old
            next["status"] = candidate["status"]
        case .main, .wholeObject:
            next = candidate
            for field in serverManagedMetadata { next.setMeta(field, old.meta(field)) }
            next["apiVersion"] = old["apiVersion"]
            next["kind"] = old["kind"]
            if target == .main && registration.hasStatusSubresource { next["status"] = old["status"] }
            if old.isBeingDeleted && !Set(next.finalizers).isSubset(of: old.finalizers) {
                throw APIErrors.invalid(
                    type, name,
                    "metadata.finalizers: Forbidden: no new finalizers can be added if the object is "
                        + "being deleted")
            }
            registration.defaulter?(&next, old)
        }
        next = next.normalizedForStorage
        let tracked = { (object: JSONValue) in
            object.generationTrackedPart(ignoringStatus: registration.hasStatusSubresource)
        }
        if !tracked(next).isSemanticallyEqual(to: tracked(old)) {
            next.setMeta("generation", .int((old.meta("generation")?.intValue ?? 0) + 1))
        }
        // A write that changes nothing is not a write: same resourceVersion, no watch event.
        if next.isSemanticallyEqual(to: old) { return old }
        if next.isBeingDeleted && next.finalizers.isEmpty {
            return finishDeletion(registration.id, next, previous: old)
        }
        return commit(.modified, registration.id, next, previous: old)
    }

    // MARK: - Request checks

    func writeTarget(_ registration: Registration, subresource: String?) throws -> WriteTarget {
        switch subresource {
        case nil, "": return .main
        case "status" where registration.hasStatusSubresource: return .status
        default: throw APIErrors.unknownResource(registration.type)
        }
    }

    private func namespaceForCreate(_ registration: Registration, url: String?, body: String?) throws -> String? {
        guard registration.type.namespaced else { return nil }
        guard let url, !url.isEmpty else {
            throw APIErrors.methodNotAllowed("a \(registration.type.kind) is created in a namespace")
        }
        if let body, !body.isEmpty, body != url {
            throw APIErrors.badRequest(
                "the namespace of the provided object does not match the namespace sent on the request")
        }
        return url
    }

    private func checkNameAndNamespace(_ body: JSONValue, key: ObjectKey, registration: Registration) throws {
        if let name = body.metaString("name"), !name.isEmpty, name != key.name {
            throw APIErrors.badRequest(
                "the name of the object (\(name)) does not match the name on the URL (\(key.name))")
        }
        if registration.type.namespaced, let namespace = body.metaString("namespace"), !namespace.isEmpty,
            namespace != key.namespace
        {
            throw APIErrors.badRequest(
                "the namespace of the provided object does not match the namespace sent on the request")
        }
    }

    /// `apiVersion` and `kind` must name the resource when set (server-side apply requires them).
    private func checkTypeMeta(_ body: JSONValue, of registration: Registration, required: Bool) throws {
        let type = registration.type
        for (field, expected) in [("apiVersion", type.apiVersion), ("kind", type.kind)] {
            switch body[field]?.stringValue {
            case nil where required: throw APIErrors.badRequest("\(field) must be set")
            case let value? where value != expected:
                throw APIErrors.badRequest("\(field) \(value) does not match the resource (\(expected))")
            default: break
            }
        }
    }

    /// Names are DNS subdomains: lower-case alphanumerics, `-` and `.`, alphanumeric at both ends, ≤ 253.
    private func validateName(_ name: String, of type: ResourceType) throws {
        let bytes = Array(name.utf8)
        func alphanumeric(_ b: UInt8) -> Bool { (97...122).contains(b) || (48...57).contains(b) }
        let valid =
            bytes.count <= 253 && bytes.first.map(alphanumeric) == true && bytes.last.map(alphanumeric) == true
            && bytes.allSatisfy { alphanumeric($0) || $0 == 45 || $0 == 46 }
        guard valid else {
            throw APIErrors.invalid(
                type, name,
                "metadata.name: Invalid value: \"\(name)\": a lowercase RFC 1123 subdomain must consist "
                    + "of lower case alphanumeric characters, '-' or '.', and must start and end with an "
                    + "alphanumeric character")
        }
    }

    private func decodePatchBody<T: Decodable>(_ type: T.Type, _ body: Data) throws -> T {
        do {
            return try KubeJSON.decode(type, from: body)
        } catch {
            throw APIErrors.badRequest("the patch body cannot be decoded: \(error)")
        }
    }
}
