import Foundation
import KubeCore

/// The leader-election rule as a pure function: given the Lease as last read, what should this candidate write?
///
/// Expiry is judged from when *this process* observed the current record change (client-go's rule), not from the
/// `renewTime` inside it, so clock skew between nodes cannot make two candidates lead at once: a holder whose record
/// has not changed for `leaseDuration` of our own monotonic time is considered gone.
public struct LeaseTracker: Sendable {
    /// The holder and renew time we last saw, and when we saw them change.
    private var observed: (holder: String?, renewTime: Date?, transitions: Int?)?
    private var observedAt: AnyClock.Instant?

    public init() {}

    public enum Decision: Sendable, Hashable {
        /// No Lease exists: create it, holding it.
        case create(coordination.v1.LeaseSpec)
        /// Write this spec (renewing our hold, or taking over an expired or released one) with a resourceVersion
        /// precondition.
        case update(coordination.v1.LeaseSpec)
        /// Someone else holds a live lease.
        case wait(holder: String)
    }

    /// Records the Lease as read at `now` and decides.
    public mutating func decide(
        lease: coordination.v1.Lease?, identity: String, leaseDuration: Duration, now: AnyClock.Instant, wallNow: Date
    ) -> Decision {
        let seconds = Int(leaseDuration.seconds.rounded(.up))
        guard let lease, let spec = lease.spec else {
            return .create(
                .init(
                    holderIdentity: identity, leaseDurationSeconds: seconds, acquireTime: wallNow, renewTime: wallNow,
                    leaseTransitions: 0))
        }
        let record = (spec.holderIdentity, spec.renewTime, spec.leaseTransitions)
        if observed == nil || observed! != record {
            observed = record
            observedAt = now
        }
        let holder = spec.holderIdentity ?? ""
        if holder == identity {
            var renewed = spec
            renewed.renewTime = wallNow
            renewed.leaseDurationSeconds = seconds
            return .update(renewed)
        }
        let heldFor = Duration.seconds(spec.leaseDurationSeconds ?? seconds)
        let expired = holder.isEmpty || observedAt.map { $0.advanced(by: heldFor) <= now } ?? true
        guard expired else { return .wait(holder: holder) }
        return .update(
            .init(
                holderIdentity: identity, leaseDurationSeconds: seconds, acquireTime: wallNow, renewTime: wallNow,
                leaseTransitions: (spec.leaseTransitions ?? 0) + 1))
    }
}
