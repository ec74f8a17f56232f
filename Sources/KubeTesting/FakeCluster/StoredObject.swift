import Foundation
import KubeCore

// How the fake reads and writes the metadata of objects it stores as plain JSON.

/// Where an API resource lives in the fake's storage: group, version and plural, as in its URL.
struct ResourceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    var group: String
    var version: String
    var plural: String

    init(_ resource: ResourceType) {
        group = resource.group
        version = resource.version
        plural = resource.plural
    }

    var description: String { group.isEmpty ? "\(version)/\(plural)" : "\(group)/\(version)/\(plural)" }

    static func < (lhs: ResourceID, rhs: ResourceID) -> Bool { lhs.description < rhs.description }
}

/// One committed write: a step of the global history that watches replay and follow.
struct Change: Sendable {
    var resource: ResourceID
    /// `.added`, `.modified` or `.deleted`.
    var type: WatchEventType
    /// The object as stored by this write (for `.deleted`, its last state with the deletion's resourceVersion).
    var object: JSONValue
    /// The object before this write; `nil` for `.added`.
    var previous: JSONValue?
    var revision: Int64
}

/// Metadata fields that only the server sets: an update or patch cannot change them.
let serverManagedMetadata = [
    "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
    "deletionGracePeriodSeconds",
]

extension JSONValue {
    /// The member `field` of `metadata`.
    func meta(_ field: String) -> JSONValue? { self["metadata"]?[field] }

    /// The member `field` of `metadata` when it is a string.
    func metaString(_ field: String) -> String? { meta(field)?.stringValue }

    /// Sets (or, with `nil`, removes) the member `field` of `metadata`, creating `metadata` when missing.
    mutating func setMeta(_ field: String, _ value: JSONValue?) {
        guard case .object = self else { return }
        var metadata = self["metadata"].flatMap { $0.objectValue.map(JSONValue.object) } ?? .object([:])
        metadata[field] = value
        self["metadata"] = metadata
    }

    /// Namespace and name as stored.
    var storedKey: ObjectKey { ObjectKey(namespace: metaString("namespace"), name: metaString("name") ?? "") }

    var finalizers: [String] { meta("finalizers")?.arrayValue?.compactMap(\.stringValue) ?? [] }

    var isBeingDeleted: Bool { meta("deletionTimestamp").map { !$0.isNull } ?? false }

    /// The uids named by `metadata.ownerReferences`.
    var ownerUIDs: [String] { meta("ownerReferences")?.arrayValue?.compactMap { $0["uid"]?.stringValue } ?? [] }

    var labels: [String: String] { meta("labels")?.objectValue?.compactMapValues(\.stringValue) ?? [:] }

    /// The object as a Go API server stores it: no `null` members anywhere (Go decodes them to "absent") and no
    /// empty `metadata` containers (`labels: {}`, `finalizers: []` are `omitempty`).
    var normalizedForStorage: JSONValue {
        guard case .object(var members) = withoutNulls else { return self }
        if case .object(let metadata)? = members["metadata"] {
            members["metadata"] = .object(metadata.filter { !$0.value.isEmptyCollection })
        }
        return .object(members)
    }

    /// What `metadata.generation` tracks: everything but `metadata` (and `status` when the resource has a status
    /// subresource; without one, a status change is a spec change, as for a CRD without the subresource).
    func generationTrackedPart(ignoringStatus: Bool) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members["metadata"] = nil
        if ignoringStatus { members["status"] = nil }
        return .object(members)
    }

    private var withoutNulls: JSONValue {
        switch self {
        case .object(let members): return .object(members.compactMapValues { $0 == .null ? nil : $0.withoutNulls })
        case .array(let items): return .array(items.map(\.withoutNulls))
        default: return self
        }
    }

    private var isEmptyCollection: Bool {
        switch self {
        case .object(let members): return members.isEmpty
        case .array(let items): return items.isEmpty
        default: return false
        }
    }
}

/// A timestamp as `metav1.Time` stores it: whole seconds, RFC 3339.
func storedTimestamp(_ date: Date) -> JSONValue {
    .string(KubeTime.format(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))))
}
