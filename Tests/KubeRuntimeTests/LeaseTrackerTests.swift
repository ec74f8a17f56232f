import Foundation
import KubeCore
import KubeRuntime
import Testing

@Suite struct LeaseTrackerTests {
    let wall = Date(timeIntervalSince1970: 1_767_225_600)
    func at(_ seconds: Int) -> AnyClock.Instant { AnyClock.Instant(offset: .seconds(seconds)) }

    func lease(holder: String, renewed: Date, transitions: Int = 0) -> coordination.v1.Lease {
        coordination.v1.Lease(
            metadata: ObjectMeta(name: "lock", namespace: "ops"),
            spec: .init(
                holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: renewed, renewTime: renewed,
                leaseTransitions: transitions))
    }

    @Test func missingLeaseIsCreatedHeldByUs() {
        var tracker = LeaseTracker()
        guard
            case .create(let spec) = tracker.decide(
                lease: nil, identity: "me", leaseDuration: .seconds(15), now: at(0), wallNow: wall)
        else {
            Issue.record("expected create")
            return
        }
        #expect(spec.holderIdentity == "me")
        #expect(spec.leaseTransitions == 0)
    }

    @Test func otherHolderIsRespectedUntilItsRecordStopsChanging() {
        var tracker = LeaseTracker()
        let held = lease(holder: "other", renewed: wall)
        #expect(
            tracker.decide(lease: held, identity: "me", leaseDuration: .seconds(15), now: at(0), wallNow: wall)
                == .wait(holder: "other"))
        #expect(
            tracker.decide(lease: held, identity: "me", leaseDuration: .seconds(15), now: at(14), wallNow: wall)
                == .wait(holder: "other"))
        // The holder renewed at our second 10: the expiry counts from when we saw that change.
        let renewed = lease(holder: "other", renewed: wall.addingTimeInterval(10))
        #expect(
            tracker.decide(lease: renewed, identity: "me", leaseDuration: .seconds(15), now: at(16), wallNow: wall)
                == .wait(holder: "other"))
        guard
            case .update(let spec) = tracker.decide(
                lease: renewed, identity: "me", leaseDuration: .seconds(15), now: at(31), wallNow: wall)
        else {
            Issue.record("expected takeover")
            return
        }
        #expect(spec.holderIdentity == "me")
        #expect(spec.leaseTransitions == 1)
    }

    @Test func skewedRenewTimeInThePastDoesNotExpireALiveHolder() {
        var tracker = LeaseTracker()
        // The holder's clock is an hour behind ours: its renewTime looks ancient, but we just saw it change.
        let held = lease(holder: "other", renewed: wall.addingTimeInterval(-3600))
        #expect(
            tracker.decide(lease: held, identity: "me", leaseDuration: .seconds(15), now: at(100), wallNow: wall)
                == .wait(holder: "other"))
    }

    @Test func releasedLeaseIsTakenAtOnce() {
        var tracker = LeaseTracker()
        let released = lease(holder: "", renewed: wall, transitions: 3)
        guard
            case .update(let spec) = tracker.decide(
                lease: released, identity: "me", leaseDuration: .seconds(15), now: at(0), wallNow: wall)
        else {
            Issue.record("expected takeover")
            return
        }
        #expect(spec.leaseTransitions == 4)
    }

    @Test func ourOwnLeaseIsRenewed() {
        var tracker = LeaseTracker()
        let mine = lease(holder: "me", renewed: wall, transitions: 2)
        guard
            case .update(let spec) = tracker.decide(
                lease: mine, identity: "me", leaseDuration: .seconds(15), now: at(5),
                wallNow: wall.addingTimeInterval(5))
        else {
            Issue.record("expected renew")
            return
        }
        #expect(spec.renewTime == wall.addingTimeInterval(5))
        #expect(spec.leaseTransitions == 2)
    }
}
