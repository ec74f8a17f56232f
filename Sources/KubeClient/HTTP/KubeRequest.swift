import Foundation
import KubeCore

/// One request to the API server as plain data: verb, path, query and body, before any I/O.
///
/// ``HTTPKubeClient`` builds one per ``KubeAPI`` operation with the factory functions below and hands it to the
/// transport; tests check URLs and bodies without a server.
///
/// Guarantees: query parameters keep the order they were added in (so URLs are deterministic), and every name and
/// value is percent-encoded with everything but RFC 3986 unreserved characters escaped, so a selector such as
/// `app in (a,b),tier!=db` or an opaque `continue` token reaches the server unchanged.
struct KubeRequest: Sendable, Hashable {
    enum Verb: String, Sendable, Hashable { case GET, POST, PUT, PATCH, DELETE }

    struct QueryItem: Sendable, Hashable {
        var name: String
        var value: String
    }

    var verb: Verb
    /// The REST path, e.g. `/api/v1/namespaces/default/configmaps/a`, without the server's own path prefix.
    var path: String
    var query: [QueryItem] = []
    var body: Data?
    var contentType: String?
    /// Whether the response is a stream of watch events rather than one JSON document.
    var isWatch = false

    /// `path?query`, percent-encoded, to be appended to the server's base URL.
    var pathAndQuery: String {
        guard !query.isEmpty else { return path }
        return path + "?"
            + query.map { "\(PercentEncoding.escape($0.name))=\(PercentEncoding.escape($0.value))" }
            .joined(separator: "&")
    }

    fileprivate mutating func add(_ name: String, _ value: String?) {
        if let value, !value.isEmpty { query.append(QueryItem(name: name, value: value)) }
    }
}

// MARK: - One factory per KubeAPI operation

extension KubeRequest {
    static func get(_ resource: ResourceType, namespace: String?, name: String) -> KubeRequest {
        KubeRequest(verb: .GET, path: resource.path(namespace: namespace, name: name))
    }

    static func list(_ resource: ResourceType, namespace: String?, options: ListOptions) -> KubeRequest {
        var request = KubeRequest(verb: .GET, path: resource.path(namespace: namespace))
        request.add("labelSelector", options.labelSelector)
        request.add("fieldSelector", options.fieldSelector)
        request.add("limit", options.limit.map(String.init))
        request.add("continue", options.continue)
        request.add("resourceVersion", options.resourceVersion)
        return request
    }

    static func watch(_ resource: ResourceType, namespace: String?, options: WatchOptions) -> KubeRequest {
        var request = KubeRequest(verb: .GET, path: resource.path(namespace: namespace), isWatch: true)
        request.add("watch", "true")
        request.add("labelSelector", options.labelSelector)
        request.add("fieldSelector", options.fieldSelector)
        request.add("resourceVersion", options.resourceVersion)
        if options.allowWatchBookmarks { request.add("allowWatchBookmarks", "true") }
        request.add("timeoutSeconds", options.timeoutSeconds.map(String.init))
        return request
    }

    static func create(_ resource: ResourceType, namespace: String?, body: Data) -> KubeRequest {
        KubeRequest(
            verb: .POST, path: resource.path(namespace: namespace), body: body, contentType: "application/json")
    }

    static func replace(
        _ resource: ResourceType, namespace: String?, name: String, subresource: String?, body: Data
    ) -> KubeRequest {
        KubeRequest(
            verb: .PUT, path: resource.path(namespace: namespace, name: name, subresource: subresource), body: body,
            contentType: "application/json")
    }

    static func patch(
        _ resource: ResourceType, namespace: String?, name: String, subresource: String?, patch: PatchRequest
    ) -> KubeRequest {
        var request = KubeRequest(
            verb: .PATCH, path: resource.path(namespace: namespace, name: name, subresource: subresource),
            body: patch.body, contentType: patch.contentType)
        request.add("fieldManager", patch.fieldManager)
        // `force` is only meaningful (and only accepted) for server-side apply.
        if patch.kind == .apply && patch.force { request.add("force", "true") }
        return request
    }

    static func delete(
        _ resource: ResourceType, namespace: String?, name: String, options: DeleteOptions
    ) throws -> KubeRequest {
        KubeRequest(
            verb: .DELETE, path: resource.path(namespace: namespace, name: name), body: try options.body(),
            contentType: "application/json")
    }
}
