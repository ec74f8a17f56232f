import Foundation

/// `metav1.ObjectMeta`: the fields of object metadata that this project reads or writes.
///
/// Fields we do not model (e.g. `managedFields`) are dropped on decode; they are never sent back, which the API server
/// treats as "unchanged" for updates and server-side apply.
public struct ObjectMeta: Codable, Sendable, Hashable {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    public var creationTimestamp: Date?
    public var deletionTimestamp: Date?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var ownerReferences: [OwnerReference]?
    public var finalizers: [String]?

    public init(
        name: String? = nil, namespace: String? = nil, labels: [String: String]? = nil,
        annotations: [String: String]? = nil, ownerReferences: [OwnerReference]? = nil, finalizers: [String]? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.ownerReferences = ownerReferences
        self.finalizers = finalizers
    }

    /// The owner reference marked `controller: true`, if any.
    public var controllerReference: OwnerReference? { ownerReferences?.first { $0.controller == true } }

    /// Whether deletion has been requested (the object lives on only until its finalizers are removed).
    public var isBeingDeleted: Bool { deletionTimestamp != nil }
}

/// `metav1.OwnerReference`: ties a child to its owner for garbage collection and for watch triggers.
public struct OwnerReference: Codable, Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String
    public var controller: Bool?
    public var blockOwnerDeletion: Bool?

    public init(
        apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil,
        blockOwnerDeletion: Bool? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }
}

/// `metav1.ListMeta`.
public struct ListMeta: Codable, Sendable, Hashable {
    public var resourceVersion: String?
    /// Opaque token for the next page of a paginated list; absent or empty on the last page.
    public var `continue`: String?
    public var remainingItemCount: Int64?

    public init(resourceVersion: String? = nil, continue: String? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = `continue`
    }
}
