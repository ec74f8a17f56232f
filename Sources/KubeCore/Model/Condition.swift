import Foundation

/// `metav1.Condition`: one aspect of an object's state, as `kubectl wait --for=condition=X` reads it.
public struct Condition: Codable, Sendable, Hashable {
    /// `True`, `False` or `Unknown`.
    public enum Status: String, Codable, Sendable, Hashable {
        case `true` = "True"
        case `false` = "False"
        case unknown = "Unknown"
    }

    /// UpperCamelCase, e.g. `Ready`.
    public var type: String
    public var status: Status
    /// The `metadata.generation` this condition was computed from.
    public var observedGeneration: Int64?
    /// When `status` last changed; kept unchanged when only `reason` or `message` change.
    public var lastTransitionTime: Date?
    /// UpperCamelCase machine-readable cause, e.g. `DatabaseConfigNotFound`.
    public var reason: String
    /// A sentence a user can act on. Never carries secret values.
    public var message: String

    public init(
        type: String, status: Status, reason: String, message: String = "", observedGeneration: Int64? = nil,
        lastTransitionTime: Date? = nil
    ) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.observedGeneration = observedGeneration
        self.lastTransitionTime = lastTransitionTime
    }

    private enum CodingKeys: String, CodingKey {
        case type, status, observedGeneration, lastTransitionTime, reason, message
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .type)
        status = try c.decode(Status.self, forKey: .status)
        observedGeneration = try c.decodeIfPresent(Int64.self, forKey: .observedGeneration)
        lastTransitionTime = try c.decodeIfPresent(Date.self, forKey: .lastTransitionTime)
        reason = try c.decode(String.self, forKey: .reason)
        // Krateo's provider-runtime omits an empty message; an object it wrote must still decode.
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? ""
    }
}

extension Array where Element == Condition {
    /// The condition of the given type, if present.
    public subscript(type type: String) -> Condition? { first { $0.type == type } }

    /// Whether the condition of this type is present with status `True`.
    public func isTrue(_ type: String) -> Bool { self[type: type]?.status == .true }

    /// Sets a condition with `meta.SetStatusCondition` semantics: `lastTransitionTime` becomes `now` when the
    /// condition is new or its status flips, and is kept otherwise; reason, message and observedGeneration are always
    /// replaced. Returns whether anything changed.
    @discardableResult
    public mutating func set(_ condition: Condition, now: Date) -> Bool {
        var condition = condition
        // Kubernetes stores metav1.Time at whole seconds; keeping the same precision lets "changed?" comparisons
        // against the stored object hold after a round trip.
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        guard let index = firstIndex(where: { $0.type == condition.type }) else {
            condition.lastTransitionTime = condition.lastTransitionTime ?? now
            append(condition)
            return true
        }
        let existing = self[index]
        if existing.status == condition.status {
            condition.lastTransitionTime = existing.lastTransitionTime ?? now
        } else {
            condition.lastTransitionTime = now
        }
        guard existing != condition else { return false }
        self[index] = condition
        return true
    }

    /// Removes the condition of this type. Returns whether one was removed.
    @discardableResult
    public mutating func remove(type: String) -> Bool {
        let before = count
        removeAll { $0.type == type }
        return count != before
    }
}
