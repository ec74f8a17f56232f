/// Namespace and name: how controllers and caches identify an object of a known type.
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// `nil` for cluster-scoped objects.
    public var namespace: String?
    public var name: String

    public init(namespace: String?, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// `namespace/name`, or `name` for cluster-scoped objects (the form kubectl and logs use).
    public var description: String { namespace.map { "\($0)/\(name)" } ?? name }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace ?? "", lhs.name) < (rhs.namespace ?? "", rhs.name)
    }
}

/// A typed reference to any object: resource type plus key. Used where one controller tracks objects of several
/// kinds (e.g. the Secrets and configs an ExporterScraperConfig depends on).
public struct ObjectReference: Sendable, Hashable, CustomStringConvertible {
    public var resource: ResourceType
    public var key: ObjectKey

    public init(_ resource: ResourceType, _ key: ObjectKey) {
        self.resource = resource
        self.key = key
    }

    public var description: String { "\(resource.kind) \(key)" }
}
