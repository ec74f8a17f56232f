import FinOpsAPI
import FinOpsPipelines
import Foundation
import KubeCore
import KubeTesting
import Logging
import ObjectStorage
import Synchronization
import Testing

/// The export loop next to the scrape loop in the supervisor: its schedule, memory and reports, with a scripted
/// runner and a manual clock.
@Suite struct ExportPipelineTests {
    final class ScriptedExporter: ExportRunning {
        private let state: Mutex<(outcomes: [ExportOutcome], memories: [ExportMemory])>
        init(_ outcomes: [ExportOutcome]) { state = Mutex((outcomes, [])) }
        var memories: [ExportMemory] { state.withLock { $0.memories } }

        func export(_ pipeline: ResolvedExporterScraper, memory: ExportMemory) async -> ExportOutcome {
            state.withLock { state in
                state.memories.append(memory)
                return state.outcomes.isEmpty ? .unchanged : state.outcomes.removeFirst()
            }
        }
    }

    static let owner = ObjectKey(namespace: "finops", name: "aws-costs")

    static func spec() -> ResolvedExporterScraper {
        ResolvedExporterScraper(
            key: owner,
            spec: NormalizedExporterScraper(
                metricType: .cost, source: .url("http://unused"),
                focusExport: NormalizedFocusExport(
                    destination: .s3(bucket: "focus", prefix: ""), interval: .seconds(3600))))
    }

    @Test func exportsRunOnTheirScheduleRememberThePollAndReportProgress() async throws {
        let clock = ManualClock()
        var report = ExportReport(etag: "\"p1\"")
        report.files = [StoredObject(key: "a.parquet", size: 1000), StoredObject(key: "b.parquet", size: 500)]
        report.rows = 50
        report.lastCompleteSlot = ExportSlot(containing: 1_779_400_000, granularity: .daily)
        report.earliest = report.lastCompleteSlot
        let denied = ScrapeFailure(reason: "ObjectStoreAccessDenied", message: "403 AccessDenied", isRetriable: false)
        let unavailable = ScrapeFailure(reason: "ObjectStoreUnavailable", message: "503 SlowDown", isRetriable: true)
        let exporter = ScriptedExporter([.failed(unavailable), .written(report), .failed(denied)])
        let supervisor = PipelineSupervisor(
            exporter: exporter, schedule: ScrapeSchedule(firstRunSpread: .zero, random: { 0.5 }),
            clock: clock.anyClock, logger: Logger(label: "test"))
        let running = Task { await supervisor.run() }
        await supervisor.ensure(Self.owner, spec: Self.spec())
        // No scraper: only the export runs, and the scrape reports nothing.
        await clock.waitForSleepers(1)
        var progress = try #require(supervisor.exportProgress(of: Self.owner))
        #expect(!progress.healthy && progress.reason == "ObjectStoreUnavailable")
        #expect(progress.status.nextRunTime == clock.date.addingTimeInterval(5))
        #expect(supervisor.progress(of: Self.owner) == nil)

        clock.advance(by: .seconds(5))
        await clock.waitForSleepers(1)
        progress = try #require(supervisor.exportProgress(of: Self.owner))
        #expect(progress.healthy && progress.reason == "ExportSucceeded")
        #expect(
            progress.status
                == ExportStatus(
                    lastCompleteSlot: "2026-05-21", files: 2, rows: 50, bytes: 1500, rowsSkipped: 0,
                    lastSuccessTime: clock.date, nextRunTime: clock.date.addingTimeInterval(3600)))

        // A failure that needs a change waits for the regular interval; the last good figures stay.
        clock.advance(by: .seconds(3600))
        await clock.waitForSleepers(1)
        progress = try #require(supervisor.exportProgress(of: Self.owner))
        #expect(progress.reason == "ObjectStoreAccessDenied" && progress.status.lastError == "403 AccessDenied")
        #expect(progress.status.lastCompleteSlot == "2026-05-21" && !progress.message.contains("Retrying"))
        #expect(
            exporter.memories == [
                ExportMemory(), ExportMemory(), ExportMemory(etag: "\"p1\"", earliest: report.earliest),
            ])

        await supervisor.stop(Self.owner)
        #expect(supervisor.exportProgress(of: Self.owner) == nil)
        running.cancel()
        await running.value
    }
}
