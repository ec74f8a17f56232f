import KubeClient
import KubeCore

/// Keeps the children of an object in shape: applies each desired child, then deletes the children it controls that
/// are no longer desired (stackable's "cluster resources" pattern).
///
/// Guarantees:
/// - a desired child is written with server-side apply under one field manager (`force`, so hand edits to our fields
///   are taken back) whenever the live object lacks any field we set or our controller reference;
/// - a child whose live state already contains every field we set is not written at all: an in-shape object costs no
///   API call, so reconciles triggered by our own writes settle instead of looping;
/// - only children whose controller reference names the owner's uid are ever deleted, each with a uid precondition,
///   so a user's object of the same name and a recreated child are safe.
public struct ChildApplier: Sendable {
    public let api: any KubeAPI
    public let fieldManager: String

    public init(api: any KubeAPI, fieldManager: String) {
        self.api = api
        self.fieldManager = fieldManager
    }

    /// Applies `desired` unless `live` already has it. Returns the live object after the call and whether a write
    /// happened.
    @discardableResult
    public func apply<T: KubernetesObject>(_ desired: T, live: T?) async throws -> (object: T, written: Bool) {
        if let live, try Self.isInShape(live: live, desired: desired) { return (live, false) }
        return (try await api.apply(desired, fieldManager: fieldManager, force: true), true)
    }

    /// Whether `live` carries every field of `desired` (ignoring status and server-set metadata).
    public static func isInShape<T: KubernetesObject>(live: T, desired: T) throws -> Bool {
        var wanted = try KubeJSON.value(of: desired)
        wanted["status"] = nil
        return try KubeJSON.value(of: live).contains(subset: wanted)
    }

    /// Deletes each of `live` that `ownerUID` controls and whose name is not in `keep`. Returns the deleted keys.
    @discardableResult
    public func deleteUndesired<T: KubernetesObject>(
        _ live: [T], controlledBy ownerUID: String, keep: Set<String>
    ) async throws -> [ObjectKey] {
        var deleted: [ObjectKey] = []
        for child in live where child.metadata.controllerReference?.uid == ownerUID {
            guard let name = child.metadata.name, !keep.contains(name) else { continue }
            let options = DeleteOptions(
                propagationPolicy: .background, preconditions: .init(uid: child.metadata.uid))
            try await api.deleteIfPresent(T.self, child.key, options: options)
            deleted.append(child.key)
        }
        return deleted
    }
}
