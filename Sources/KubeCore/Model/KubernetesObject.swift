/// A Kubernetes object type whose REST location is known statically.
///
/// Conforming types carry `apiVersion` and `kind` as stored properties so that encoding them yields a complete
/// manifest (for create and server-side apply); ``ResourceType`` tells clients where the object lives.
public protocol KubernetesObject: Codable, Sendable {
    static var resource: ResourceType { get }
    var apiVersion: String { get set }
    var kind: String { get set }
    var metadata: ObjectMeta { get set }
}

extension KubernetesObject {
    /// Namespace and name of this object. A missing name yields an empty string.
    public var key: ObjectKey { ObjectKey(namespace: metadata.namespace, name: metadata.name ?? "") }

    /// A typed reference to this object.
    public var reference: ObjectReference { ObjectReference(Self.resource, key) }

    /// A reference to this object as its controller, for the children it owns.
    ///
    /// `blockOwnerDeletion` is set so that foreground deletion of the owner waits for its children.
    public var controllerOwnerReference: OwnerReference {
        OwnerReference(
            apiVersion: Self.resource.apiVersion, kind: Self.resource.kind, name: metadata.name ?? "",
            uid: metadata.uid ?? "", controller: true, blockOwnerDeletion: true)
    }

    /// Whether `other` names this object as its controller (by uid, which survives recreation under the same name).
    public func isController(of other: ObjectMeta) -> Bool {
        guard let uid = metadata.uid else { return false }
        return other.controllerReference?.uid == uid
    }
}

/// A Kubernetes object with a status subresource.
public protocol HasStatus: KubernetesObject {
    associatedtype Status: Codable, Sendable, Equatable
    var status: Status? { get set }
}

/// The body of a list call.
public struct ObjectList<Item: KubernetesObject>: Codable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta
    public var items: [Item]

    public init(metadata: ListMeta = ListMeta(), items: [Item]) {
        self.metadata = metadata
        self.items = items
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, items }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        metadata = try c.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        // The API server writes `"items": null` for an empty list of some kinds, and items of built-in lists carry
        // no apiVersion/kind of their own on the wire: fill them in from the type before decoding.
        let raw = try c.decodeIfPresent([JSONValue].self, forKey: .items) ?? []
        items = try raw.map { value in
            var value = value
            if value["apiVersion"] == nil { value["apiVersion"] = .string(Item.resource.apiVersion) }
            if value["kind"] == nil { value["kind"] = .string(Item.resource.kind) }
            return try KubeJSON.convert(value, to: Item.self)
        }
    }
}
