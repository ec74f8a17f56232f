import KubeCore

/// A reference to a namespaced object by name, as Krateo writes it: `{name, namespace}`.
///
/// Krateo's CRDs required both fields; ours require only `name`, and a missing `namespace` means the namespace of
/// the object that holds the reference (see ``resolved(defaultNamespace:)``).
public struct ObjectRef: Codable, Sendable, Hashable {
    /// Name of the referenced object.
    public var name: String
    /// Namespace of the referenced object; `nil` or empty means "same namespace as the referring object".
    public var namespace: String?

    /// Creates a reference; leave `namespace` out to point into the referring object's namespace.
    public init(name: String, namespace: String? = nil) {
        self.name = name
        self.namespace = namespace
    }

    /// The key of the referenced object, with `defaultNamespace` filled in when no namespace was given.
    public func resolved(defaultNamespace: String) -> ObjectKey {
        ObjectKey(namespace: namespace.nonEmpty ?? defaultNamespace, name: name)
    }
}

/// A reference to one key of a Secret: `{name, namespace, key}` (Krateo's `SecretKeySelector`).
public struct SecretKeyRef: Codable, Sendable, Hashable {
    /// Name of the Secret.
    public var name: String
    /// Namespace of the Secret; `nil` or empty means "same namespace as the referring object".
    public var namespace: String?
    /// The key inside the Secret's `data` (or `stringData`) whose value is used.
    public var key: String

    /// Creates a reference to `key` of the Secret `name`.
    public init(name: String, namespace: String? = nil, key: String) {
        self.name = name
        self.namespace = namespace
        self.key = key
    }

    /// The Secret and key, with `defaultNamespace` filled in when no namespace was given.
    public func resolved(defaultNamespace: String) -> ResolvedSecretKey {
        ResolvedSecretKey(secret: ObjectKey(namespace: namespace.nonEmpty ?? defaultNamespace, name: name), key: key)
    }
}

/// A Secret key with its namespace resolved: what a controller reads at the moment of use.
public struct ResolvedSecretKey: Sendable, Hashable, CustomStringConvertible {
    /// Namespace and name of the Secret.
    public var secret: ObjectKey
    /// The key inside the Secret.
    public var key: String

    /// Creates a resolved reference.
    public init(secret: ObjectKey, key: String) {
        self.secret = secret
        self.key = key
    }

    /// `namespace/name[key]`; names only, never the value.
    public var description: String { "\(secret)[\(key)]" }
}

extension Optional where Wrapped == String {
    /// The string, or `nil` when it is absent or empty: Krateo's Go types write empty strings for unset fields.
    var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
