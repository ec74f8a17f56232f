import FinOpsAPI
import FinOpsControllers
import FinOpsPipelines
import Foundation
import KubeCore
import Synchronization
import Testing

/// The exporter's `/status` becomes the ExporterScraperConfig's `SourceHealthy` condition.
@Suite struct SourceHealthTests {
    struct Unreachable: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    /// The status the fake exporter answers with; `nil` means it cannot be reached.
    final class FakeExporter: Sendable {
        let report = Mutex<ExporterStatusReport?>(nil)
        let askedURLs = Mutex<[String]>([])

        func fetch(_ url: String) async throws -> Data {
            askedURLs.withLock { $0.append(url) }
            guard let report = report.withLock({ $0 }) else { throw Unreachable() }
            return report.encoded()
        }
    }

    static let polledAt = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func theLastPollOfTheSourceIsACondition() async throws {
        let exporter = FakeExporter()
        try await ControllerHarness.run(exporterStatus: { try await exporter.fetch($0) }) { h in
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            try h.create(Fixture.currentESC())

            // Not reachable yet (the pod is starting): unknown, not false.
            let starting = try await h.waitFor(
                Fixture.escKey, ConditionType.sourceHealthy, .unknown, ConditionReason.exporterStatusUnavailable)
            #expect(
                starting.conditions[type: ConditionType.sourceHealthy]?.message
                    == "The exporter's status at http://costs-service.finops.svc:2112/status cannot be read: "
                    + "connection refused.")

            // A wrong token at the source.
            exporter.report.withLock {
                $0 = ExporterStatusReport(
                    source: "https://cost.example.com/report",
                    lastPoll: .init(
                        finishedAt: Self.polledAt, succeeded: false, attempts: 1, reason: "SourceUnauthorized",
                        message: "https://cost.example.com/report answered HTTP 401 Unauthorized."),
                    consecutiveFailures: 1)
            }
            h.clock.advance(by: .seconds(30))
            let failing = try await h.waitFor(
                Fixture.escKey, ConditionType.sourceHealthy, .false, "SourceUnauthorized")
            #expect(
                failing.conditions[type: ConditionType.sourceHealthy]?.message
                    == "https://cost.example.com/report answered HTTP 401 Unauthorized.")

            // Fixed: the next poll succeeds.
            exporter.report.withLock {
                $0 = ExporterStatusReport(
                    source: "https://cost.example.com/report",
                    lastPoll: .init(finishedAt: Self.polledAt, succeeded: true, attempts: 1),
                    served: .init(
                        pollID: "1-2", finishedAt: Self.polledAt, rows: 2000, rejectedRows: 3, focusVersion: "1.3"))
            }
            h.clock.advance(by: .seconds(30))
            let healthy = try await h.waitFor(
                Fixture.escKey, ConditionType.sourceHealthy, .true, ConditionReason.sourcePolled)
            #expect(
                healthy.conditions[type: ConditionType.sourceHealthy]?.message
                    == "Polled https://cost.example.com/report: 2000 rows (FOCUS 1.3), 3 rows rejected.")
        }
    }

    @Test func aFailedPollAfterAGoodOneSaysWhatIsStillServed() {
        let report = ExporterStatusReport(
            source: "file:///data/focus.csv",
            lastPoll: .init(
                finishedAt: Self.polledAt, succeeded: false, attempts: 4, reason: "SourcePayloadInvalid",
                message: "The CSV from /data/focus.csv cannot be read: line 7: the input ends inside a quoted field."),
            served: .init(pollID: "9-1", finishedAt: Self.polledAt, rows: 12), consecutiveFailures: 2)
        let health = ExporterStatusMonitor.health(from: report)
        #expect(health.status == .false)
        #expect(health.reason == "SourcePayloadInvalid")
        #expect(health.message.hasSuffix("Still serving the 12 rows of poll 9-1."))
    }
}
