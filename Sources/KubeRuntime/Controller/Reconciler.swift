import KubeCore
import Logging

/// Brings the world in line with one object's spec. The contract, as controller-runtime writes it down:
///
/// - **Level-based**: `reconcile` reads the object and everything else it needs from caches and the API, never from
///   the event that woke it (there is none: only a key). Several changes may arrive as one call.
/// - **Idempotent**: calling it twice in a row does nothing the second time (no writes when nothing changed).
/// - **One at a time per key**: the runtime never runs two reconciles of the same key concurrently.
/// - **Deleted objects**: when the key is not found, `reconcile` releases whatever it held in process; children in the
///   cluster go by owner-reference garbage collection.
///
/// Outcomes: return ``ReconcileAction/done`` when the object is in shape (woken again by the next change), or
/// ``ReconcileAction/requeue(after:)`` to look again later (e.g. waiting for a Deployment to become available); throw
/// ``TerminalError`` for invalid input (no retry until the object changes); throw anything else to retry with per-key
/// exponential backoff.
public protocol Reconciler: Sendable {
    associatedtype Object: KubernetesObject
    func reconcile(_ key: ObjectKey, context: ReconcileContext) async throws -> ReconcileAction
}

/// What to do with a key after a successful reconcile.
public enum ReconcileAction: Sendable, Hashable {
    /// In shape: wait for the next change of the object or of something it depends on.
    case done
    /// Look again after this delay even if nothing changes.
    case requeue(after: Duration)
}

/// An error that retrying cannot fix (e.g. an invalid spec): reported, not retried until the object changes.
public struct TerminalError: Error, Sendable, CustomStringConvertible {
    /// UpperCamelCase reason for a status condition, e.g. `InvalidSpec`.
    public var reason: String
    /// A sentence a user can act on.
    public var message: String

    public init(reason: String, message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(reason): \(message)" }
}

/// Per-call information for a reconcile: a logger with `controller`, `object` and `reconcile.id` metadata.
public struct ReconcileContext: Sendable {
    public var logger: Logger
    /// Consecutive failed reconciles of this key before this one.
    public var failures: Int

    public init(logger: Logger, failures: Int = 0) {
        self.logger = logger
        self.failures = failures
    }
}
