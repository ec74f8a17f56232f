import FinOpsAPI
import FinOpsControllers
import Foundation
import KubeCore
import Testing

/// What the export pipeline reports reaches `status.export` and the `ExportHealthy` condition; removing
/// `spec.focusExport` removes both.
@Suite struct ExportStatusTests {
    @Test func exportProgressIsWrittenToTheStatusAndGoesWithTheSpec() async throws {
        try await ControllerHarness.run { h in
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            var esc = Fixture.currentESC()
            esc.spec.focusExport = FocusExportSpec(destination: "s3://focus-bucket/aws")
            try h.create(esc)
            try await h.waitFor(Fixture.escKey, ConditionType.synced, .true)
            #expect(h.pipelines.ensures(of: Fixture.escKey) > 0)

            let written = ExportStatus(
                lastCompleteSlot: "2026-05-21", files: 21, rows: 50, bytes: 123_456, rowsSkipped: 0,
                lastSuccessTime: Date(timeIntervalSince1970: 1_779_451_200))
            h.pipelines.reportedExports.withLock {
                $0[Fixture.escKey] = ExportProgress(
                    healthy: true, reason: "ExportSucceeded", message: "Wrote 21 files.", status: written)
            }
            h.controllers.exporterScrapers.enqueue(Fixture.escKey)
            let status = try await h.waitFor(Fixture.escKey, ConditionType.exportHealthy, .true, "ExportSucceeded")
            #expect(status.export == written)

            h.pipelines.reportedExports.withLock {
                $0[Fixture.escKey] = ExportProgress(
                    healthy: false, reason: "ObjectStoreAccessDenied", message: "403 AccessDenied", status: written)
            }
            h.controllers.exporterScrapers.enqueue(Fixture.escKey)
            let denied = try await h.waitFor(
                Fixture.escKey, ConditionType.exportHealthy, .false, "ObjectStoreAccessDenied")
            // The files are another matter than the exporter's objects: Synced and Ready stay.
            #expect(denied.conditions[type: ConditionType.synced]?.status == .true)

            try h.edit(ExporterScraperConfig.self, Fixture.escKey) { $0.spec.focusExport = nil }
            try await h.settle()
            let after = try #require(try h.esc(Fixture.escKey)?.status)
            #expect(after.conditions[type: ConditionType.exportHealthy] == nil && after.export == nil)
        }
    }
}
