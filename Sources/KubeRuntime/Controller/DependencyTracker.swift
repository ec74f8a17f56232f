import KubeCore
import Synchronization

/// Remembers which objects each reconciled object read (Secrets, referenced configs…), so that a change to one of
/// them wakes exactly the objects that depend on it.
///
/// A reconciler calls ``record(_:dependsOn:)`` with everything it resolved — including references that were *not
/// found*, so that creating the missing object wakes the dependent. A controller wires the mapping with
/// `controller.watches(informer, mapping: tracker.dependents(of:))`.
///
/// Guarantees: the recorded set replaces the previous one (a dropped reference stops waking the object);
/// ``forget(_:)`` drops an object that no longer exists.
public final class DependencyTracker: Sendable {
    private struct State {
        var dependencies: [ObjectKey: Set<ObjectReference>] = [:]
        var dependents: [ObjectReference: Set<ObjectKey>] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Sets what `dependent` depends on, replacing what was recorded before.
    public func record(_ dependent: ObjectKey, dependsOn references: Set<ObjectReference>) {
        state.withLock { s in
            let previous = s.dependencies[dependent] ?? []
            guard previous != references else { return }
            for reference in previous.subtracting(references) {
                s.dependents[reference]?.remove(dependent)
                if s.dependents[reference]?.isEmpty == true { s.dependents.removeValue(forKey: reference) }
            }
            for reference in references.subtracting(previous) { s.dependents[reference, default: []].insert(dependent) }
            s.dependencies[dependent] = references.isEmpty ? nil : references
        }
    }

    /// Forgets everything `dependent` depended on.
    public func forget(_ dependent: ObjectKey) { record(dependent, dependsOn: []) }

    /// The objects that depend on `reference`, ordered.
    public func dependents(of reference: ObjectReference) -> [ObjectKey] {
        state.withLock { $0.dependents[reference].map { $0.sorted() } ?? [] }
    }

    /// A mapping function for ``Controller/watches(_:mapping:)``: the dependents of a changed `T`.
    public func dependents<T: KubernetesObject>(of object: T) -> [ObjectKey] {
        dependents(of: object.reference)
    }
}
