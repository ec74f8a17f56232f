import FinOpsAPI
import Foundation
import Testing

@testable import FinOpsPipelines

@Suite struct UsageMetricsSourceTests {
    static let report = """
        ResourceId,ResourceType,BilledCost
        /subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1,Virtual machine,1.5
        /subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1,Virtual machine,0.5
        /subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-2,virtual MACHINE,2
        /subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st,Storage account,3

        """

    static func monitorAnswer(average: String) -> String {
        """
        {"cost":0,"timespan":"x","interval":"PT15M","value":[{"id":"m","type":"Microsoft.Insights/metrics",
        "name":{"value":"Percentage CPU","localizedValue":"Percentage CPU"},"unit":"Percent","errorCode":"Success",
        "timeseries":[{"metadatavalues":[],"data":[{"timeStamp":"2026-11-23T10:00:00Z","average":\(average)}]}]}],
        "namespace":"Microsoft.Compute/virtualMachines","resourceregion":"westeurope"}
        """
    }

    @Test func metricsAreAskedForEveryMatchingResourceAndBecomeUsageRows() async throws {
        let server = StubHTTPServer { received in
            if received.path.hasPrefix("/report") {
                return .init(headers: ["Content-Type": "text/csv"], body: Array(Self.report.utf8))
            }
            if received.path.contains("vm-2") { return .init(status: .internalServerError, body: Array("boom".utf8)) }
            return .init(
                headers: ["Content-Type": "application/json"], body: Array(Self.monitorAnswer(average: "12.5").utf8))
        }
        try await server.run { base in
            let fetcher = SourceFetcher()
            let plan = RequestPlan(
                source: .init(url: base + "/report"), variables: SourceVariables([:], environment: [:]),
                secrets: ExporterPollTests.NoSecrets())
            let metric = ExporterConfigFile.Metric(
                metricName: "Percentage CPU",
                resourceSuffix: "/providers/microsoft.insights/metrics?api-version=2023-10-01&metricnames=%s"
                    + "&timespan=%s&interval=%s",
                timespan: "day", interval: "PT15M")
            let source = UsageMetricsSource(
                costs: EndpointSource(plan: plan, fetcher: fetcher),
                resources: [.init(resourceFocusName: "Virtual Machine", metrics: [metric])],
                now: { Date(timeIntervalSince1970: 1_795_400_000) })
            var collector = FocusPollCollector(exposition: .usage(), validatesFocus: false)
            let outcome: Result<PollResult, SourceError>
            do throws(SourceError) {
                try await source.poll(into: &collector)
                outcome = .success(try collector.finish())
            } catch { outcome = .failure(error) }
            await fetcher.shutdown()
            let result = try outcome.get()

            let asked = server.requests.map(\.path).filter { !$0.hasPrefix("/report") }
            #expect(asked.count == 2, "vm-1 once (deduplicated), vm-2; not the storage account")
            #expect(
                asked.first
                    == "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1"
                    + "/providers/microsoft.insights/metrics?api-version=2023-10-01&metricnames=Percentage%20CPU"
                    + "&timespan=2026-11-22T02:13:20Z/2026-11-23T02:13:20Z&interval=PT15M")
            #expect(result.rows == 1)
            #expect(result.rejectedRows == 1)
            #expect(result.rejectedSamples.first?.message.contains("HTTP 500") == true)
            let metrics = try ExporterPollTests.text(result.metrics.bytes())
            #expect(
                metrics.contains(
                    "finops_usage{resource_id=\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/"
                        + "virtualMachines/vm-1\",metric_name=\"Percentage CPU\",unit=\"Percent\"} 12.5"))
        }
    }

    @Test func goStyleSuffixesAreFilledInOrder() {
        #expect(
            UsageMetricsSource.format("?m=%s&t=%s&i=%s&p=100%%", ["a b", "x/y", "PT1H"])
                == "?m=a%20b&t=x/y&i=PT1H&p=100%")
    }
}
