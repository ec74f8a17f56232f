import KubeCore

/// Read access to the objects an ExporterScraperConfig may point at, answered from memory.
///
/// The operator answers from its informer caches; local mode answers from YAML files. Secrets are seen by their
/// key names only: resolution checks that a value exists, and the component that needs the value reads it at the
/// moment of use.
public protocol ReferenceLookup: Sendable {
    /// The key names of the Secret, or `nil` when it does not exist.
    func secretKeys(_ key: ObjectKey) -> Set<String>?
    func databaseConfig(_ key: ObjectKey) -> DatabaseConfig?
    func providerConfig(_ key: ObjectKey) -> ProviderConfig?
    func resourceConfig(_ key: ObjectKey) -> ResourceConfig?
    func metricConfig(_ key: ObjectKey) -> MetricConfig?
}

/// Why a reference could not be resolved: a condition reason, the spec field that holds the reference, and a
/// sentence saying what to do.
public struct ReferenceProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// A ``ConditionReason`` such as `SecretNotFound`.
    public var reason: String
    /// The field holding the reference, e.g. `spec.scraperConfig.scraperDatabaseConfigRef`.
    public var field: String
    public var message: String

    public init(reason: String, field: String, message: String) {
        self.reason = reason
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// The outcome of resolving references: what was found, what was not, and every object looked at (found or not),
/// so that a change to any of them wakes the referring object.
public struct ReferenceCheck: Sendable {
    public var problems: [ReferenceProblem] = []
    public var dependencies: Set<ObjectReference> = []

    public init() {}

    /// Checks that Secret `key` exists and holds every one of `requiredKeys`.
    public mutating func secret(
        _ key: ObjectKey, requiredKeys: [String], field: String, in lookup: some ReferenceLookup
    ) {
        dependencies.insert(ObjectReference(core.v1.Secret.resource, key))
        guard let keys = lookup.secretKeys(key) else {
            problems.append(
                ReferenceProblem(
                    reason: ConditionReason.secretNotFound, field: field,
                    message: "Secret \(key) does not exist; create it or fix \(field)."))
            return
        }
        let missing = requiredKeys.filter { !keys.contains($0) }
        if !missing.isEmpty {
            problems.append(
                ReferenceProblem(
                    reason: ConditionReason.secretKeyMissing, field: field,
                    message: "Secret \(key) has no key \(missing.joined(separator: ", ")); add it or fix \(field)."))
        }
    }

    /// Looks up a referenced object of a FinOps kind, recording the dependency and a `<Kind>NotFound` problem.
    public mutating func object<T: KubernetesObject>(
        _ key: ObjectKey, field: String, find: (ObjectKey) -> T?
    ) -> T? {
        dependencies.insert(ObjectReference(T.resource, key))
        if let found = find(key) { return found }
        problems.append(
            ReferenceProblem(
                reason: "\(T.resource.kind)NotFound", field: field,
                message: "\(T.resource.kind) \(key) does not exist; create it or fix \(field)."))
        return nil
    }

    /// Records an invalid referenced object (its own status says more).
    public mutating func invalid<T: KubernetesObject>(_ object: T, field: String, error: SpecError) {
        problems.append(
            ReferenceProblem(
                reason: "\(T.resource.kind)NotReady", field: field,
                message: "\(T.resource.kind) \(object.key) is invalid (\(error.message))."))
    }
}
