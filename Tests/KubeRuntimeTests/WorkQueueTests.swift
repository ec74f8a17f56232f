import KubeRuntime
import KubeTesting
import Synchronization
import Testing

@Suite struct WorkQueueTests {
    /// The depth metric exists (at 0) before the first key waits, so dashboards and alerts see an idle queue.
    @Test func depthIsReportedFromTheStart() async {
        let reported = Mutex<[Int]>([])
        let queue = WorkQueue<String>(
            clock: ManualClock().anyClock, onDepthChange: { depth in reported.withLock { $0.append(depth) } })
        #expect(reported.withLock { $0 } == [0])
        queue.add("a")
        _ = await queue.next()
        #expect(reported.withLock { $0 } == [0, 1, 0])
    }

    @Test func duplicateAddsAreProcessedOnce() async {
        let queue = WorkQueue<String>(clock: ManualClock().anyClock)
        queue.add("a")
        queue.add("b")
        queue.add("a")
        #expect(queue.depth == 2)
        #expect(await queue.next() == "a")
        #expect(await queue.next() == "b")
        #expect(queue.depth == 0)
    }

    @Test func keyAddedWhileProcessingIsRequeuedOnDone() async {
        let queue = WorkQueue<String>(clock: ManualClock().anyClock)
        queue.add("a")
        let first = await queue.next()
        #expect(first == "a")
        queue.add("a")
        // Never handed out twice at once: it waits for done().
        #expect(queue.depth == 0)
        queue.done("a")
        #expect(queue.depth == 1)
        #expect(await queue.next() == "a")
    }

    @Test func waitingWorkerGetsTheNextAddedKey() async {
        let queue = WorkQueue<String>(clock: ManualClock().anyClock)
        async let key = queue.next()
        // Give the worker a chance to park; add() hands the key over directly either way.
        await Task.yield()
        queue.add("x")
        #expect(await key == "x")
    }

    @Test func delayedKeyBecomesDueWhenTheClockPassesItsTime() async {
        let clock = ManualClock()
        let queue = WorkQueue<String>(clock: clock.anyClock)
        await withDiscardingTaskGroup { group in
            group.addTask { await queue.run() }
            queue.add("late", after: .seconds(30))
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(29))
            #expect(queue.depth == 0)
            clock.advance(by: .seconds(1))
            #expect(await queue.next() == "late")
            queue.shutDown()
        }
    }

    @Test func earlierDelayWins() async {
        let clock = ManualClock()
        let queue = WorkQueue<String>(clock: clock.anyClock)
        await withDiscardingTaskGroup { group in
            group.addTask { await queue.run() }
            queue.add("k", after: .seconds(60))
            await clock.waitForSleepers(1)
            queue.add("k", after: .seconds(5))
            queue.add("k", after: .seconds(90))
            #expect(queue.delayedCount == 1)
            // The timer re-arms for the earlier deadline.
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(5))
            #expect(await queue.next() == "k")
            queue.shutDown()
        }
    }

    @Test func failuresBackOffPerKeyUntilForgotten() {
        let queue = WorkQueue<String>(
            clock: ManualClock().anyClock,
            failureBackoff: Backoff(initial: .seconds(1), maximum: .seconds(60), jitter: 0))
        #expect(queue.addAfterFailure("a") == .seconds(1))
        #expect(queue.addAfterFailure("a") == .seconds(2))
        #expect(queue.addAfterFailure("b") == .seconds(1))
        #expect(queue.addAfterFailure("a") == .seconds(4))
        queue.forget("a")
        #expect(queue.failures(of: "a") == 0)
        #expect(queue.addAfterFailure("a") == .seconds(1))
    }

    @Test func shutDownReleasesWaitingWorkers() async {
        let queue = WorkQueue<String>(clock: ManualClock().anyClock)
        async let key = queue.next()
        await Task.yield()
        queue.shutDown()
        #expect(await key == nil)
        queue.add("ignored")
        #expect(await queue.next() == nil)
    }
}
