import Foundation
import KubeClient
import KubeCore

/// One requirement of a field selector. The fields every resource supports are `metadata.name` and
/// `metadata.namespace`, plus the Pod fields `spec.nodeName` and `status.phase` (which the real server supports for
/// Pods only); anything else is `400 BadRequest` ("field label not supported"), as on the real server.
struct FieldRequirement: Sendable, Hashable {
    var field: String
    var value: String
    var negated: Bool

    func matches(_ object: JSONValue) -> Bool {
        let actual: String
        if field.hasPrefix("metadata.") {
            actual = object.metaString(String(field.dropFirst("metadata.".count))) ?? ""
        } else {
            actual = object[path: field.split(separator: ".").map(String.init)]?.stringValue ?? ""
        }
        return (actual == value) != negated
    }

    static let supported: Set<String> = ["metadata.name", "metadata.namespace", "spec.nodeName", "status.phase"]

    /// Parses `field=value`, `field==value` and `field!=value` terms separated by commas (AND).
    static func parse(_ selector: String) throws -> [FieldRequirement] {
        try selector.split(separator: ",").map { term in
            let term = term.trimmingCharacters(in: .whitespaces)
            let (field, value, negated): (Substring, Substring, Bool)
            if let range = term.range(of: "!=") {
                (field, value, negated) = (term[..<range.lowerBound], term[range.upperBound...], true)
            } else if let range = term.range(of: "==") ?? term.range(of: "=") {
                (field, value, negated) = (term[..<range.lowerBound], term[range.upperBound...], false)
            } else {
                throw APIErrors.badRequest("invalid field selector term: \(term)")
            }
            let name = field.trimmingCharacters(in: .whitespaces)
            guard supported.contains(name) else {
                throw APIErrors.badRequest("field label not supported: \(name)")
            }
            return FieldRequirement(
                field: name, value: value.trimmingCharacters(in: .whitespaces), negated: negated)
        }
    }
}

/// One event as a watcher receives it: type and object.
struct WatchFrame: Sendable {
    var type: WatchEventType
    var object: JSONValue
}

/// What a list or a watch selects: a namespace (all when `nil`), label and field requirements.
struct ObjectFilter: Sendable {
    var namespace: String?
    var labels: [LabelRequirement]
    var fields: [FieldRequirement]

    init(namespace: String?, labelSelector: String?, fieldSelector: String?) throws {
        self.namespace = namespace
        labels = try labelSelector.map(LabelRequirement.parse) ?? []
        fields = try fieldSelector.map(FieldRequirement.parse) ?? []
    }

    func matches(_ object: JSONValue) -> Bool {
        if let namespace, object.metaString("namespace") != namespace { return false }
        let objectLabels = object.labels
        return labels.allSatisfy { $0.matches(objectLabels) } && fields.allSatisfy { $0.matches(object) }
    }

    /// What a watcher with this filter sees of a change, or `nil` when the change is not for it.
    ///
    /// kube-apiserver's rule for selectors: an object that starts matching arrives as `ADDED`, one that stops
    /// matching as `DELETED` (its previous content with the new resourceVersion), so that a cache built from the
    /// events holds exactly the matching objects.
    func frame(for change: Change) -> WatchFrame? {
        let matchedBefore = change.previous.map(matches) ?? false
        switch change.type {
        case .added:
            return matches(change.object) ? WatchFrame(type: .added, object: change.object) : nil
        case .deleted:
            return matchedBefore || matches(change.object) ? WatchFrame(type: .deleted, object: change.object) : nil
        default:
            switch (matchedBefore, matches(change.object)) {
            case (true, true): return WatchFrame(type: .modified, object: change.object)
            case (false, true): return WatchFrame(type: .added, object: change.object)
            case (true, false):
                var last = change.previous ?? change.object
                last.setMeta("resourceVersion", .string(String(change.revision)))
                return WatchFrame(type: .deleted, object: last)
            case (false, false): return nil
            }
        }
    }
}
