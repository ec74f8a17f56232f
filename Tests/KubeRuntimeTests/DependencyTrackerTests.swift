import KubeCore
import KubeRuntime
import Testing

@Suite struct DependencyTrackerTests {
    let tracker = DependencyTracker()
    let token = ObjectReference(Secret.resource, key("token"))
    let password = ObjectReference(Secret.resource, key("password"))
    let settings = ObjectReference(ConfigMap.resource, key("settings"))

    @Test func recordedDependentsAreFoundByReferenceInOrder() {
        tracker.record(key("b"), dependsOn: [token, settings])
        tracker.record(key("a"), dependsOn: [token])

        #expect(tracker.dependents(of: token) == [key("a"), key("b")])
        #expect(tracker.dependents(of: settings) == [key("b")])
        #expect(tracker.dependents(of: password) == [])
    }

    @Test func sameNameOfAnotherKindIsAnotherReference() {
        tracker.record(key("a"), dependsOn: [ObjectReference(Secret.resource, key("settings"))])

        #expect(tracker.dependents(of: settings) == [])
        #expect(tracker.dependents(of: secret("settings")) == [key("a")])
    }

    @Test func recordReplacesWhatWasRecordedBefore() {
        tracker.record(key("a"), dependsOn: [token, settings])
        tracker.record(key("a"), dependsOn: [password])

        #expect(tracker.dependents(of: token) == [])
        #expect(tracker.dependents(of: settings) == [])
        #expect(tracker.dependents(of: password) == [key("a")])
    }

    @Test func forgetDropsEveryDependencyOfOneObjectOnly() {
        tracker.record(key("a"), dependsOn: [token, settings])
        tracker.record(key("b"), dependsOn: [token])

        tracker.forget(key("a"))

        #expect(tracker.dependents(of: token) == [key("b")])
        #expect(tracker.dependents(of: settings) == [])
    }

    @Test func mappingForATypedObjectUsesItsReference() {
        tracker.record(key("a"), dependsOn: [token])

        #expect(tracker.dependents(of: secret("token")) == [key("a")])
        #expect(tracker.dependents(of: secret("token", namespace: "elsewhere")) == [])
    }
}
