/// Which API resource a type lives at: group, version, kind, plural and scope.
///
/// Built-in types and our CRDs each declare one, so that clients build URLs and fakes key their stores from the type
/// alone, without discovery.
public struct ResourceType: Sendable, Hashable, CustomStringConvertible {
    /// API group; empty for the core group (`v1`).
    public var group: String
    public var version: String
    public var kind: String
    /// Lower-case plural used in URLs, e.g. `exporterscraperconfigs`.
    public var plural: String
    public var namespaced: Bool

    public init(group: String, version: String, kind: String, plural: String, namespaced: Bool = true) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.namespaced = namespaced
    }

    /// `v1` for the core group, `group/version` otherwise.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `plural.group` (`deployments.apps`), the form kubectl and RBAC use.
    public var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    public var description: String { qualifiedName }

    /// The REST path of the collection (`name == nil`) or of one object, with an optional subresource.
    ///
    /// A `nil` namespace on a namespaced resource addresses all namespaces (list and watch only).
    public func path(namespace: String?, name: String? = nil, subresource: String? = nil) -> String {
        var path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { path += "/namespaces/\(PercentEncoding.escape(namespace))" }
        path += "/\(plural)"
        if let name {
            path += "/\(PercentEncoding.escape(name))"
            if let subresource { path += "/\(subresource)" }
        }
        return path
    }
}
