import KubeRuntime
import Testing

@Suite struct WatcherStateMachineTests {
    @Test func listsThenWatchesFromTheListVersion() {
        var machine = WatcherStateMachine()
        #expect(machine.start() == .list)
        #expect(machine.listSucceeded(resourceVersion: "10") == .watch(resourceVersion: "10"))
        #expect(machine.hasListed)
    }

    @Test func normalCloseResumesFromTheLastEventSeen() {
        var machine = WatcherStateMachine()
        _ = machine.start()
        _ = machine.listSucceeded(resourceVersion: "10")
        machine.eventReceived(resourceVersion: "12")
        machine.eventReceived(resourceVersion: "15")
        #expect(machine.watchClosed() == .watch(resourceVersion: "15"))
    }

    @Test func expiredHistoryRelistsWithoutWaiting() {
        var machine = WatcherStateMachine()
        _ = machine.start()
        _ = machine.listSucceeded(resourceVersion: "10")
        #expect(machine.watchFailed(.expired) == .list)
        #expect(machine.failures == 0)
    }

    @Test func serverErrorsBackOffAndResumeFromTheLastVersion() {
        var machine = WatcherStateMachine()
        _ = machine.start()
        _ = machine.listSucceeded(resourceVersion: "10")
        machine.eventReceived(resourceVersion: "11")
        #expect(machine.watchFailed(.other) == .wait(attempt: 1))
        #expect(machine.waited() == .watch(resourceVersion: "11"))
        #expect(machine.watchFailed(.other) == .wait(attempt: 2))
        #expect(machine.waited() == .watch(resourceVersion: "11"))
        machine.eventReceived(resourceVersion: "12")
        #expect(machine.failures == 0)
        #expect(machine.watchFailed(.other) == .wait(attempt: 1))
    }

    @Test func lostConnectionBacksOffThenRelists() {
        var machine = WatcherStateMachine()
        _ = machine.start()
        _ = machine.listSucceeded(resourceVersion: "10")
        #expect(machine.watchFailed(.connectionLost) == .wait(attempt: 1))
        #expect(machine.waited() == .list)
        #expect(machine.listFailed() == .wait(attempt: 2))
        #expect(machine.waited() == .list)
        #expect(machine.listSucceeded(resourceVersion: "3") == .watch(resourceVersion: "3"))
        #expect(machine.failures == 0)
    }

    @Test func failedListsBackOffAndListAgain() {
        var machine = WatcherStateMachine()
        _ = machine.start()
        #expect(machine.listFailed() == .wait(attempt: 1))
        #expect(machine.waited() == .list)
        #expect(machine.listFailed() == .wait(attempt: 2))
        #expect(!machine.hasListed)
    }

    @Test func bookmarksAdvanceTheResumeVersion() {
        var machine = WatcherStateMachine()
        _ = machine.start()
        _ = machine.listSucceeded(resourceVersion: "10")
        machine.eventReceived(resourceVersion: "40")
        #expect(machine.watchClosed() == .watch(resourceVersion: "40"))
    }
}
