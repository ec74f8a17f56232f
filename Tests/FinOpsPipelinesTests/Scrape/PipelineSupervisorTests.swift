import DatabaseSinks
import FinOpsAPI
import FinOpsPipelines
import Foundation
import KubeCore
import KubeTesting
import Logging
import MetricsTestKit
import Synchronization
import Testing

/// The scrape loop's schedule and reports, with a scripted runner and a manual clock (no waiting in real time).
@Suite struct PipelineSupervisorTests {
    /// Returns the scripted outcomes in order (then `notModified` forever) and records each call.
    final class ScriptedRunner: ScrapeRunning {
        struct Call: Sendable, Hashable {
            var table: String
            var etag: String?
        }
        private let state: Mutex<(outcomes: [ScrapeOutcome], calls: [Call])>
        init(_ outcomes: [ScrapeOutcome]) { state = Mutex((outcomes, [])) }
        var calls: [Call] { state.withLock { $0.calls } }

        func scrape(_ pipeline: ResolvedExporterScraper, etag: String?) async -> ScrapeOutcome {
            state.withLock { state in
                state.calls.append(Call(table: pipeline.spec.scraper?.tableName ?? "", etag: etag))
                return state.outcomes.isEmpty ? .notModified(etag: etag ?? "") : state.outcomes.removeFirst()
            }
        }
    }

    /// Keys whose reconcile a progress change woke.
    final class Wakes: Sendable {
        let keys = Mutex<[ObjectKey]>([])
        var count: Int { keys.withLock { $0.count } }
    }

    static let owner = ObjectKey(namespace: "finops", name: "aws-costs")
    static let unreachable = ScrapeFailure(
        reason: "DatabaseUnreachable", message: "127.0.0.1:5432 cannot be reached.", isRetriable: true)
    static let badPassword = ScrapeFailure(
        reason: "DatabaseAuthenticationFailed", message: "The password of finops is wrong.", isRetriable: false)
    static let report = LoadReport(
        pollID: "finops/aws-costs/p1", rowsRead: 50, rowsInserted: 48, rowsUpdated: 0,
        rowsUnchanged: 0, rejected: [RowRejection(line: 7, column: "BilledCost", reason: "not a number")],
        rejectedCount: 2)

    static func spec(table: String = "focus", interval: Duration = .seconds(3600)) -> ResolvedExporterScraper {
        ResolvedExporterScraper(
            key: owner,
            spec: NormalizedExporterScraper(
                metricType: .cost, source: .url("http://unused"),
                scraper: NormalizedScraper(
                    tableName: table, databaseConfig: ObjectKey(namespace: "finops", name: "db"),
                    pollingInterval: interval)),
            database: ResolvedDatabase(key: ObjectKey(namespace: "finops", name: "db"), target: .sqlite(path: nil)))
    }

    /// No first-run spread, no jitter: runs at exactly the intervals the schedule names.
    static let schedule = ScrapeSchedule(firstRunSpread: .zero, random: { 0.5 })

    /// Runs the supervisor while `body` runs, then stops it.
    func withSupervisor(
        _ runner: ScriptedRunner, clock: ManualClock, wakes: Wakes = Wakes(), metrics: TestMetrics = TestMetrics(),
        _ body: (PipelineSupervisor) async throws -> Void
    ) async throws {
        let supervisor = PipelineSupervisor(
            runner: runner, schedule: Self.schedule, clock: clock.anyClock, metricsFactory: metrics,
            logger: Logger(label: "test"))
        supervisor.setWake { key in wakes.keys.withLock { $0.append(key) } }
        let running = Task { await supervisor.run() }
        do { try await body(supervisor) } catch {
            running.cancel()
            await running.value
            throw error
        }
        running.cancel()
        await running.value
    }

    /// The stale alert compares the age of the last success with the interval gauge; both go with the pipeline, so a
    /// deleted ExporterScraperConfig never looks stale.
    @Test func intervalAndLastSuccessGaugesLiveAsLongAsThePipeline() async throws {
        let clock = ManualClock()
        let metrics = TestMetrics()
        let owner = [("namespace", "finops"), ("name", "aws-costs")]
        try await withSupervisor(ScriptedRunner([]), clock: clock, metrics: metrics) { supervisor in
            await supervisor.ensure(Self.owner, spec: Self.spec(interval: .seconds(900)))
            await clock.waitForSleepers(1)
            #expect(try metrics.expectGauge("finops_scrape_interval_seconds", owner).lastValue == 900)
            // The first run is due at once (no spread in this schedule), the next one an interval later.
            let success = try metrics.expectGauge("finops_scrape_last_success_timestamp_seconds", owner)
            #expect(success.lastValue == clock.date.timeIntervalSince1970)
            clock.advance(by: .seconds(900))
            await clock.waitForSleepers(1)
            #expect(success.lastValue == clock.date.timeIntervalSince1970)
            #expect(
                metrics.counterTotal(label: "finops_scrape_runs_total", dimensions: owner + [("result", "unchanged")])
                    == 2)

            await supervisor.stop(Self.owner)
            #expect(metrics.recorders(label: "finops_scrape_interval_seconds").isEmpty)
            #expect(metrics.recorders(label: "finops_scrape_last_success_timestamp_seconds").isEmpty)
        }
    }

    /// A spec that drops the scrape stops it for good: its gauges go, as on delete.
    @Test func aSpecWithoutTheScrapeRemovesItsGauges() async throws {
        let clock = ManualClock()
        let metrics = TestMetrics()
        try await withSupervisor(ScriptedRunner([]), clock: clock, metrics: metrics) { supervisor in
            await supervisor.ensure(Self.owner, spec: Self.spec())
            await clock.waitForSleepers(1)
            #expect(metrics.recorders(label: "finops_scrape_interval_seconds").count == 1)
            var withoutScrape = Self.spec()
            withoutScrape.database = nil
            await supervisor.ensure(Self.owner, spec: withoutScrape)
            #expect(metrics.recorders(label: "finops_scrape_interval_seconds").isEmpty)
            #expect(metrics.recorders(label: "finops_scrape_last_success_timestamp_seconds").isEmpty)
        }
    }

    @Test func failuresBackOffThenTheIntervalResumesAndTheStatusSaysSo() async throws {
        let clock = ManualClock()
        let runner = ScriptedRunner([
            .failed(Self.unreachable), .failed(Self.unreachable), .loaded(Self.report, etag: "\"p1\""),
        ])
        let wakes = Wakes()
        try await withSupervisor(runner, clock: clock, wakes: wakes) { supervisor in
            await supervisor.ensure(Self.owner, spec: Self.spec())
            await clock.waitForSleepers(1)
            var progress = try #require(supervisor.progress(of: Self.owner))
            #expect(!progress.healthy && progress.reason == "DatabaseUnreachable")
            #expect(progress.status.lastError == Self.unreachable.message)
            #expect(progress.status.nextRunTime == clock.date.addingTimeInterval(5))
            #expect(progress.message.contains("Retrying with backoff"))

            clock.advance(by: .seconds(5))
            await clock.waitForSleepers(1)
            progress = try #require(supervisor.progress(of: Self.owner))
            #expect(progress.status.nextRunTime == clock.date.addingTimeInterval(10))
            #expect(progress.message.contains("2 failed runs in a row"))

            clock.advance(by: .seconds(10))
            await clock.waitForSleepers(1)
            progress = try #require(supervisor.progress(of: Self.owner))
            #expect(progress.healthy && progress.reason == "RowsRejected")
            #expect(progress.message.contains("line 7"))
            #expect(
                progress.status
                    == ScrapeStatus(
                        lastPollId: "finops/aws-costs/p1", rowsRead: 50, rowsWritten: 48, rowsRejected: 2,
                        lastSuccessTime: clock.date, lastError: nil,
                        nextRunTime: clock.date.addingTimeInterval(3600)))

            // The next regular run asks with the loaded poll's ETag.
            clock.advance(by: .seconds(3600))
            await clock.waitForSleepers(1)
            #expect(runner.calls.map(\.etag) == [nil, nil, nil, "\"p1\""])
            #expect(supervisor.progress(of: Self.owner)?.reason == "ScrapeSucceeded")
        }
        #expect(wakes.keys.withLock { Set($0) } == [Self.owner])
        #expect(wakes.count >= 4)
    }

    @Test func aFailureThatNeedsAChangeWaitsForTheNextRegularRun() async throws {
        let clock = ManualClock()
        let runner = ScriptedRunner([.failed(Self.badPassword)])
        try await withSupervisor(runner, clock: clock) { supervisor in
            await supervisor.ensure(Self.owner, spec: Self.spec(interval: .seconds(600)))
            await clock.waitForSleepers(1)
            let progress = try #require(supervisor.progress(of: Self.owner))
            #expect(progress.reason == "DatabaseAuthenticationFailed" && !progress.message.contains("Retrying"))
            #expect(progress.status.nextRunTime == clock.date.addingTimeInterval(600))
        }
    }

    @Test func anExporterWithoutAPollLeavesTheScrapePendingAndIsAskedAgainSoon() async throws {
        let clock = ManualClock()
        let runner = ScriptedRunner([.waiting("The exporter has not completed a poll yet.")])
        try await withSupervisor(runner, clock: clock) { supervisor in
            await supervisor.ensure(Self.owner, spec: Self.spec())
            await clock.waitForSleepers(1)
            let progress = try #require(supervisor.progress(of: Self.owner))
            #expect(progress.isPending && progress.reason == "WaitingForExporter")
            #expect(progress.status.nextRunTime == clock.date.addingTimeInterval(30))
        }
    }

    @Test func nothingRunsUntilTheSupervisorRunsAndNothingAfter() async throws {
        let clock = ManualClock()
        let runner = ScriptedRunner([])
        let supervisor = PipelineSupervisor(
            runner: runner, schedule: Self.schedule, clock: clock.anyClock, logger: Logger(label: "test"))
        await supervisor.ensure(Self.owner, spec: Self.spec())
        #expect(runner.calls.isEmpty && clock.sleeperCount == 0)

        let running = Task { await supervisor.run() }
        await clock.waitForSleepers(1)
        #expect(runner.calls.count == 1)
        running.cancel()
        await running.value
        #expect(clock.sleeperCount == 0)
        #expect(supervisor.wantedPipelines[Self.owner] != nil)

        // Leading again: the wanted pipeline starts again.
        let again = Task { await supervisor.run() }
        await clock.waitForSleepers(1)
        #expect(runner.calls.count == 2)
        again.cancel()
        await again.value
    }

    @Test func aChangedSpecRestartsThePipelineAndStopEndsIt() async throws {
        let clock = ManualClock()
        let runner = ScriptedRunner([])
        try await withSupervisor(runner, clock: clock) { supervisor in
            await supervisor.ensure(Self.owner, spec: Self.spec())
            await clock.waitForSleepers(1)
            // The same spec again: nothing restarts.
            await supervisor.ensure(Self.owner, spec: Self.spec())
            #expect(runner.calls.count == 1 && clock.sleeperCount == 1)

            await supervisor.ensure(Self.owner, spec: Self.spec(table: "focus_v2"))
            await clock.waitForSleepers(1)
            #expect(runner.calls.map(\.table) == ["focus", "focus_v2"])

            await supervisor.stop(Self.owner)
            #expect(clock.sleeperCount == 0)
            #expect(supervisor.progress(of: Self.owner) == nil)
        }
    }

    @Test func theScheduleJittersAndCapsTheBackoff() {
        let hour = Duration.seconds(3600)
        let low = ScrapeSchedule(random: { 0 })
        let high = ScrapeSchedule(random: { 1 })
        let loaded = ScrapeOutcome.loaded(Self.report, etag: nil)
        #expect(low.delay(after: loaded, interval: hour, failures: 0) == .seconds(3240))
        #expect(high.delay(after: loaded, interval: hour, failures: 0) == .seconds(3960))
        let failing = ScrapeOutcome.failed(Self.unreachable)
        #expect(
            (1...8).map { low.delay(after: failing, interval: hour, failures: $0) }
                == [5, 10, 20, 40, 80, 160, 300, 300].map { Duration.seconds($0) })
        // Never later than the next regular run.
        #expect(low.delay(after: failing, interval: .seconds(60), failures: 8) == .seconds(54))
        #expect(low.delay(after: .waiting("no poll"), interval: hour, failures: 0) == .seconds(30))
        #expect(high.firstDelay() == .seconds(5) && low.firstDelay() == .zero)
    }
}
