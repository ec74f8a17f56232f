import Foundation
import SourcePayloads
import Testing

@testable import FinOpsPipelines

/// When pods ran and nodes existed, as the watches report it, and the fractions of an interval that follow.
@Suite struct ClusterTimelineTests {
    static let t0 = Date(timeIntervalSince1970: 1_710_064_800)  // 2024-03-10T10:00:00Z

    static func pod(_ name: String, phase: String = "Running") -> ClusterPod {
        ClusterPod(namespace: "shop", name: name, nodeName: "node-a", phase: phase, cpuCores: 1, memoryBytes: 1)
    }

    static func minutes(_ m: Double) -> Date { t0.addingTimeInterval(m * 60) }

    func fractions(_ timeline: ClusterTimeline, _ from: Double, _ to: Double) -> [String: Double] {
        let (_, pods) = timeline.snapshot(start: Self.minutes(from), end: Self.minutes(to))
        return Dictionary(uniqueKeysWithValues: pods.map { ($0.name, $0.runningFraction) })
    }

    @Test func podsPayForThePartOfTheIntervalTheyRan() {
        let timeline = ClusterTimeline()
        // Running since long before (its start time), one that starts later, one that runs only between polls.
        timeline.observe(pod: Self.pod("steady"), startTime: Self.minutes(-600), at: Self.minutes(0))
        timeline.observe(pod: Self.pod("late", phase: "Pending"), startTime: Self.minutes(0), at: Self.minutes(0))
        timeline.observe(pod: Self.pod("late"), startTime: nil, at: Self.minutes(15))
        timeline.observe(pod: Self.pod("blip"), startTime: Self.minutes(20), at: Self.minutes(20))
        timeline.observe(pod: Self.pod("blip", phase: "Succeeded"), startTime: nil, at: Self.minutes(30))
        timeline.observe(pod: Self.pod("steady"), startTime: nil, deleted: true, at: Self.minutes(45))
        #expect(fractions(timeline, 0, 60) == ["steady": 0.75, "late": 0.75, "blip": 10.0 / 60])
        // The next interval has only what still runs; the deleted pod is forgotten.
        #expect(fractions(timeline, 60, 120) == ["late": 1])
    }

    @Test func aFirstObservationIsDatedByTheObjectAndNeverInTheFuture() {
        let timeline = ClusterTimeline()
        timeline.observe(pod: Self.pod("created-now"), startTime: Self.minutes(90), at: Self.minutes(30))
        #expect(fractions(timeline, 0, 60) == ["created-now": 0.5])
        timeline.observe(
            node: ClusterNode(name: "node-a", cpuCores: 4, memoryBytes: 1), created: Self.minutes(45),
            at: Self.minutes(50))
        let (nodes, _) = timeline.snapshot(start: Self.minutes(0), end: Self.minutes(60))
        #expect(nodes.map(\.presentFraction) == [0.25])
    }

    @Test func aPodBackToRunningOpensANewSpan() {
        let timeline = ClusterTimeline()
        timeline.observe(pod: Self.pod("flaky"), startTime: Self.minutes(0), at: Self.minutes(0))
        timeline.observe(pod: Self.pod("flaky", phase: "Pending"), startTime: nil, at: Self.minutes(10))
        timeline.observe(pod: Self.pod("flaky"), startTime: nil, at: Self.minutes(40))
        #expect(fractions(timeline, 0, 60) == ["flaky": 30.0 / 60])
    }
}
