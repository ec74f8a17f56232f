import Foundation
import KubeCore
import Testing

@Suite struct ConditionTests {
    let t0 = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func newConditionGetsTheTransitionTime() {
        var conditions: [Condition] = []
        let changed = conditions.set(Condition(type: "Ready", status: .false, reason: "Creating"), now: t0)
        #expect(changed)
        #expect(conditions[type: "Ready"]?.lastTransitionTime == t0)
    }

    @Test func transitionTimeMovesOnlyWhenStatusFlips() {
        var conditions: [Condition] = []
        conditions.set(Condition(type: "Ready", status: .false, reason: "Creating"), now: t0)
        let later = t0.addingTimeInterval(60)
        let changed = conditions.set(
            Condition(type: "Ready", status: .false, reason: "SecretNotFound", message: "m"), now: later)
        #expect(changed)
        #expect(conditions[type: "Ready"]?.lastTransitionTime == t0)
        #expect(conditions[type: "Ready"]?.reason == "SecretNotFound")
        let flip = t0.addingTimeInterval(120)
        conditions.set(Condition(type: "Ready", status: .true, reason: "Available"), now: flip)
        #expect(conditions[type: "Ready"]?.lastTransitionTime == flip)
    }

    @Test func settingTheSameConditionReportsNoChange() {
        var conditions: [Condition] = []
        conditions.set(Condition(type: "Ready", status: .true, reason: "Available", observedGeneration: 2), now: t0)
        let changed = conditions.set(
            Condition(type: "Ready", status: .true, reason: "Available", observedGeneration: 2),
            now: t0.addingTimeInterval(5))
        #expect(!changed)
    }

    @Test func transitionTimesAreWholeSecondsSoTheyRoundTrip() throws {
        var conditions: [Condition] = []
        conditions.set(Condition(type: "Ready", status: .true, reason: "Available"), now: t0.addingTimeInterval(0.75))
        let decoded = try KubeJSON.decode([Condition].self, from: KubeJSON.encode(conditions))
        #expect(decoded == conditions)
    }

    @Test func missingMessageDecodesAsEmpty() throws {
        let json = #"{"type":"Ready","status":"True","reason":"Available","lastTransitionTime":"2026-01-01T00:00:00Z"}"#
        let condition = try KubeJSON.decode(Condition.self, from: Data(json.utf8))
        #expect(condition.message == "")
        #expect(condition.lastTransitionTime == t0)
    }
}
