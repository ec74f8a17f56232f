import DatabaseSinks
import FinOpsAPI
import FinOpsPipelines
import Foundation
import Testing

/// One scrape, for real: a loopback exporter's `/rows` into SQLite and the PostgreSQL `make test` starts.
@Suite struct ScraperTests {
    /// Shared by every test and never shut down (a deinit without shutdown traps).
    static let sharedFetcher = SourceFetcher()
    var fetcher: SourceFetcher { Self.sharedFetcher }

    func scrape(_ target: ScrapeTarget, _ server: StubHTTPServer, etag: String? = nil) async throws -> ScrapeOutcome {
        let outcome = Captured<ScrapeOutcome>()
        try await server.run { base in
            outcome.set(
                await target.scraper(rowsURL: base + "/rows", fetcher: fetcher).scrape(target.pipeline(), etag: etag))
        }
        return try #require(outcome.value)
    }

    func loaded(_ outcome: ScrapeOutcome) -> LoadReport? {
        if case .loaded(let report, _) = outcome { return report }
        return nil
    }

    func failure(_ outcome: ScrapeOutcome) -> ScrapeFailure? {
        if case .failed(let failure) = outcome { return failure }
        return nil
    }

    @Test(arguments: ScrapeTarget.Backend.available)
    func loadsAPollOnceAndSkipsItWhileUnchanged(_ backend: ScrapeTarget.Backend) async throws {
        let target = ScrapeTarget(backend)
        try await target.setPassword(ScrapeTarget.server()?.password ?? "unused")
        let rows = try ScrapeFixtures.focus50
        let server = StubHTTPServer { request in
            request.headers["if-none-match"] == "\"p1\""
                ? .init(status: .notModified, headers: [:]) : ScrapeFixtures.exporterRows(rows, poll: "p1", rows: 50)
        }
        let first = try await scrape(target, server)
        let report = try #require(loaded(first))
        #expect(first == .loaded(report, etag: "\"p1\""))
        #expect(report.pollID == "finops/aws-costs/p1")
        #expect(report.rowsRead == 50 && report.rowsInserted == 50 && report.rejectedCount == 0)
        #expect(report.focusVersion == "1.3")
        #expect(server.requests.first?.headers["accept-encoding"] == "gzip")

        #expect(try await scrape(target, server, etag: "\"p1\"") == .notModified(etag: "\"p1\""))
        // Without the ETag (a restarted operator), the body comes again and the poll is found already loaded.
        let again = try #require(loaded(try await scrape(target, server)))
        #expect(again.alreadyLoaded && again.rowsInserted == 0)
        #expect(try await target.count() == 50)
        #expect(try await target.duplicateKeys() == 0)
    }

    @Test(arguments: ScrapeTarget.Backend.available)
    func aPollShorterThanAnnouncedWritesNothing(_ backend: ScrapeTarget.Backend) async throws {
        let target = ScrapeTarget(backend)
        try await target.setPassword(ScrapeTarget.server()?.password ?? "unused")
        let rows = try ScrapeFixtures.focus50
        let server = StubHTTPServer { _ in ScrapeFixtures.exporterRows(rows, poll: "p1", rows: 60) }
        let failure = try #require(failure(try await scrape(target, server)))
        #expect(failure.reason == "SourcePayloadInvalid" && !failure.isRetriable)
        #expect(failure.message.contains("60"))
        #expect(try await target.count() == 0)
    }

    @Test(arguments: ScrapeTarget.Backend.available)
    func aPollWithoutItsRowCountIsNotTrusted(_ backend: ScrapeTarget.Backend) async throws {
        let target = ScrapeTarget(backend)
        try await target.setPassword(ScrapeTarget.server()?.password ?? "unused")
        let rows = try ScrapeFixtures.focus50
        let server = StubHTTPServer { _ in
            var answer = ScrapeFixtures.exporterRows(rows, poll: "p1", rows: 50)
            answer.headers["X-Finops-Rows"] = nil
            return answer
        }
        let failure = try #require(failure(try await scrape(target, server)))
        #expect(failure.reason == "SourcePayloadInvalid" && failure.message.contains("X-Finops-Rows"))
        #expect(try await target.count() == 0)
    }

    @Test func anExporterWithoutAPollIsWaitedFor() async throws {
        let target = ScrapeTarget(.sqlite)
        let server = StubHTTPServer { _ in .init(status: .serviceUnavailable, headers: [:], body: Array("no poll".utf8))
        }
        #expect(try await scrape(target, server) == .waiting("The exporter has not completed a poll yet."))
    }

    @Test func anExporterAnsweringAnErrorIsASourceFailure() async throws {
        let target = ScrapeTarget(.sqlite)
        let server = StubHTTPServer { _ in .init(status: .internalServerError, headers: [:], body: Array("boom".utf8)) }
        let failure = try #require(failure(try await scrape(target, server)))
        #expect(failure.reason == "SourceHTTPError" && failure.isRetriable && failure.message.contains("boom"))
    }

    @Test(arguments: ScrapeTarget.Backend.available)
    func rowsTheDatabaseRefusesAreReportedByLineAndTheRestLands(_ backend: ScrapeTarget.Backend) async throws {
        let target = ScrapeTarget(backend)
        try await target.setPassword(ScrapeTarget.server()?.password ?? "unused")
        let rows = try ScrapeFixtures.focus50Bad
        let server = StubHTTPServer { _ in ScrapeFixtures.exporterRows(rows, poll: "p1", rows: 50) }
        let report = try #require(loaded(try await scrape(target, server)))
        #expect(report.rejected.map(\.line) == [3, 5, 7, 10, 12])
        #expect(report.rejectedCount == 5 && report.rowsInserted == 45)
        #expect(try await target.count() == 45)
    }

    @Test(.enabled(if: ScrapeTarget.postgresURL != nil))
    func aWrongPasswordIsAClearFailureWithoutThePassword() async throws {
        let target = ScrapeTarget(.postgresql)
        try await target.setPassword("not-the-password-4711")
        let rows = try ScrapeFixtures.focus50
        let server = StubHTTPServer { _ in ScrapeFixtures.exporterRows(rows, poll: "p1", rows: 50) }
        let failure = try #require(failure(try await scrape(target, server)))
        #expect(failure.reason == "DatabaseAuthenticationFailed" && !failure.isRetriable)
        #expect(!failure.message.contains("4711"))
        // The rotated password is read at the next scrape, without a restart.
        try await target.setPassword(ScrapeTarget.server()!.password)
        #expect(loaded(try await scrape(target, server))?.rowsInserted == 50)
    }

    @Test func aScraperURLSourceIsReadAsCSV() async throws {
        let target = ScrapeTarget(.sqlite)
        let rows = try ScrapeFixtures.focus50
        let server = StubHTTPServer { _ in .init(status: .ok, headers: ["Content-Type": "text/csv"], body: rows) }
        let outcome = Captured<ScrapeOutcome>()
        try await server.run { base in
            outcome.set(
                await target.scraper(rowsURL: "http://unused", fetcher: fetcher).scrape(
                    target.pipeline(source: .url(base + "/report.csv")), etag: nil))
        }
        let scraped = try #require(outcome.value)
        let report = try #require(loaded(scraped))
        #expect(report.rowsInserted == 50 && report.pollID == "finops/aws-costs/at-1767225600")
        #expect(server.requests.map(\.path) == ["/report.csv"])
    }
}
