import FinOpsAPI
import KubeCore
import Testing

/// One test per rule of the older shape's authentication and of the scraper part, each checking that the error
/// names the field to fix.
@Suite struct ScraperAndAuthenticationRulesTests {
    // MARK: - Authentication (older shape)

    @Test func authenticationIsIgnoredUnlessRequired() throws {
        let spec = try escSpec(
            "exporterConfig: {url: http://x, requireAuthentication: false, authenticationMethod: bearer-token}")
        #expect(try spec.normalized(defaultNamespace: "ns").authentication == .none)
    }

    @Test func requiredAuthenticationNeedsAMethod() throws {
        let error = normalizationError(try escSpec("exporterConfig: {url: http://x, requireAuthentication: true}"))
        #expect(error?.fields == ["spec.exporterConfig.authenticationMethod"])
    }

    @Test func bearerTokenComesFromASecretKey() throws {
        let base = "exporterConfig: {url: http://x, requireAuthentication: true, authenticationMethod: bearer-token"
        let error = normalizationError(try escSpec(base + "}"))
        #expect(error?.fields == ["spec.exporterConfig.bearerToken"])
        let model = try escSpec(base + ", bearerToken: {name: s, key: token}}").normalized(defaultNamespace: "ns")
        #expect(
            model.authentication
                == .bearerToken(ResolvedSecretKey(secret: ObjectKey(namespace: "ns", name: "s"), key: "token")))
    }

    @Test func certFileReadsTheTokenFromTheFileNamedByCertFilePath() throws {
        let base = "exporterConfig: {url: http://x, requireAuthentication: true, authenticationMethod: cert-file"
        let error = normalizationError(try escSpec(base + "}"))
        #expect(error?.fields == ["spec.exporterConfig.additionalVariables.certFilePath"])
        let model = try escSpec(base + ", additionalVariables: {certFilePath: /var/token}}").normalized(
            defaultNamespace: "ns")
        #expect(model.authentication == .certFile(path: "/var/token"))
    }

    @Test func unknownAuthenticationMethodIsNotSupported() throws {
        let spec = try escSpec(
            "exporterConfig: {url: http://x, requireAuthentication: true, authenticationMethod: basic}")
        #expect(normalizationError(spec)?.fields == ["spec.exporterConfig.authenticationMethod"])
    }

    // MARK: - Scraper

    @Test func scraperNeedsTableNameAndDatabaseConfig() throws {
        let error = normalizationError(try rulesSpec(scraper: "pollingInterval: 1h"))
        #expect(error?.fields == ["spec.scraperConfig.tableName", "spec.scraperConfig.scraperDatabaseConfigRef"])
    }

    @Test(arguments: ["1table", "my-table", "table name", "t;drop", String(repeating: "a", count: 64), "tábla"])
    func invalidTableNameIsNamed(_ name: String) throws {
        let error = normalizationError(
            try rulesSpec(scraper: "tableName: \"\(name)\"\nscraperDatabaseConfigRef: {name: db}"))
        #expect(error?.fields == ["spec.scraperConfig.tableName"])
    }

    @Test(arguments: ["t", "_t", "Azure_Costs_2024", String(repeating: "a", count: 63)])
    func validTableNamesAreAccepted(_ name: String) throws {
        let model = try rulesSpec(scraper: "tableName: \(name)\nscraperDatabaseConfigRef: {name: db}").normalized(
            defaultNamespace: "ns")
        #expect(model.scraper?.tableName == name)
    }

    @Test func scraperSourceIsUrlApiOrTheExporter() throws {
        let base = "tableName: t\nscraperDatabaseConfigRef: {name: db}"
        #expect(try rulesSpec(scraper: base).normalized(defaultNamespace: "ns").scraper?.source == .exporter)
        #expect(
            try rulesSpec(scraper: base + "\nurl: http://other/metrics").normalized(defaultNamespace: "ns").scraper?
                .source
                == .url("http://other/metrics"))
        let api = try rulesSpec(scraper: base + "\napi: {path: /rows, endpointRef: {name: e}}").normalized(
            defaultNamespace: "ns")
        #expect(
            api.scraper?.source
                == .api(HTTPRequestTemplate(path: "/rows", endpoint: ObjectKey(namespace: "ns", name: "e"))))
        let both = normalizationError(try rulesSpec(scraper: base + "\nurl: http://o\napi: {path: /rows}"))
        #expect(both?.fields == ["spec.scraperConfig.url"])
    }

    @Test func badScraperPollingIntervalIsNamed() throws {
        let error = normalizationError(
            try rulesSpec(scraper: "tableName: t\nscraperDatabaseConfigRef: {name: db}\npollingInterval: 0s"))
        #expect(error?.fields == ["spec.scraperConfig.pollingInterval"])
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let spec = try escSpec(
            """
            exporterConfig: {metricType: nope, pollingInterval: never}
            scraperConfig: {tableName: "1x"}
            """)
        #expect(
            normalizationError(spec)?.fields == [
                "spec.exporterConfig.metricType", "spec.exporterConfig.api", "spec.exporterConfig.pollingInterval",
                "spec.scraperConfig.tableName", "spec.scraperConfig.scraperDatabaseConfigRef",
            ])
    }
}
