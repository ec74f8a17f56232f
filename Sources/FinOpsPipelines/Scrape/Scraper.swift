import DatabaseSinks
import FinOpsAPI
import Foundation
import KubeCore
import Logging
import NIOCore

/// One scrape, for real: the rows of an ExporterScraperConfig's source, streamed into its table.
///
/// - Source: the exporter's `/rows` (`If-None-Match` with the last loaded poll's ETag, so an unchanged poll costs one
///   round trip), or `scraperConfig.url` / `scraperConfig.api` (CSV, plain or gzip; Secrets read through the API).
/// - Completeness: the exporter announces its rows (`X-Finops-Rows`) and the sink loads nothing when the body holds
///   another count, so a poll cut short is never taken for a complete one; other sources must at least be
///   well-formed CSV to the last byte.
/// - Exactly once: the poll id (the exporter's, prefixed with the owner) is recorded with the rows in one
///   transaction; see ``DatabaseSink``.
/// - Connection settings and passwords are read at each scrape (``DatabaseConnector``), so rotations apply.
public struct Scraper: ScrapeRunning {
    public var connector: DatabaseConnector
    public var fetcher: SourceFetcher
    public var source: RowsSource
    /// Names polls of sources without an ETag (`at-<unix seconds>`).
    public var now: @Sendable () -> Date
    public var logger: Logger

    public init(
        connector: DatabaseConnector, fetcher: SourceFetcher, secrets: any SecretProvider,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        exporterRowsURL: @escaping @Sendable (ObjectKey) -> String = { ExporterAddress.url(of: $0, path: "/rows") },
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.connector = connector
        self.fetcher = fetcher
        source = RowsSource(secrets: secrets, environment: environment, exporterRowsURL: exporterRowsURL)
        self.now = now
        self.logger = logger
    }

    public func scrape(_ pipeline: ResolvedExporterScraper, etag: String?) async -> ScrapeOutcome {
        do {
            return try await run(pipeline, etag: etag)
        } catch let error as ScrapeFailure {
            return .failed(error)
        } catch let error as DatabaseError {
            return .failed(ScrapeFailure(error))
        } catch let error as SourceError {
            return .failed(ScrapeFailure(error))
        } catch {
            return .failed(
                ScrapeFailure(
                    reason: SourceError.Reason.connection.conditionReason, message: "The scrape failed: \(error).",
                    isRetriable: true))
        }
    }

    private func run(_ pipeline: ResolvedExporterScraper, etag: String?) async throws -> ScrapeOutcome {
        guard let scraper = pipeline.spec.scraper, let database = pipeline.database else {
            throw ScrapeFailure(
                reason: "ScraperNotConfigured", message: "The spec asks for no scraping.", isRetriable: false)
        }
        let table = try TableName(validating: scraper.tableName)
        let kind: TableKind =
            switch pipeline.spec.metricType {
            case .cost: .focus
            case .resource: .usage
            case .generic: .generic(valueColumnIndex: pipeline.spec.generic?.valueColumnIndex ?? 0)
            }
        // The database first: nothing is downloaded for a table that cannot be written.
        let settings = try await connector.settings(for: database)
        let (request, fromExporter) = try await source.request(for: pipeline, etag: etag)

        return try await fetcher.open(request) { response in
            if response.status == 304, let etag { return .notModified(etag: etag) }
            if fromExporter && response.status == 503 {
                return .waiting("The exporter has not completed a poll yet.")
            }
            guard (200..<300).contains(response.status) else {
                throw await Self.statusError(response, url: request.redactedURL)
            }
            if let type = response.header("Content-Type")?.lowercased(), type.contains("json") {
                throw SourceError(
                    .payload,
                    "\(request.redactedURL) answered \(type); a scraper source must serve CSV (plain or gzip).")
            }
            let responseETag = response.header("ETag")
            let sourcePollID =
                response.header("X-Finops-Poll-Id") ?? responseETag.map(Self.unquoted)
                ?? "at-\(Int(now().timeIntervalSince1970))"
            // Poll ids are unique per table; two owners sharing one must not skip each other's polls.
            let pollID = "\(pipeline.key.namespace ?? "")/\(pipeline.key.name)/\(sourcePollID)"
            let expectedRows = response.header("X-Finops-Rows").flatMap { Int($0) }
            if fromExporter && expectedRows == nil {
                throw SourceError(
                    .payload, "\(request.redactedURL) did not announce its rows (X-Finops-Rows); nothing was loaded.")
            }
            let focusVersion = response.header("X-Focus-Version").flatMap { $0 == "unknown" ? nil : $0 }
            let sink = makeDatabaseSink(settings, logger: logger)
            do {
                let report = try await sink.load(
                    LoadRequest(
                        table: table, kind: kind, pollID: pollID, expectedRows: expectedRows, focusVersion: focusVersion
                    ),
                    body: Gunzipping(response.body))
                await sink.shutdown()
                return .loaded(report, etag: responseETag)
            } catch {
                await sink.shutdown()
                throw error
            }
        }
    }

    static func unquoted(_ etag: String) -> String {
        var text = Substring(etag)
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = text.dropFirst().dropLast() }
        return String(text)
    }

    static func statusError(_ response: SourceResponse, url: String) async -> SourceError {
        var snippet = ""
        var iterator = response.body.makeAsyncIterator()
        while snippet.utf8.count < 2048, let chunk = try? await iterator.next() {
            snippet += String(buffer: chunk)
        }
        return SourceFetcher.statusError(
            .init(statusCode: response.status),
            body: snippet.isEmpty ? nil : .init(string: String(snippet.prefix(2048))),
            url: url)
    }
}
