import FinOpsAPI
import FinOpsControllers
import Foundation
import KubeCore
import Testing

/// What the scrape pipeline reports reaches `status.scrape` and the `ScrapeHealthy` condition of its
/// ExporterScraperConfig.
@Suite struct ScrapeStatusTests {
    @Test func pipelineProgressIsWrittenToTheStatus() async throws {
        try await ControllerHarness.run { h in
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            try h.create(Fixture.currentESC())
            try await h.waitFor(Fixture.escKey, ConditionType.synced, .true)

            let loaded = ScrapeStatus(
                lastPollId: "p-17", rowsRead: 2000, rowsWritten: 1998, rowsRejected: 2,
                lastSuccessTime: Date(timeIntervalSince1970: 1_700_000_000),
                nextRunTime: Date(timeIntervalSince1970: 1_700_003_600))
            h.pipelines.reported.withLock {
                $0[Fixture.escKey] = PipelineProgress(
                    healthy: true, message: "Loaded poll p-17: 1998 rows written, 2 rejected (line 7: bad decimal).",
                    status: loaded)
            }
            h.controllers.exporterScrapers.enqueue(Fixture.escKey)
            let status = try await h.waitFor(Fixture.escKey, ConditionType.scrapeHealthy, .true, "ScrapeSucceeded")
            #expect(status.scrape == loaded)

            // A failed run keeps the last loaded poll's figures and says what went wrong.
            var failed = loaded
            failed.lastError = "127.0.0.1:5432 cannot be reached: connection refused."
            h.pipelines.reported.withLock {
                $0[Fixture.escKey] = PipelineProgress(healthy: false, message: failed.lastError!, status: failed)
            }
            h.controllers.exporterScrapers.enqueue(Fixture.escKey)
            let failing = try await h.waitFor(Fixture.escKey, ConditionType.scrapeHealthy, .false, "ScrapeFailed")
            #expect(failing.scrape == failed)
            #expect(failing.conditions[type: ConditionType.scrapeHealthy]?.message == failed.lastError)
            // A failure that does not blame the database leaves Synced alone.
            #expect(failing.conditions[type: ConditionType.synced]?.status == .true)

            h.pipelines.reported.withLock {
                $0[Fixture.escKey] = PipelineProgress(
                    healthy: false, reason: "DatabaseUnreachable", message: failed.lastError!, status: failed)
            }
            h.controllers.exporterScrapers.enqueue(Fixture.escKey)
            // The objects are applied but the database does not take the rows: not Synced, with the reason.
            let unreachable = try await h.waitFor(Fixture.escKey, ConditionType.synced, .false, "DatabaseUnreachable")
            #expect(unreachable.conditions[type: ConditionType.scrapeHealthy]?.reason == "DatabaseUnreachable")
            #expect(unreachable.conditions[type: ConditionType.synced]?.message.contains(failed.lastError!) == true)
            // Exporter availability is another matter: Ready does not follow the scrape.
            #expect(unreachable.conditions[type: ConditionType.ready]?.reason != "DatabaseUnreachable")

            // Waiting for the exporter's first poll: nothing to judge yet.
            h.pipelines.reported.withLock {
                $0[Fixture.escKey] = PipelineProgress(
                    healthy: true, isPending: true, reason: "WaitingForExporter", message: "No poll yet.")
            }
            h.controllers.exporterScrapers.enqueue(Fixture.escKey)
            try await h.waitFor(Fixture.escKey, ConditionType.scrapeHealthy, .unknown, "WaitingForExporter")

            // Back to healthy: Synced again.
            h.pipelines.reported.withLock {
                $0[Fixture.escKey] = PipelineProgress(healthy: true, message: "Loaded poll p-18.", status: loaded)
            }
            h.controllers.exporterScrapers.enqueue(Fixture.escKey)
            try await h.waitFor(Fixture.escKey, ConditionType.synced, .true)
        }
    }
}
