import KubeClient
import KubeCore
import KubeRuntime
import KubeTesting
import ServiceLifecycleTestKit
import Testing

/// Two or more candidates on one fake API server and one manual clock, with the default timings: lease 15 s, renew
/// deadline 10 s, retry every 2 s. Each candidate has its own ``Connection``, so one can lose the server while the
/// others still reach it.
///
/// Sleepers on the clock: a waiting candidate has one (its retry), a leader two (its renewal and its deadline timer).
@Suite(.timeLimit(.minutes(1)))
struct LeaderElectorTests {
    let clock = ManualClock()
    let api: FakeKubeAPI
    let leaseKey = ObjectKey(namespace: "ops", name: "finops-operator")
    /// What happened, in order: `a leads at 0`, `a body cancelled`, `a lost leadership at 10`, `b returned`, …
    let log = Recorder<String>()

    init() { api = makeAPI(clock: clock) }

    var now: Int { Int(clock.now.offset.seconds) }

    func storedLease() throws -> Lease? { try api.object(Lease.self, leaseKey) }

    /// Starts `identity` campaigning through `connection`; once leading, its body waits for `gate` (or
    /// cancellation). Everything it does goes to ``log``.
    func campaign(_ identity: String, through connection: Connection, until gate: Gate) -> Task<Void, Never> {
        let elector = LeaderElector(
            api: connection, settings: .init(lease: leaseKey, identity: identity), clock: clock.anyClock,
            logger: quietLogger)
        return Task { [log] in
            do {
                try await elector.lead {
                    log.append("\(identity) leads at \(now)")
                    await gate.wait()
                    log.append(Task.isCancelled ? "\(identity) body cancelled" : "\(identity) body done")
                }
                log.append("\(identity) returned")
            } catch is LeaderElector.LeadershipLost {
                log.append("\(identity) lost leadership at \(now)")
            } catch is CancellationError {
                log.append("\(identity) cancelled")
            } catch {
                log.append("\(identity) threw \(error)")
            }
        }
    }

    /// Waits until `sleepers` tasks sleep on the clock, then advances it by 2 s, `times` times.
    func step(_ times: Int, sleepers: Int) async {
        for _ in 0..<times {
            await clock.waitForSleepers(sleepers)
            clock.advance(by: .seconds(2))
        }
    }

    // MARK: - One candidate

    @Test func singleCandidateLeadsRunsTheBodyAndReleasesTheLease() async throws {
        let gate = Gate()
        gate.open()

        await campaign("a", through: Connection(to: api), until: gate).value

        #expect(log.values == ["a leads at 0", "a body done", "a returned"])
        let lease = try #require(try storedLease())
        #expect(lease.spec?.holderIdentity == "")
        #expect(lease.spec?.leaseTransitions == 0)
        #expect(
            api.writes.map(\.description) == [
                "create leases.coordination.k8s.io ops/finops-operator",
                "replace leases.coordination.k8s.io ops/finops-operator",
            ])
    }

    /// A standby stops waiting on SIGTERM: a rollout must not wait for its grace period.
    @Test func aStandbyReturnsOnGracefulShutdownWithoutLeading() async throws {
        let a = campaign("a", through: Connection(to: api), until: Gate())
        await log.waitFor("a leads at 0")
        let standby = LeaderElector(
            api: Connection(to: api), settings: .init(lease: leaseKey, identity: "b"), clock: clock.anyClock,
            logger: quietLogger)
        await testGracefulShutdown { shutdown in
            let waiting = Task { [log] in
                try await standby.lead { log.append("b leads") }
                log.append("b returned")
            }
            await clock.waitForSleepers(3)  // a's renewal and deadline, b's retry
            shutdown.triggerGracefulShutdown()
            try? await waiting.value
        }
        #expect(log.values == ["a leads at 0", "b returned"])
        a.cancel()
        await a.value
    }

    @Test func leaderStepsDownWhenRenewalsFailForTheRenewDeadline() async throws {
        let connection = Connection(to: api)
        let a = campaign("a", through: connection, until: Gate())
        await log.waitFor("a leads at 0")
        connection.mode = .refused

        await step(5, sleepers: 2)  // renewals fail at 2, 4, 6, 8; the deadline passes at 10
        await a.value

        #expect(log.values == ["a leads at 0", "a body cancelled", "a lost leadership at 10"])
        // It could not release the lease: others must wait for it to expire.
        #expect(try storedLease()?.spec?.holderIdentity == "a")
    }

    @Test func leaderWhoseRenewalHangsStillStepsDownAtTheRenewDeadline() async throws {
        let connection = Connection(to: api)
        let a = campaign("a", through: connection, until: Gate())
        await log.waitFor("a leads at 0")
        await clock.waitForSleepers(2)
        connection.mode = .hanging

        clock.advance(by: .seconds(2))  // the renewal at 2 never answers
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(8))
        await log.waitFor("a lost leadership at 10")
        a.cancel()
        await a.value

        #expect(log.values == ["a leads at 0", "a body cancelled", "a lost leadership at 10"])
    }

    // MARK: - Two candidates

    @Test func standbyWaitsWhileTheLeaderRenews() async throws {
        let gate = Gate()
        let a = campaign("a", through: Connection(to: api), until: gate)
        await log.waitFor("a leads at 0")
        let b = campaign("b", through: Connection(to: api), until: Gate())

        await step(15, sleepers: 3)  // 30 s: twice the lease duration
        await clock.waitForSleepers(3)

        #expect(log.values == ["a leads at 0"])
        let lease = try #require(try storedLease())
        #expect(lease.spec?.holderIdentity == "a")
        #expect(lease.spec?.renewTime == clock.date)
        #expect(lease.spec?.leaseTransitions == 0)

        b.cancel()
        await b.value
        gate.open()
        await a.value
        #expect(log.values == ["a leads at 0", "b cancelled", "a body done", "a returned"])
    }

    @Test func standbyTakesOverALeaderThatStoppedRenewingAfterTheLeaseDuration() async throws {
        let connection = Connection(to: api)
        let a = campaign("a", through: connection, until: Gate())
        await log.waitFor("a leads at 0")
        connection.mode = .refused
        let b = campaign("b", through: Connection(to: api), until: Gate())

        await step(5, sleepers: 3)  // t = 10: a gives up
        await log.waitFor("a lost leadership at 10")
        await step(3, sleepers: 1)  // t = 16: b saw the record last change at 0, so it expired at 15
        await log.waitFor("b leads at 16")

        #expect(log.values == ["a leads at 0", "a body cancelled", "a lost leadership at 10", "b leads at 16"])
        let lease = try #require(try storedLease())
        #expect(lease.spec?.holderIdentity == "b")
        #expect(lease.spec?.leaseTransitions == 1)

        b.cancel()
        await b.value
        await a.value
    }

    @Test func standbyCountsExpiryFromItsOwnObservationNotFromRenewTime() async throws {
        let connection = Connection(to: api)
        let a = campaign("a", through: connection, until: Gate())
        await log.waitFor("a leads at 0")
        connection.mode = .refused
        await step(5, sleepers: 2)
        await a.value
        clock.advance(by: .seconds(20))  // t = 30: the lease's renewTime is 30 s old

        // b sees the record for the first time at 30: a whole lease duration from then, not from renewTime.
        let b = campaign("b", through: Connection(to: api), until: Gate())
        await step(8, sleepers: 1)  // b looks at 30, 32, …, 44 and takes over at 46
        await log.waitFor("b leads at 46")

        #expect(log.values.filter { $0.hasPrefix("b") } == ["b leads at 46"])
        #expect(try storedLease()?.spec?.holderIdentity == "b")
        b.cancel()
        await b.value
    }

    @Test func releasedLeaseIsTakenOverAtTheNextAttempt() async throws {
        let gate = Gate()
        let a = campaign("a", through: Connection(to: api), until: gate)
        await log.waitFor("a leads at 0")
        let b = campaign("b", through: Connection(to: api), until: Gate())
        await step(2, sleepers: 3)  // t = 4, a renewed
        await clock.waitForSleepers(3)

        gate.open()
        await a.value  // returns after releasing
        #expect(try storedLease()?.spec?.holderIdentity == "")
        await step(1, sleepers: 1)  // t = 6, long before a's last renewal (4) + 15 s
        await log.waitFor("b leads at 6")

        #expect(log.values == ["a leads at 0", "a body done", "a returned", "b leads at 6"])
        let lease = try #require(try storedLease())
        #expect(lease.spec?.holderIdentity == "b")
        #expect(lease.spec?.leaseTransitions == 1)
        b.cancel()
        await b.value
    }
}
