import Foundation
import KubeCore

// Typed conveniences over the raw operations of ``KubeAPI``: encode and decode with ``KubeJSON`` and take the
// location from the type's ``ResourceType``.

extension KubeAPI {
    public func get<T: KubernetesObject>(_ type: T.Type, _ key: ObjectKey) async throws -> T {
        try decode(T.self, try await get(T.resource, namespace: key.namespace, name: key.name))
    }

    /// Like ``get(_:_:)`` but `nil` when the object does not exist.
    public func getIfPresent<T: KubernetesObject>(_ type: T.Type, _ key: ObjectKey) async throws -> T? {
        do {
            return try await get(type, key)
        } catch let error as KubeError where error.code == .notFound {
            return nil
        }
    }

    /// One page of a list.
    public func list<T: KubernetesObject>(
        _ type: T.Type, namespace: String?, options: ListOptions = ListOptions()
    ) async throws -> ObjectList<T> {
        try decode(ObjectList<T>.self, try await list(T.resource, namespace: namespace, options: options))
    }

    /// Every page of a list, following `continue` tokens. The returned `metadata.resourceVersion` is the first
    /// page's, from which a watch may start.
    public func listAll<T: KubernetesObject>(
        _ type: T.Type, namespace: String?, options: ListOptions = ListOptions()
    ) async throws -> ObjectList<T> {
        var options = options
        var result = try await list(type, namespace: namespace, options: options)
        var token = result.metadata.continue
        while let next = token, !next.isEmpty {
            options.continue = next
            let page = try await list(type, namespace: namespace, options: options)
            result.items += page.items
            token = page.metadata.continue
        }
        result.metadata.continue = nil
        return result
    }

    /// Watches `T`, decoding each line into a ``WatchEvent``.
    public func watch<T: KubernetesObject>(
        _ type: T.Type, namespace: String?, options: WatchOptions,
        onEvent: @Sendable (WatchEvent<T>) async throws -> Void
    ) async throws {
        try await watch(T.resource, namespace: namespace, options: options) { line in
            try await onEvent(try decode(WatchEvent<T>.self, line))
        }
    }

    public func create<T: KubernetesObject>(_ object: T) async throws -> T {
        try decode(T.self, try await create(T.resource, namespace: object.metadata.namespace, body: encode(object)))
    }

    /// `PUT` the whole object; a set `resourceVersion` makes it fail with `.conflict` when the object changed.
    public func replace<T: KubernetesObject>(_ object: T) async throws -> T {
        try decode(
            T.self,
            try await replace(
                T.resource, namespace: object.metadata.namespace, name: object.metadata.name ?? "", subresource: nil,
                body: encode(object)))
    }

    /// `PUT /status`: replaces the status only; compare-and-swap on `resourceVersion` when set.
    public func replaceStatus<T: HasStatus>(_ object: T) async throws -> T {
        try decode(
            T.self,
            try await replace(
                T.resource, namespace: object.metadata.namespace, name: object.metadata.name ?? "",
                subresource: "status", body: encode(object)))
    }

    /// Server-side apply of `object` (only the fields it sets) under `fieldManager`.
    ///
    /// `force` takes over fields that another manager owns, which is what a controller repairing hand edits wants.
    public func apply<T: KubernetesObject>(
        _ object: T, fieldManager: String, force: Bool = true, subresource: String? = nil
    ) async throws -> T {
        let request = PatchRequest(kind: .apply, body: try encode(object), fieldManager: fieldManager, force: force)
        return try decode(
            T.self,
            try await patch(
                T.resource, namespace: object.metadata.namespace, name: object.metadata.name ?? "",
                subresource: subresource, patch: request))
    }

    /// A merge or JSON patch of the object at `key`.
    public func patch<T: KubernetesObject>(
        _ type: T.Type, _ key: ObjectKey, _ patch: Patch, subresource: String? = nil, fieldManager: String? = nil
    ) async throws -> T {
        let request: PatchRequest
        switch patch {
        case .merge(let value):
            request = PatchRequest(kind: .merge, body: try KubeJSON.encode(value), fieldManager: fieldManager)
        case .json(let operations):
            request = PatchRequest(kind: .json, body: try KubeJSON.encode(operations), fieldManager: fieldManager)
        }
        return try decode(
            T.self,
            try await self.patch(
                T.resource, namespace: key.namespace, name: key.name, subresource: subresource, patch: request))
    }

    public func delete<T: KubernetesObject>(
        _ type: T.Type, _ key: ObjectKey, options: DeleteOptions = DeleteOptions()
    ) async throws {
        try await delete(T.resource, namespace: key.namespace, name: key.name, options: options)
    }

    /// Deletes and treats "already gone" as success.
    public func deleteIfPresent<T: KubernetesObject>(
        _ type: T.Type, _ key: ObjectKey, options: DeleteOptions = DeleteOptions()
    ) async throws {
        do {
            try await delete(type, key, options: options)
        } catch let error as KubeError where error.code == .notFound {
        }
    }
}

private func encode<T: Encodable>(_ value: T) throws -> Data { try KubeJSON.encode(value) }

private func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
    do {
        return try KubeJSON.decode(type, from: data)
    } catch {
        throw KubeError(code: .decoding, message: "cannot decode \(T.self): \(error)")
    }
}
