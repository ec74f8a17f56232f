import FinOpsAPI
import KubeCore
import Testing

@testable import FinOpsOperator

/// When local mode considers a pipeline finished, and how it shows it.
@Suite struct LocalPipelineViewTests {
    static func view(_ conditions: [(String, Condition.Status, String)]) -> LocalPipelineView {
        LocalPipelineView(
            key: ObjectKey(namespace: "finops", name: "aws"),
            conditions: conditions.map { Condition(type: $0.0, status: $0.1, reason: $0.2, message: "m") },
            scrape: nil, export: nil, exporter: nil)
    }

    @Test func waitsUntilEveryPartHasAVerdict() {
        let creating = Self.view([("Ready", .false, "Creating")])
        #expect(!creating.isSettled)
        #expect(creating.awaiting == "Creating")
        let loading = Self.view([
            ("Ready", .true, "Available"), ("SourceHealthy", .true, "SourcePolled"),
            ("ScrapeHealthy", .unknown, "ScrapeWaiting"),
        ])
        #expect(!loading.isSettled)
        #expect(loading.awaiting == "loading the database")
        let done = Self.view([
            ("Ready", .true, "Available"), ("SourceHealthy", .true, "SourcePolled"),
            ("ScrapeHealthy", .true, "ScrapeSucceeded"), ("Synced", .true, "ReconcileSuccess"),
        ])
        #expect(done.isSettled && done.succeeded)
        #expect(done.line == "✓ finops/aws  0 rows polled")
    }

    @Test func aProblemThatNeedsAChangeEndsItAtOnce() {
        let invalid = Self.view([("Ready", .false, "InvalidSpec")])
        #expect(invalid.isSettled && !invalid.succeeded)
        #expect(invalid.problem == "InvalidSpec: m")
        // A failing source leaves the scrape waiting forever: settled, failed.
        let failing = Self.view([
            ("Ready", .true, "Available"), ("SourceHealthy", .false, "SourceUnauthorized"),
            ("ScrapeHealthy", .unknown, "ScrapeWaiting"),
        ])
        #expect(failing.isSettled && !failing.succeeded)
        #expect(failing.line == "✗ finops/aws  0 rows polled  SourceUnauthorized: m")
        let refused = LocalPipelineView(
            key: ObjectKey(namespace: "finops", name: "aws"), conditions: [], scrape: nil, export: nil,
            exporter: .failure(LocalFailure(description: "bad config")))
        #expect(refused.isSettled && !refused.succeeded)
    }

    @Test func countsAreGrouped() {
        #expect(LocalPipelineView.grouped(1_234_567) == "1,234,567")
        #expect(LocalPipelineView.grouped(999) == "999")
        #expect(LocalPipelineView.grouped(-1000) == "-1,000")
    }
}
