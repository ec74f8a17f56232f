import FinOpsAPI
import KubeCore
import Testing

/// The rules of `spec.exporterConfig.kubecost` / `opencost`: the request the block builds, the mapping settings it
/// hands to the exporter, and errors naming the field to fix.
@Suite struct CostModelSourceRulesTests {
    func normalized(_ exporter: String) throws -> NormalizedExporterScraper {
        try escSpec("exporterConfig: {\(exporter)}").normalized(defaultNamespace: "ns")
    }

    func fields(_ exporter: String) throws -> [String]? {
        normalizationError(try escSpec("exporterConfig: {\(exporter)}"))?.fields
    }

    func path(_ model: NormalizedExporterScraper) -> String? {
        if case .api(let request) = model.source { return request.path }
        return nil
    }

    @Test func kubecostDefaultsToOneDayOfAllocationsWithIdle() throws {
        let model = try normalized("api: {endpointRef: {name: kubecost}}, kubecost: {}")
        #expect(path(model) == "/model/allocation?window=1d&includeIdle=true")
        #expect(model.metricType == .cost)
        #expect(model.costModel == ExporterConfigFile.CostModel(product: "kubecost", api: "allocation"))
        if case .api(let request) = model.source {
            #expect(request.endpoint == ObjectKey(namespace: "ns", name: "kubecost"))
        }
    }

    @Test func everyQuerySettingIsSentEncoded() throws {
        let model = try normalized(
            """
            api: {endpointRef: {name: oc}}, opencost: {window: "2024-03-10T00:00:00Z,2024-03-11T00:00:00Z",
            aggregate: "namespace,label:team", step: 1h, accumulate: false, includeIdle: true, shareIdle: false,
            idleByNode: true, filter: 'namespace:"shop"', currency: EUR, billingAccountId: prod,
            serviceProviderName: Acme, hostProviderName: AWS, tagAllowlist: [team]}
            """)
        #expect(
            path(model)
                == "/allocation?window=2024-03-10T00%3A00%3A00Z%2C2024-03-11T00%3A00%3A00Z"
                + "&aggregate=namespace%2Clabel%3Ateam&step=1h&accumulate=false&includeIdle=true&shareIdle=false"
                + "&idleByNode=true&filter=namespace%3A%22shop%22")
        #expect(
            model.costModel
                == ExporterConfigFile.CostModel(
                    product: "opencost", api: "allocation", currency: "EUR", billingAccountId: "prod",
                    serviceProviderName: "Acme", hostProviderName: "AWS", tagAllowlist: ["team"]))
        let assets = try normalized("api: {endpointRef: {name: kc}}, kubecost: {api: assets, aggregate: type}")
        #expect(path(assets) == "/model/assets?window=1d&aggregate=type")
    }

    @Test func theConfigFileCarriesTheMapping() throws {
        let model = try normalized("api: {endpointRef: {name: kubecost}}, kubecost: {currency: EUR}")
        let resolved = ResolvedExporterScraper(key: ObjectKey(namespace: "ns", name: "costs"), spec: model)
        let file = ExporterConfigFile.make(for: resolved).file
        #expect(file.costModel?.product == "kubecost" && file.costModel?.currency == "EUR")
        #expect(file.source.request?.path == "/model/allocation?window=1d&includeIdle=true")
    }

    @Test func badBlocksNameTheirFields() throws {
        #expect(
            try fields("api: {endpointRef: {name: a}}, kubecost: {}, opencost: {}") == [
                "spec.exporterConfig.opencost"
            ])
        #expect(
            try fields("api: {path: /x, endpointRef: {name: a}}, kubecost: {}") == ["spec.exporterConfig.api.path"])
        #expect(try fields("api: {verb: GET}, kubecost: {}") == ["spec.exporterConfig.api.endpointRef"])
        #expect(try fields("url: http://kubecost:9090, kubecost: {}") == ["spec.exporterConfig.url"])
        #expect(
            try fields(
                "api: {endpointRef: {name: a}}, metricType: resource, additionalVariables: {ResourceId: r}, "
                    + "kubecost: {}") == ["spec.exporterConfig.metricType"])
        #expect(
            try fields("api: {endpointRef: {name: a}}, kubecost: {api: cloud, currency: usd, window: ''}") == [
                "spec.exporterConfig.kubecost.api", "spec.exporterConfig.kubecost.window",
                "spec.exporterConfig.kubecost.currency",
            ])
        #expect(
            try fields("api: {endpointRef: {name: a}}, opencost: {api: assets, idleByNode: true}") == [
                "spec.exporterConfig.opencost.idleByNode"
            ])
    }
}
