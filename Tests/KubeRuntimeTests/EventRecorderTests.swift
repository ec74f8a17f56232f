import Foundation
import KubeClient
import KubeCore
import KubeRuntime
import KubeTesting
import Testing

@Suite struct EventRecorderTests {
    let clock = ManualClock()
    let api: FakeKubeAPI
    let recorder: EventRecorder
    let subject: ConfigMap

    init() throws {
        api = makeAPI(clock: clock)
        recorder = EventRecorder(
            api: api, component: "finops-operator", instance: "finops-operator-0", clock: clock.anyClock,
            logger: quietLogger)
        subject = try api.seed(configMap("exporter-config"))
        api.clearRequests()
    }

    func events() throws -> [core.v1.Event] { try api.objects(core.v1.Event.self, namespace: "ns") }

    @Test func firstRecordCreatesAnEventAboutTheObject() async throws {
        await recorder.record(subject, .warning, reason: "InvalidSpec", message: "spec.url must be an http(s) URL.")

        let event = try #require(try events().first)
        #expect(try events().count == 1)
        #expect(event.involvedObject.kind == "ConfigMap")
        #expect(event.involvedObject.apiVersion == "v1")
        #expect(event.involvedObject.name == "exporter-config")
        #expect(event.involvedObject.namespace == "ns")
        #expect(event.involvedObject.uid == subject.metadata.uid)
        #expect(event.reason == "InvalidSpec")
        #expect(event.message == "spec.url must be an http(s) URL.")
        #expect(event.type == "Warning")
        #expect(event.count == 1)
        #expect(event.source?.component == "finops-operator")
        #expect(event.firstTimestamp == clock.date)
        #expect(api.writes.map(\.description) == ["create events \(event.key)"])
    }

    @Test func repeatWithinTheWindowCountsOnTheSameEvent() async throws {
        await recorder.record(subject, .normal, reason: "Applied", message: "Deployment exporter is up to date.")
        let first = try #require(try events().first)
        clock.advance(by: .seconds(60))

        await recorder.record(subject, .normal, reason: "Applied", message: "Deployment exporter is up to date.")

        let event = try #require(try events().first)
        #expect(try events().count == 1)
        #expect(event.key == first.key)
        #expect(event.count == 2)
        #expect(event.firstTimestamp == first.firstTimestamp)
        #expect(event.lastTimestamp == clock.date)
        #expect(api.writes.map(\.description) == ["create events \(event.key)", "patch(merge) events \(event.key)"])
    }

    @Test func differentMessageCreatesAnotherEvent() async throws {
        await recorder.record(subject, .warning, reason: "ScrapeFailed", message: "The exporter answered 500.")
        await recorder.record(subject, .warning, reason: "ScrapeFailed", message: "The exporter answered 503.")

        let messages = try events().compactMap(\.message).sorted()
        #expect(messages == ["The exporter answered 500.", "The exporter answered 503."])
        #expect(try events().allSatisfy { $0.count == 1 })
    }

    @Test func repeatAfterTheWindowCreatesAnotherEvent() async throws {
        await recorder.record(subject, .normal, reason: "Applied", message: "Up to date.")
        clock.advance(by: recorder.aggregationWindow)
        await recorder.record(subject, .normal, reason: "Applied", message: "Up to date.")

        #expect(try events().count == 2)
        #expect(try events().allSatisfy { $0.count == 1 })
    }

    @Test func apiFailureIsSwallowedAndTheNextRecordStartsAfresh() async throws {
        api.inject(.init(.create, core.v1.Event.resource, code: .forbidden))

        await recorder.record(subject, .warning, reason: "InvalidSpec", message: "Bad.")
        #expect(try events().isEmpty)

        await recorder.record(subject, .warning, reason: "InvalidSpec", message: "Bad.")
        #expect(try events().map(\.count) == [1])
    }

    @Test func repeatOfAnEventDeletedMeanwhileCreatesItAgain() async throws {
        await recorder.record(subject, .warning, reason: "InvalidSpec", message: "Bad.")
        // Events expire on the server (one hour by default), or someone cleans them up.
        let first = try #require(try events().first)
        try await api.delete(core.v1.Event.self, first.key)

        await recorder.record(subject, .warning, reason: "InvalidSpec", message: "Bad.")

        #expect(try events().map(\.reason) == ["InvalidSpec"])
        #expect(try events().map(\.count) == [1])
    }
}
