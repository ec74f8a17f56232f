import FinOpsAPI
import FinOpsPipelines
import Foundation
import KubeTesting
import Logging
import Testing

/// The whole loop against real servers: a loopback exporter, the PostgreSQL `make test` starts behind a proxy the
/// test takes down and brings back, the real ``Scraper`` and ``PipelineSupervisor``, time from a manual clock.
@Suite(.enabled(if: ScrapeTarget.postgresURL != nil)) struct ScrapeRecoveryTests {
    static let fetcher = SourceFetcher()

    @Test func aDatabaseDownForAWhileIsRetriedWithBackoffAndEveryRowLandsOnce() async throws {
        let server = try #require(ScrapeTarget.server())
        let proxy = TCPProxy(targetPort: server.port)
        var target = ScrapeTarget(.postgresql)
        target.port = try await proxy.start()
        try await target.setPassword(server.password)
        let rows = try ScrapeFixtures.focus50
        let exporter = StubHTTPServer { request in
            request.headers["if-none-match"] == "\"p1\""
                ? .init(status: .notModified, headers: [:]) : ScrapeFixtures.exporterRows(rows, poll: "p1", rows: 50)
        }
        let clock = ManualClock()
        proxy.takeDown()

        try await exporter.run { [target] base in
            let supervisor = PipelineSupervisor(
                runner: target.scraper(rowsURL: base + "/rows", fetcher: Self.fetcher),
                schedule: ScrapeSchedule(firstRunSpread: .zero, random: { 0.5 }), clock: clock.anyClock,
                logger: Logger(label: "test"))
            let running = Task { await supervisor.run() }
            await supervisor.ensure(ScrapeTarget.owner, spec: target.pipeline())

            await clock.waitForSleepers(1)
            var progress = try #require(supervisor.progress(of: ScrapeTarget.owner))
            #expect(!progress.healthy && progress.reason == "DatabaseUnreachable")
            #expect(progress.status.nextRunTime == clock.date.addingTimeInterval(5))

            clock.advance(by: .seconds(5))
            await clock.waitForSleepers(1)
            progress = try #require(supervisor.progress(of: ScrapeTarget.owner))
            #expect(progress.reason == "DatabaseUnreachable")
            #expect(progress.status.nextRunTime == clock.date.addingTimeInterval(10))

            proxy.bringUp()
            clock.advance(by: .seconds(10))
            await clock.waitForSleepers(1)
            progress = try #require(supervisor.progress(of: ScrapeTarget.owner))
            #expect(progress.healthy && progress.reason == "ScrapeSucceeded")
            #expect(progress.status.rowsWritten == 50 && progress.status.lastError == nil)

            // Down again at the next regular run: the exporter still serves the loaded poll, which needs no database.
            proxy.takeDown()
            clock.advance(by: .seconds(3600))
            await clock.waitForSleepers(1)
            #expect(supervisor.progress(of: ScrapeTarget.owner)?.healthy == true)

            running.cancel()
            await running.value
        }
        proxy.bringUp()
        #expect(try await target.count() == 50)
        #expect(try await target.duplicateKeys() == 0)
        #expect(exporter.requests.count == 4)
        await proxy.stop()
    }
}
