import FinOpsAPI
import FinOpsPipelines
import Focus
import Foundation
import Hummingbird
import KubeCore
import Synchronization
import Testing

/// `spec.exporterConfig.castai` end to end in the exporter: a local server replays recorded Cast AI answers (one
/// enrichment endpoint answers 500), and the poll serves valid FOCUS 1.3 rows with the fallback reported.
@Suite struct CastAISourceTests {
    static let apiKey = "castai-k3y-do-not-log"
    static let prod = "11111111-aaaa-4000-8000-000000000001"
    static let edge = "22222222-bbbb-4000-8000-000000000002"

    struct EndpointSecret: SecretProvider {
        let serverURL: String
        func values(of source: ExporterConfigFile.SecretSource) async throws(SourceError) -> SecretValues {
            SecretValues(
                origin: "Secret finops/castai",
                values: ["server-url": Array(serverURL.utf8), "api-key": Array(apiKey.utf8)])
        }
    }

    /// Keeps the batches and fallbacks beside what the exporter's collector makes of them.
    struct Recording: RowReceiver {
        var collector = FocusPollCollector(exposition: CostExposition(), validatesFocus: true)
        var rows: [[String: String]] = []
        var problems: [RowProblem] = []
        var fallbacks: [SourceFallback] = []

        mutating func receive(_ batch: RowBatch) throws(SourceError) {
            try collector.receive(batch)
            for row in 0..<batch.rowCount {
                var fields: [String: String] = [:]
                for (column, name) in batch.header.names.enumerated() {
                    if let value = batch.string(row: row, column: column) { fields[name] = value }
                }
                rows.append(fields)
            }
        }
        mutating func reject(_ problem: RowProblem) {
            collector.reject(problem)
            problems.append(problem)
        }
        mutating func rejectUndescribed(count: Int) { collector.rejectUndescribed(count: count) }
        mutating func fallback(_ fallback: SourceFallback) {
            collector.fallback(fallback)
            fallbacks.append(fallback)
        }
    }

    /// What a poll delivered.
    struct Polled: Sendable {
        var rows: [[String: String]]
        var problems: [RowProblem]
    }

    static func fixture(_ name: String) -> [UInt8] {
        let url = URL(fileURLWithPath: ExporterPollTests.payloads).appendingPathComponent("castai/\(name)")
        return (try? Array(Data(contentsOf: url))) ?? []
    }

    /// The recorded answer for a request path; `failing` paths answer 500.
    static func answer(_ request: StubHTTPServer.Received, failing: Set<String>) -> StubHTTPServer.Answer {
        let path = String(request.path.split(separator: "?").first ?? "")
        let json = ["Content-Type": "application/json"]
        if failing.contains(where: { path.hasSuffix($0) }) {
            return .init(
                status: .internalServerError, headers: json, body: Array(#"{"message":"internal error"}"#.utf8))
        }
        let name: String? =
            switch path {
            case "/v1/kubernetes/external-clusters": "external-clusters.json"
            case "/v1/cost-reports/clusters/\(prod)/workload-costs":
                request.path.contains("page.cursor=cGFnZS0y")
                    ? "workload-costs-prod-page2.json" : "workload-costs-prod-page1.json"
            case "/v1/cost-reports/clusters/\(edge)/workload-costs": "workload-costs-edge.json"
            case "/pricing/v1beta/organizations/org-1/anywhere-cluster-default-pricing":
                "anywhere-cluster-default-pricing.json"
            case "/v1/discounts": "discounts.json"
            case "/v1/billing/platform-usage-report", "/v1/billing/enterprise/usage-report":
                "platform-usage-report.json"
            case "/pricing/v1/organizations/org-1/clusters/prices": nil
            default: nil
            }
        guard let name else { return .init(status: .notFound, headers: json, body: Array(#"{"message":"no"}"#.utf8)) }
        return .init(headers: json, body: fixture(name))
    }

    func poll(
        _ settings: ExporterConfigFile.CastAI, failing: Set<String> = ["/clusters/prices"]
    ) async throws -> (Polled, PollResult?, SourceError?, [StubHTTPServer.Received]) {
        let server = StubHTTPServer { Self.answer($0, failing: failing) }
        let outcome = Mutex<(Polled, PollResult?, SourceError?)?>(nil)
        try await server.run { base in
            let fetcher = SourceFetcher()
            let source = CastAISource(
                plan: RequestPlan(
                    source: try Self.configFile().source,
                    variables: SourceVariables([:], environment: [:]), secrets: EndpointSecret(serverURL: base)),
                fetcher: fetcher, settings: settings,
                now: { Date(timeIntervalSince1970: 1_748_824_200) })  // 2025-06-02T00:30:00Z
            var recording = Recording()
            do {
                try await source.poll(into: &recording)
                let result = try recording.collector.finish()
                let polled = Polled(rows: recording.rows, problems: recording.problems)
                outcome.withLock { $0 = (polled, result, nil) }
            } catch {
                let polled = Polled(rows: recording.rows, problems: recording.problems)
                outcome.withLock { $0 = (polled, nil, error as? SourceError) }
            }
            await fetcher.shutdown()
        }
        let (recording, result, error) = try #require(outcome.withLock { $0 })
        return (recording, result, error, server.requests)
    }

    /// The exporter configuration a `castai` block becomes.
    static func configFile() throws -> ExporterConfigFile {
        let spec = try ExporterScraperConfigSpec(
            exporterConfig: ExporterConfigSpec(
                api: APIRequest(endpointRef: ObjectRef(name: "castai")),
                castai: CastAISourceSpec(organizationId: "org-1", window: "2h"))
        ).normalized(defaultNamespace: "finops")
        return ExporterConfigFile.make(
            for: ResolvedExporterScraper(key: ObjectKey(namespace: "finops", name: "castai"), spec: spec)
        ).file
    }

    static var settings: ExporterConfigFile.CastAI {
        ExporterConfigFile.CastAI(organizationId: "org-1", windowSeconds: 7_200, stepSeconds: 3_600)
    }

    @Test func theBlockBecomesTheseSettings() throws {
        #expect(try Self.configFile().castAI == Self.settings)
    }

    static func decimal(_ text: String?) -> FocusDecimal { text.flatMap { FocusDecimal($0) } ?? .zero }

    @Test func everyClusterIsReportedAndAFailingEnrichmentFallsBack() async throws {
        let (recording, result, error, requests) = try await poll(Self.settings)
        #expect(error == nil)
        let served = try #require(result)
        #expect(requests.allSatisfy { $0.headers["x-api-key"] == Self.apiKey })
        #expect(requests.allSatisfy { $0.headers["authorization"] == nil })
        let reports = requests.map(\.path).filter { $0.contains("workload-costs") }
        #expect(reports.count == 3, "two pages for prod-eks, one for edge-1, none for the deleted cluster")
        #expect(
            reports.first
                == "/v1/cost-reports/clusters/\(Self.prod)/workload-costs?startTime=2025-06-01T22%3A00%3A00Z"
                + "&endTime=2025-06-02T00%3A00%3A00Z&stepSeconds=3600&page.limit=500")

        #expect(served.rows == 9 && served.rejectedRows == 0)
        #expect(served.focusVersion == "1.3")
        #expect(served.validationErrors == 0, "\(served.violationsByRule)")
        #expect(served.fallbacks.map(\.part) == ["cluster-prices"])
        let message = try #require(served.fallbacks.first?.message)
        #expect(message.contains("HTTP 500") && message.contains("ContractedCost falls back to ListCost"))
        #expect(!message.contains(Self.apiKey))

        let rows = recording.rows
        let billed = rows.reduce(FocusDecimal.zero) { $0.adding(Self.decimal($1["BilledCost"])) ?? $0 }
        #expect(billed == FocusDecimal("0.8224"), "Σ rate × 1 h over both clusters; platform usage costs 0")
        for row in rows {
            let list = Self.decimal(row["ListCost"])
            let contracted = Self.decimal(row["ContractedCost"])
            #expect(list >= contracted && contracted >= .zero)
            #expect(row["EffectiveCost"] == row["BilledCost"])
            if row["x_CastAICostComponent"] == "compute" {
                #expect(row["x_CastAIContractedCostSource"] == "list-cost")
            }
        }
        let gateway = rows.filter { $0["ResourceName"] == "gateway" }
        #expect(gateway.map { $0["ListCost"] } == ["0.12", "0.12"], "2 vCPU × 0.04 + 8 GiB × 0.005 (edge is anywhere)")
        #expect(gateway.first?["x_CastAIListCostSource"] == "default-pricing")
        let checkout = rows.filter { $0["ResourceName"] == "checkout" && $0["x_CastAIPricingTier"] == "on-demand" }
        #expect(checkout.first?["x_CastAIDiscounts"] == #"["EDP 2025"]"#)
        #expect(checkout.first?["ListCost"] == checkout.first?["BilledCost"], "prod-eks is not anywhere")
        #expect(
            checkout.first?["Tags"] == #"{"team":"payments","env":"prod"}"#,
            "workload labels win over cluster tags")
        #expect(rows.filter { $0["x_CastAICostComponent"] == "platform" }.count == 1)
        #expect(rows.first?["InvoiceId"] == "CASTAI-org-1-2025-06")

        // The exporter's /status, condition and metrics say so.
        let state = ExporterState(sourceSummary: "Cast AI organization org-1")
        state.publish(served, attempts: 1)
        let health = ExporterStatusMonitor.health(from: state.report)
        #expect(health.status == .true && health.reason == ConditionReason.sourceDegraded)
        #expect(health.message.contains("cluster-prices"))
        let metrics = String(decoding: state.selfMetricsText(), as: UTF8.self)
        #expect(metrics.contains(#"finops_exporter_fallbacks_total{part="cluster-prices"} 1"#))
        #expect(metrics.contains(#"finops_exporter_degraded{part="cluster-prices"} 1"#))
    }

    @Test func everyEnrichmentFailingStillServesCompleteRows() async throws {
        let (recording, result, error, _) = try await poll(
            Self.settings,
            failing: [
                "/clusters/prices", "/anywhere-cluster-default-pricing", "/v1/discounts", "/platform-usage-report",
            ])
        #expect(error == nil)
        #expect(
            result?.fallbacks.map(\.part).sorted() == ["billing", "cluster-prices", "default-pricing", "discounts"])
        #expect(recording.rows.count == 8, "no platform usage row")
        for row in recording.rows {
            #expect(row["ListCost"] == row["BilledCost"] && row["ContractedCost"] == row["BilledCost"])
        }
    }

    @Test func anEnterpriseKeyAlsoGetsTheEnterpriseUsage() async throws {
        var settings = Self.settings
        settings.enterpriseBilling = true
        let (polled, result, error, requests) = try await poll(settings)
        #expect(error == nil && result?.rows == 10)
        #expect(requests.contains { $0.path.hasPrefix("/v1/billing/enterprise/usage-report") })
        let usage = polled.rows.filter { $0["x_CastAICostComponent"] == "platform" }
        #expect(usage.map { $0["x_CastAIBillingScope"] } == ["organization", "enterprise"])
        #expect(usage.last?["ResourceId"] == "castai://org-1/enterprise/platform/phase2")
    }

    @Test func includeAndExcludeSelectClustersAndNamespaces() async throws {
        var settings = Self.settings
        settings.clusters = ["edge-1", "no-such-cluster"]
        settings.namespaces = ["edge"]
        settings.billing = false
        let (recording, _, error, requests) = try await poll(settings)
        #expect(error == nil)
        #expect(requests.filter { $0.path.contains(Self.prod) }.isEmpty)
        #expect(requests.contains { $0.path.contains(Self.edge) && $0.path.hasSuffix("&filter.namespaces=edge") })
        #expect(!requests.contains { $0.path.contains("platform-usage-report") })
        #expect(recording.problems.map(\.kind) == ["unknown-cluster"])
        #expect(Set(recording.rows.compactMap { $0["ResourceName"] }) == ["gateway"])

        settings = Self.settings
        settings.excludeClusters = [Self.edge]
        settings.excludeNamespaces = ["analytics"]
        let (excluded, _, _, _) = try await poll(settings)
        #expect(
            Set(excluded.rows.compactMap { $0["ResourceName"] }) == ["checkout", "Node Autoscaler"],
            "edge-1 and the analytics namespace left out")
    }

    @Test func aFailingWorkloadReportFailsThePollForARetry() async throws {
        let (_, result, error, _) = try await poll(Self.settings, failing: ["/workload-costs"])
        #expect(result == nil)
        let failure = try #require(error)
        #expect(failure.reason == .httpStatus && failure.isRetriable)
        #expect(!failure.message.contains(Self.apiKey))
    }
}
