import FinOpsAPI
import FinOpsPipelines
import Focus
import Foundation
import Gzip
import KubeRuntime
import KubeTesting
import Logging
import ServiceLifecycleTestKit
import Synchronization
import Testing

/// One poll end to end, from the source's bytes to what the exporter serves.
@Suite struct ExporterPollTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let sample = repository.appendingPathComponent("examples/demo/focus-1.3-cost-and-usage-aws.csv.gz").path
    static let payloads = repository.appendingPathComponent("Tests/SourcePayloadsTests/Fixtures").path

    struct NoSecrets: SecretProvider {
        func values(of source: ExporterConfigFile.SecretSource) async throws(SourceError) -> SecretValues {
            throw SourceError(.secret, "no Secrets in this test")
        }
    }

    static func source(url: String) -> EndpointSource {
        EndpointSource(
            plan: RequestPlan(
                source: .init(url: url), variables: SourceVariables([:], environment: [:]), secrets: NoSecrets()),
            fetcher: SourceFetcher())
    }

    static func poll(
        _ source: some CostSource, exposition: CostExposition = .init(), validates: Bool = true
    ) async throws(SourceError) -> PollResult {
        var collector = FocusPollCollector(exposition: exposition, validatesFocus: validates)
        try await source.poll(into: &collector)
        return try collector.finish()
    }

    /// The sum of column `value` over the rows of `csv` whose `key` column is `wanted`.
    static func sum(of value: String, where key: String, is wanted: String, in csv: String) throws -> Double {
        let read = try CSVReader.read(Array(csv.utf8))
        let keyIndex = try #require(read.header.index(of: key))
        let valueIndex = try #require(read.header.index(of: value))
        var total = 0.0
        for batch in read.batches {
            for row in 0..<batch.rowCount where batch.string(row: row, column: keyIndex) == wanted {
                total += Double(batch.string(row: row, column: valueIndex) ?? "") ?? 0
            }
        }
        return total
    }

    static func text(_ gzip: some Collection<UInt8>) throws -> String {
        String(decoding: try Gzip.decompress(Array(gzip)), as: UTF8.self)
    }

    @Test func aGzipFocusFileBecomesMetricsRowsAndAValidationSummary() async throws {
        let result = try await Self.poll(Self.source(url: "file://" + Self.sample))
        #expect(result.rows == 2000)
        #expect(result.rejectedRows == 0)
        #expect(result.focusVersion == "1.3")
        #expect(result.validationErrors == 0)
        #expect(result.violationsByRule == ["deprecated-column": 2])

        let metrics = try Self.text(result.metrics.bytes())
        #expect(metrics.hasPrefix("# HELP billed_cost "))
        let series = metrics.split(separator: "\n").filter { $0.hasPrefix("billed_cost{") }
        #expect(series.count == result.series)
        #expect(series.first?.contains("billing_account_id=\"") == true)
        let total = series.compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
        #expect(abs(total - 39250.155709370715487) < 1e-6)
        // The most expensive resources, most expensive first, at most 100, each the sum of its rows.
        let resources = metrics.split(separator: "\n").filter { $0.hasPrefix("finops_resource_billed_cost{") }
        #expect(resources.count == 100)
        let costs = resources.compactMap { Double($0.split(separator: " ").last ?? "") }
        #expect(costs == costs.sorted(by: >))
        let top = try #require(resources.first)
        let topID = try #require(top.firstMatch(of: /resource_id="([^"]*)"/)?.1)
        #expect(top.contains("billing_currency=\"USD\""))
        let csv = String(
            decoding: try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: Self.sample)))), as: UTF8.self
        )
        #expect(
            abs(costs[0] - (try Self.sum(of: "BilledCost", where: "ResourceId", is: String(topID), in: csv))) < 1e-6)

        // The other FOCUS costs are gauges with the same label sets; `series` counts billed_cost's.
        for companion in ["effective_cost", "list_cost", "contracted_cost"] {
            let lines = metrics.split(separator: "\n").filter { $0.hasPrefix(companion + "{") }
            #expect(lines.count == result.series, "\(companion)")
            #expect(metrics.contains("# TYPE \(companion) gauge"))
        }

        let rows = try Self.text(result.rowsCSVGzip)
        let original = String(
            decoding: try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: Self.sample)))), as: UTF8.self
        )
        #expect(rows == original)
    }

    @Test func krateoFocusConfigListJSONIsRead() async throws {
        let result = try await Self.poll(Self.source(url: "file://\(Self.payloads)/krateo-focusconfiglist.json"))
        #expect(result.rows == 2)
        let metrics = try Self.text(result.metrics.bytes())
        let values = metrics.split(separator: "\n").filter { $0.hasPrefix("billed_cost") }.map {
            $0.split(separator: " ").last ?? ""
        }
        #expect(Set(values) == ["27000", "1234.5678"])
    }

    @Test func genericPrometheusQueryBecomesItsOwnMetric() async throws {
        let exposition = CostExposition.generic(.init(metricName: "exporter up", valueColumnIndex: 5))
        let result = try await Self.poll(
            Self.source(url: "file://\(Self.payloads)/prometheus-vector.json"), exposition: exposition,
            validates: false)
        #expect(result.rows == 2)
        #expect(result.validationErrors == 0)
        let metrics = try Self.text(result.metrics.bytes())
        #expect(metrics.contains("# TYPE exporter_up gauge"))
        #expect(metrics.split(separator: "\n").filter { $0.hasPrefix("exporter_up{") }.count == 2)
    }

    @Test func aValueColumnBeyondTheColumnsIsAConfigurationError() async throws {
        let exposition = CostExposition.generic(.init(metricName: "m", valueColumnIndex: 99))
        do throws(SourceError) {
            _ = try await Self.poll(
                Self.source(url: "file://\(Self.payloads)/prometheus-vector.json"), exposition: exposition,
                validates: false)
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == .configuration)
            #expect(error.message.contains("valueColumnIndex 99"))
        }
    }
}

/// The poll loop: retries, failures that keep the last good poll, and what `/status` then says.
@Suite struct ExporterServiceTests {
    /// A source that fails with the queued errors, then serves one row.
    final class ScriptedSource: CostSource, Sendable {
        let failures: Mutex<[SourceError]>
        let polls = Atomic<Int>(0)
        var summary: String { "scripted" }

        init(failures: [SourceError]) { self.failures = Mutex(failures) }

        func poll<Receiver: RowReceiver>(into receiver: inout Receiver) async throws(SourceError) {
            polls.add(1, ordering: .relaxed)
            if let failure = failures.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw failure }
            let header = FocusHeader(["BilledCost", "BillingCurrency"])
            try receiver.receive(RowBatch(header: header, rows: [["1.25", "USD"]]))
        }
    }

    static func service(_ source: ScriptedSource, clock: ManualClock, state: ExporterState) -> ExporterService {
        ExporterService(
            source: source, interval: .seconds(3600),
            retry: .init(attempts: 3, backoff: Backoff(initial: .seconds(2), maximum: .seconds(60), jitter: 0)),
            clock: clock.anyClock, state: state, makeCollector: { FocusPollCollector(exposition: .init()) },
            logger: Logger(label: "test"))
    }

    /// SIGTERM: the poll loop returns without an error while it waits for the next poll (it used to throw
    /// `CancellationError`, and the exporter exited 1).
    @Test func gracefulShutdownBetweenPollsIsACleanStop() async throws {
        let clock = ManualClock()
        let service = Self.service(ScriptedSource(failures: []), clock: clock, state: ExporterState(sourceSummary: "s"))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await service.run() }
                await clock.waitForSleepers(1)
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test func transientFailuresAreRetriedWithBackoffWithinThePoll() async throws {
        let clock = ManualClock()
        let source = ScriptedSource(failures: [
            SourceError(.connection, "refused"), SourceError(.httpStatus, "HTTP 503", statusCode: 503),
        ])
        let state = ExporterState(sourceSummary: "scripted")
        let service = Self.service(source, clock: clock, state: state)
        async let poll: Void = service.pollOnce()
        await clock.waitForSleepers()
        clock.advance(by: .seconds(2))
        await clock.waitForSleepers()
        clock.advance(by: .seconds(4))
        await poll
        #expect(source.polls.load(ordering: .relaxed) == 3)
        #expect(state.report.lastPoll?.succeeded == true)
        #expect(state.report.lastPoll?.attempts == 3)
        #expect(state.report.served?.rows == 1)
        // The poll took the two backoffs (2 s + 4 s on the injected clock): its duration counts the retries.
        let metrics = String(decoding: state.selfMetricsText(), as: UTF8.self)
        #expect(metrics.contains("finops_exporter_last_poll_duration_seconds 6\n"))
    }

    @Test func aFailedPollKeepsServingTheLastGoodOne() async throws {
        let clock = ManualClock()
        let source = ScriptedSource(failures: [])
        let state = ExporterState(sourceSummary: "scripted")
        let service = Self.service(source, clock: clock, state: state)
        await service.pollOnce()
        let first = try #require(state.served?.pollID)

        source.failures.withLock { $0 = [SourceError(.unauthorized, "HTTP 401", statusCode: 401)] }
        await service.pollOnce()
        #expect(source.polls.load(ordering: .relaxed) == 2, "401 is not retried")
        let report = state.report
        #expect(report.lastPoll?.succeeded == false)
        #expect(report.lastPoll?.reason == "SourceUnauthorized")
        #expect(report.consecutiveFailures == 1)
        #expect(report.served?.pollID == first)
        let metrics = String(decoding: state.selfMetricsText(), as: UTF8.self)
        #expect(metrics.contains("finops_exporter_poll_failures_total{reason=\"unauthorized\"} 1"))
        #expect(metrics.contains("finops_exporter_last_poll_success 0"))
        #expect(metrics.contains("finops_exporter_polls_total 1"))
    }
}
