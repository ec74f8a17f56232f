import FinOpsAPI
import KubeCore
import Testing

/// The rules of `spec.exporterConfig.castai`: defaults, the settings handed to the exporter, and errors naming the
/// field to fix (include and exclude lists are mutually exclusive).
@Suite struct CastAISourceRulesTests {
    func normalized(_ exporter: String) throws -> NormalizedExporterScraper {
        try escSpec("exporterConfig: {\(exporter)}").normalized(defaultNamespace: "ns")
    }

    func fields(_ exporter: String) throws -> [String]? {
        normalizationError(try escSpec("exporterConfig: {\(exporter)}"))?.fields
    }

    @Test func defaultsAreADayOfHourlyStepsWithEveryEnrichment() throws {
        let model = try normalized("api: {endpointRef: {name: castai}}, castai: {organizationId: org-1}")
        #expect(model.castAI == ExporterConfigFile.CastAI(organizationId: "org-1"))
        #expect(model.metricType == .cost)
        guard case .api(let request) = model.source else {
            Issue.record("expected the endpoint request")
            return
        }
        #expect(request.path.isEmpty && request.endpoint == ObjectKey(namespace: "ns", name: "castai"))
    }

    @Test func theConfigFileCarriesEverySetting() throws {
        let model = try normalized(
            """
            api: {endpointRef: {name: castai}}, castai: {organizationId: org-1, window: 168h, step: 6h,
            excludeClusters: [staging], namespaces: [shop], tagAllowlist: [team],
            enrichment: {billing: false, discounts: false}}
            """)
        let file = ExporterConfigFile.make(
            for: ResolvedExporterScraper(key: ObjectKey(namespace: "ns", name: "costs"), spec: model)
        ).file
        #expect(
            file.castAI
                == ExporterConfigFile.CastAI(
                    organizationId: "org-1", windowSeconds: 604_800, stepSeconds: 21_600, excludeClusters: ["staging"],
                    namespaces: ["shop"], tagAllowlist: ["team"], billing: false, discounts: false))
        #expect(file.source.endpoint?.mountPath != nil)
    }

    @Test func includeAndExcludeListsAreMutuallyExclusive() throws {
        #expect(
            try fields(
                "api: {endpointRef: {name: c}}, castai: {organizationId: o, clusters: [a], excludeClusters: [b]}")
                == ["spec.exporterConfig.castai.excludeClusters"])
        #expect(
            try fields(
                "api: {endpointRef: {name: c}}, castai: {organizationId: o, namespaces: [a], excludeNamespaces: [b]}")
                == ["spec.exporterConfig.castai.excludeNamespaces"])
    }

    @Test func badBlocksNameTheFieldToFix() throws {
        #expect(
            try fields("api: {endpointRef: {name: c}}, castai: {}") == ["spec.exporterConfig.castai.organizationId"])
        #expect(
            try fields("api: {endpointRef: {name: c}}, castai: {organizationId: o, step: 5h}") == [
                "spec.exporterConfig.castai.step"
            ])
        #expect(
            try fields("api: {endpointRef: {name: c}}, castai: {organizationId: o, window: 90m}") == [
                "spec.exporterConfig.castai.window"
            ])
        #expect(
            try fields("api: {endpointRef: {name: c}}, castai: {organizationId: o, tagAllowlist: ['']}") == [
                "spec.exporterConfig.castai.tagAllowlist[0]"
            ])
        #expect(
            try fields("api: {path: /x}, castai: {organizationId: o}")?.sorted() == [
                "spec.exporterConfig.api.endpointRef", "spec.exporterConfig.api.path",
            ])
        #expect(
            try fields("api: {endpointRef: {name: c}}, castai: {organizationId: o}, kubecost: {}") == [
                "spec.exporterConfig.castai"
            ])
        #expect(try fields("castai: {organizationId: o}") == ["spec.exporterConfig.api"])
    }
}
