/// The type of a watch event line.
public enum WatchEventType: String, Codable, Sendable, Hashable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
    /// Carries only `metadata.resourceVersion`: progress of the watch, no change.
    case bookmark = "BOOKMARK"
    /// The object is an ``APIStatus`` (e.g. `410 Expired`), and the watch ends.
    case error = "ERROR"
}

/// One decoded line of a watch stream.
public enum WatchEvent<Object: KubernetesObject>: Sendable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// Progress marker: the stream has seen everything up to this resourceVersion.
    case bookmark(resourceVersion: String)
    /// The server ended the watch with this status (410 `Expired` when the resourceVersion is too old).
    case error(APIStatus)
}

extension WatchEvent: Decodable {
    private enum CodingKeys: String, CodingKey { case type, object }
    private struct BookmarkObject: Decodable {
        struct Meta: Decodable { var resourceVersion: String? }
        var metadata: Meta?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(WatchEventType.self, forKey: .type) {
        case .added: self = .added(try c.decode(Object.self, forKey: .object))
        case .modified: self = .modified(try c.decode(Object.self, forKey: .object))
        case .deleted: self = .deleted(try c.decode(Object.self, forKey: .object))
        case .bookmark:
            let object = try c.decode(BookmarkObject.self, forKey: .object)
            self = .bookmark(resourceVersion: object.metadata?.resourceVersion ?? "")
        case .error: self = .error(try c.decode(APIStatus.self, forKey: .object))
        }
    }
}
