import FinOpsAPI
import KubeCore
import Testing

/// Krateo's two spec shapes lead to one model: equivalent specs normalize to equal values.
@Suite struct ShapeEquivalenceTests {
    static let older = """
        exporterConfig:
          provider: {name: azure}
          url: https://management.azure.com/subscriptions/<subscription_id>/usage
          requireAuthentication: false
          metricType: cost
          pollingIntervalHours: 2
          additionalVariables: {subscription_id: abc}
        scraperConfig:
          tableName: azure_costs
          pollingIntervalHours: 6
          scraperDatabaseConfigRef: {name: finops-db, namespace: finops}
        """
    static let current = """
        exporterConfig:
          provider: {name: azure, namespace: finops}
          api:
            path: /subscriptions/<subscription_id>/usage
            endpointRef: {name: azure-endpoint}
          metricType: Cost
          pollingInterval: 2h
          additionalVariables: {subscription_id: abc}
        scraperConfig:
          tableName: azure_costs
          pollingInterval: 360m
          scraperDatabaseConfigRef: {name: finops-db}
        """

    @Test func olderAndCurrentShapeGiveTheSameModelApartFromTheSource() throws {
        let older = try escSpec(Self.older).normalized(defaultNamespace: "finops")
        var current = try escSpec(Self.current).normalized(defaultNamespace: "finops")
        #expect(older.source == .url("https://management.azure.com/subscriptions/<subscription_id>/usage"))
        #expect(
            current.source
                == .api(
                    HTTPRequestTemplate(
                        path: "/subscriptions/<subscription_id>/usage", method: "GET",
                        endpoint: ObjectKey(namespace: "finops", name: "azure-endpoint"))))
        current.source = older.source
        #expect(older == current)
        #expect(
            older
                == NormalizedExporterScraper(
                    metricType: .cost, source: older.source, authentication: .none, pollingInterval: .seconds(7200),
                    additionalVariables: ["subscription_id": "abc"],
                    provider: ObjectKey(namespace: "finops", name: "azure"),
                    scraper: NormalizedScraper(
                        tableName: "azure_costs", databaseConfig: ObjectKey(namespace: "finops", name: "finops-db"),
                        source: .exporter, pollingInterval: .seconds(6 * 3600))))
    }

    @Test func pollingIntervalWinsOverPollingIntervalHours() throws {
        let spec = try escSpec(
            """
            exporterConfig:
              \(currentExporterYAML.replacingNewlines(indent: 2))
              pollingIntervalHours: 5
              pollingInterval: 15m
            scraperConfig:
              tableName: t
              scraperDatabaseConfigRef: {name: db}
              pollingIntervalHours: 0
              pollingInterval: 45s
            """)
        let model = try spec.normalized(defaultNamespace: "ns")
        #expect(model.pollingInterval == .seconds(15 * 60))
        #expect(model.scraper?.pollingInterval == .seconds(45))
    }

    @Test func neitherPollingFieldMeansOneHour() throws {
        let spec = try escSpec(
            """
            exporterConfig:
              \(currentExporterYAML.replacingNewlines(indent: 2))
            scraperConfig: {tableName: t, scraperDatabaseConfigRef: {name: db}}
            """)
        let model = try spec.normalized(defaultNamespace: "ns")
        #expect(model.pollingInterval == .seconds(3600))
        #expect(model.scraper?.pollingInterval == .seconds(3600))
        #expect(NormalizedExporterScraper.defaultPollingInterval == .seconds(3600))
    }

    @Test func referencesWithoutANamespaceUseTheObjectsNamespace() throws {
        let spec = try escSpec(
            """
            exporterConfig:
              provider: {name: p}
              api: {path: /x, endpointRef: {name: e}}
            scraperConfig: {tableName: t, scraperDatabaseConfigRef: {name: db, namespace: ""}}
            """)
        let model = try spec.normalized(defaultNamespace: "team-a")
        #expect(model.provider == ObjectKey(namespace: "team-a", name: "p"))
        #expect(model.scraper?.databaseConfig == ObjectKey(namespace: "team-a", name: "db"))
        guard case .api(let request) = model.source else {
            Issue.record("expected api source")
            return
        }
        #expect(request.endpoint == ObjectKey(namespace: "team-a", name: "e"))
    }

    @Test func scraperConfigWithOnlyEmptyFieldsMeansNoScraping() throws {
        // How Krateo's Go types serialized an unset scraper part.
        let spec = try escSpec(
            """
            exporterConfig:
              \(currentExporterYAML.replacingNewlines(indent: 2))
            scraperConfig:
              tableName: ""
              pollingIntervalHours: 0
              scraperDatabaseConfigRef: {name: "", namespace: ""}
            """)
        #expect(try spec.normalized(defaultNamespace: "ns").scraper == nil)
        #expect(try escSpec("exporterConfig: {url: http://x}").normalized(defaultNamespace: "ns").scraper == nil)
    }
}
