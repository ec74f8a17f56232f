import FinOpsAPI
import FinOpsPipelines
import Focus
import Foundation
import KubeCore
import Synchronization
import Testing

/// `spec.exporterConfig.kubecost`/`opencost` end to end in the exporter: the request the block builds reaches a
/// local server replaying a recorded Allocation/Assets answer, and the poll serves valid FOCUS 1.3 rows.
@Suite struct CostModelSourceTests {
    struct EndpointSecret: SecretProvider {
        let serverURL: String
        func values(of source: ExporterConfigFile.SecretSource) async throws(SourceError) -> SecretValues {
            SecretValues(origin: "test", values: ["server-url": Array(serverURL.utf8), "token": Array("s3cr3t".utf8)])
        }
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: ExporterPollTests.payloads).appendingPathComponent(name)))
    }

    /// Polls the source the exporter would build from the block against a server answering with `body`.
    func poll(kubecost: CostModelSourceSpec? = nil, opencost: CostModelSourceSpec? = nil, body: [UInt8]) async throws
        -> (PollResult, [StubHTTPServer.Received])
    {
        let spec = try ExporterScraperConfigSpec(
            exporterConfig: ExporterConfigSpec(
                api: APIRequest(endpointRef: ObjectRef(name: "cost-model")), kubecost: kubecost, opencost: opencost)
        ).normalized(defaultNamespace: "finops")
        let resolved = ResolvedExporterScraper(key: ObjectKey(namespace: "finops", name: "costs"), spec: spec)
        let file = ExporterConfigFile.make(for: resolved).file
        let mapping = try #require(file.costModel.flatMap(CostModelMapping.init))
        let server = StubHTTPServer { _ in .init(headers: ["Content-Type": "application/json"], body: body) }
        let result = Mutex<PollResult?>(nil)
        try await server.run { base in
            let fetcher = SourceFetcher()
            let source = EndpointSource(
                plan: RequestPlan(
                    source: file.source, variables: SourceVariables([:], environment: [:]),
                    secrets: EndpointSecret(serverURL: base)),
                fetcher: fetcher, costModel: mapping)
            do {
                let polled = try await ExporterPollTests.poll(source)
                result.withLock { $0 = polled }
                await fetcher.shutdown()
            } catch {
                await fetcher.shutdown()
                throw error
            }
        }
        return (try #require(result.withLock { $0 }), server.requests)
    }

    @Test func kubecostAllocationsBecomeValidFOCUSRows() async throws {
        let (result, requests) = try await poll(
            kubecost: CostModelSourceSpec(aggregate: "namespace", step: "1d", currency: "EUR"),
            body: Self.fixture("kubecost-allocation-namespace.json"))
        #expect(requests.map(\.path) == ["/model/allocation?window=1d&aggregate=namespace&step=1d&includeIdle=true"])
        #expect(requests.first?.headers["authorization"] == "Bearer s3cr3t")
        #expect(result.rows == 21 && result.rejectedRows == 0)
        #expect(result.focusVersion == "1.3")
        #expect(result.validationErrors == 0, "\(result.violationsByRule)")
    }

    @Test func openCostAssetsBecomeValidFOCUSRows() async throws {
        let (result, requests) = try await poll(
            opencost: CostModelSourceSpec(api: "assets", aggregate: "type", accumulate: true),
            body: Self.fixture("kubecost-assets-type.json"))
        #expect(requests.map(\.path) == ["/assets?window=1d&aggregate=type&accumulate=true"])
        #expect(result.rows == 7 && result.validationErrors == 0)
    }

    @Test func anErrorAnswerFailsThePollWithTheProductsMessage() async throws {
        await #expect {
            _ = try await poll(
                kubecost: CostModelSourceSpec(window: "yesterdayy"),
                body: Array(#"{"code":400,"message":"error parsing window (yesterdayy)"}"#.utf8))
        } throws: { error in
            "\(error)".contains("the API answered 400: error parsing window (yesterdayy)")
        }
    }
}
