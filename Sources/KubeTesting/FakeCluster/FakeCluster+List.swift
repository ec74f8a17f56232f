import Foundation
import KubeClient
import KubeCore

// List with selectors and pagination, and the starting point of a watch.

extension FakeCluster {
    /// `GET` on a collection: one page of matching objects in namespace/name order.
    ///
    /// The continue token carries the resourceVersion of the first page and the last key returned. Later pages
    /// report that resourceVersion, as kube-apiserver does, but read the current objects (the real server reads a
    /// snapshot); a token older than the compacted history is `410 Expired`, as on the real server.
    func list(_ resource: ResourceType, namespace: String?, options: ListOptions) throws -> JSONValue {
        let registration = try registration(for: resource)
        let namespace = registration.type.namespaced ? namespace : nil
        let filter = try ObjectFilter(
            namespace: namespace, labelSelector: options.labelSelector, fieldSelector: options.fieldSelector)
        var listRevision = revision
        var matching = sortedObjects(registration.id, namespace: namespace).filter(filter.matches)
        if let token = options.continue, !token.isEmpty {
            let (tokenRevision, after) = try Self.decodeContinue(token)
            guard tokenRevision >= compactedRevision else {
                throw APIErrors.expired(
                    "The provided continue parameter is too old to display a consistent list result. You can start "
                        + "a new list without the continue parameter.")
            }
            listRevision = tokenRevision
            matching.removeAll { $0.storedKey <= after }
        }
        var metadata: [String: JSONValue] = ["resourceVersion": .string(String(listRevision))]
        if let limit = options.limit, limit > 0, matching.count > limit {
            let remaining = matching.count - limit
            matching = Array(matching.prefix(limit))
            metadata["continue"] = .string(Self.encodeContinue(listRevision, after: matching[limit - 1].storedKey))
            metadata["remainingItemCount"] = .int(Int64(remaining))
        }
        return .object([
            "apiVersion": .string(registration.type.apiVersion),
            "kind": .string(registration.type.kind + "List"),
            "metadata": .object(metadata),
            "items": .array(matching),
        ])
    }

    /// What a new watch starts with.
    enum WatchStart {
        /// Events to send before the live ones.
        case events([WatchFrame])
        /// The resourceVersion is older than the history: the watch sends this status as an `ERROR` and ends.
        case expired(APIStatus)
    }

    /// Without a resourceVersion (or with `"0"`): a synthetic `ADDED` for every matching object. With one: every
    /// matching change after it, from the history.
    func watchStart(_ registration: Registration, filter: ObjectFilter, resourceVersion: String?) throws -> WatchStart {
        guard let resourceVersion, !resourceVersion.isEmpty, resourceVersion != "0" else {
            let current = sortedObjects(registration.id, namespace: filter.namespace).filter(filter.matches)
            return .events(current.map { WatchFrame(type: .added, object: $0) })
        }
        guard let start = Int64(resourceVersion), start >= 0 else {
            throw APIErrors.badRequest("invalid resource version: \(resourceVersion)")
        }
        guard start >= compactedRevision else {
            return .expired(APIErrors.expiredStatus("too old resource version: \(start) (\(compactedRevision))"))
        }
        let replay = history.filter { $0.resource == registration.id && $0.revision > start }
        return .events(replay.compactMap(filter.frame(for:)))
    }

    // MARK: - Continue tokens

    static func encodeContinue(_ revision: Int64, after key: ObjectKey) -> String {
        Data("\(revision)\n\(key.namespace ?? "")\n\(key.name)".utf8).base64EncodedString()
    }

    static func decodeContinue(_ token: String) throws -> (Int64, ObjectKey) {
        let parts = Data(base64Encoded: token).flatMap { String(data: $0, encoding: .utf8) }?
            .split(separator: "\n", omittingEmptySubsequences: false)
        guard let parts, parts.count == 3, let revision = Int64(parts[0]) else {
            throw APIErrors.badRequest("continue key is not valid: \(token)")
        }
        let namespace = parts[1].isEmpty ? nil : String(parts[1])
        return (revision, ObjectKey(namespace: namespace, name: String(parts[2])))
    }
}
