import FinOpsAPI
import KubeCore
import Testing

/// The rules of `spec.exporterConfig.cluster`.
@Suite struct ClusterSourceRulesTests {
    func fields(_ exporter: String) throws -> [String]? {
        normalizationError(try escSpec("exporterConfig: {\(exporter)}"))?.fields
    }

    @Test func defaultsAndEverySetting() throws {
        let model = try escSpec("exporterConfig: {cluster: {pricing: [{nodeHourly: 400000000}]}}")
            .normalized(defaultNamespace: "ns")
        #expect(
            model.source
                == .cluster(
                    .init(
                        name: "kubernetes", strategy: "weighted", currency: "USD",
                        pricing: [NodePriceSpec(nodeHourly: 400_000_000)])))
        let full = try escSpec(
            """
            exporterConfig: {pollingInterval: 5m, cluster: {name: prod, strategy: CPU, currency: EUR,
              pricing: [{labels: {pool: gpu}, gpuHourly: 250000000, nodeHourly: 100000000}, {vcpuHourly: 4000000}],
              tags: [{tag: team, label: team, default: unassigned}]}}
            """
        ).normalized(defaultNamespace: "ns")
        guard case .cluster(let settings) = full.source else {
            Issue.record("not a cluster source")
            return
        }
        #expect(settings.name == "prod" && settings.strategy == "cpu" && settings.currency == "EUR")
        #expect(settings.pricing.count == 2 && settings.tags.first?.default == "unassigned")
        let file = ExporterConfigFile.make(
            for: ResolvedExporterScraper(key: ObjectKey(namespace: "ns", name: "c"), spec: full)
        ).file
        #expect(file.cluster == settings && file.source.url == nil && file.source.request == nil)
    }

    @Test func aPricingConfigMapMayReplaceOrExtendTheTable() throws {
        let model = try escSpec("exporterConfig: {cluster: {pricingConfigMapRef: {name: node-prices}}}")
            .normalized(defaultNamespace: "ns")
        guard case .cluster(let settings) = model.source else {
            Issue.record("not a cluster source")
            return
        }
        #expect(settings.pricing.isEmpty)
        #expect(
            settings.pricingConfigMap
                == ExporterConfigFile.ConfigMapKey(namespace: "ns", name: "node-prices", key: "pricing.yaml"))
        #expect(
            try fields("cluster: {pricingConfigMapRef: {name: '', key: ''}}") == [
                "spec.exporterConfig.cluster.pricingConfigMapRef"
            ])
    }

    @Test func badBlocksNameTheirFields() throws {
        #expect(try fields("cluster: {}") == ["spec.exporterConfig.cluster.pricing"])
        #expect(
            try fields("cluster: {strategy: fair, currency: dollars, pricing: [{labels: {a: b}}, {nodeHourly: -1}]}")
                == [
                    "spec.exporterConfig.cluster.strategy", "spec.exporterConfig.cluster.currency",
                    "spec.exporterConfig.cluster.pricing[0]", "spec.exporterConfig.cluster.pricing[1]",
                ])
        #expect(
            try fields("url: http://x, cluster: {pricing: [{nodeHourly: 1}]}") == ["spec.exporterConfig.cluster"])
        #expect(
            try fields("cluster: {pricing: [{nodeHourly: 1}], tags: [{tag: t, label: a}, {tag: t, label: b}]}") == [
                "spec.exporterConfig.cluster.tags[1].tag"
            ])
    }
}
