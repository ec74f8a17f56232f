import FinOpsAPI
import KubeCore
import Testing

/// Validation of the kinds an ExporterScraperConfig points at; every error names its field.
@Suite struct ConfigValidationTests {
    /// The fields named by the ``SpecError`` that `body` throws, or `nil` when it succeeds.
    func fields(_ body: () throws -> Void) -> [String]? {
        do {
            try body()
            return nil
        } catch let error as SpecError {
            return error.fields
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    // MARK: - DatabaseConfig

    static let password = ResolvedSecretKey(secret: ObjectKey(namespace: "finops", name: "s"), key: "password")

    @Test func krateoShapedDatabaseConfigIsTheOperatorsDefaultDatabase() throws {
        let spec = try decodeYAML(
            DatabaseConfigSpec.self, "{username: finops, passwordSecretRef: {name: s, key: password}}")
        #expect(
            try spec.validated(defaultNamespace: "finops")
                == .operatorDefault(username: "finops", password: Self.password))
    }

    @Test func hostMeansPostgreSQLWithDefaults() throws {
        let spec = try decodeYAML(
            DatabaseConfigSpec.self, "{username: finops, passwordSecretRef: {name: s, key: password}, host: db.local}")
        #expect(
            try spec.validated(defaultNamespace: "finops")
                == .postgresql(
                    PostgreSQLTarget(
                        host: "db.local", port: 5432, database: "finops", username: "finops", password: Self.password,
                        sslMode: nil)))
        let full = try decodeYAML(
            DatabaseConfigSpec.self,
            """
            {username: u, passwordSecretRef: {name: s, key: password}, host: db, port: 6432, database: costs,
             caSecretRef: {name: ca, key: ca.crt}}
            """)
        guard case .postgresql(let target) = try full.validated(defaultNamespace: "finops") else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(target.port == 6432 && target.database == "costs")
        // No sslMode: the sink's default for the host (verify-full unless loopback), with the CA to verify against.
        #expect(target.sslMode == nil)
        #expect(
            target.certificateAuthority
                == ResolvedSecretKey(secret: ObjectKey(namespace: "finops", name: "ca"), key: "ca.crt"))
    }

    @Test func dsnSecretHoldsTheWholeConnection() throws {
        let spec = DatabaseConfigSpec(dsnSecretRef: SecretKeyRef(name: "db-url", key: "url"))
        let dsn = ResolvedSecretKey(secret: ObjectKey(namespace: "ns", name: "db-url"), key: "url")
        #expect(try spec.validated(defaultNamespace: "ns") == .dsn(dsn, certificateAuthority: nil))
        #expect(try spec.validated(defaultNamespace: "ns").secrets.map(\.field) == ["spec.dsnSecretRef"])
        var both = spec
        both.host = "db"
        both.username = "u"
        #expect(fields { _ = try both.validated(defaultNamespace: "ns") } == ["spec.host", "spec.username"])
    }

    @Test func sqliteDriverTakesAPath() throws {
        #expect(
            try DatabaseConfigSpec(driver: "sqlite", path: "/data/costs.db").validated(defaultNamespace: "ns")
                == .sqlite(path: "/data/costs.db"))
        #expect(
            fields { _ = try DatabaseConfigSpec(driver: "sqlite", host: "db").validated(defaultNamespace: "ns") } == [
                "spec.host"
            ])
        #expect(
            fields {
                _ = try DatabaseConfigSpec(username: "u", passwordSecretRef: .init(name: "s", key: "k"), path: "/x")
                    .validated(defaultNamespace: "ns")
            } == ["spec.path"])
    }

    @Test func badDriverPortAndSSLModeNameTheirFields() throws {
        let spec = DatabaseConfigSpec(
            username: "u", passwordSecretRef: .init(name: "s", key: "k"), driver: "mysql", host: "db", port: 70000,
            sslMode: "prefer")
        #expect(
            fields { _ = try spec.validated(defaultNamespace: "ns") } == ["spec.sslMode", "spec.port", "spec.driver"])
        let noHost = DatabaseConfigSpec(
            username: "u", passwordSecretRef: .init(name: "s", key: "k"), driver: "postgresql")
        #expect(fields { _ = try noHost.validated(defaultNamespace: "ns") } == ["spec.host"])
    }

    @Test func databaseConfigNeedsUsernameAndPassword() throws {
        #expect(
            fields { _ = try DatabaseConfigSpec().validated(defaultNamespace: "ns") } == [
                "spec.username", "spec.passwordSecretRef",
            ])
        let spec = DatabaseConfigSpec(username: "u", passwordSecretRef: SecretKeyRef(name: "", key: ""))
        #expect(
            fields { _ = try spec.validated(defaultNamespace: "ns") } == [
                "spec.passwordSecretRef.name", "spec.passwordSecretRef.key",
            ])
    }

    // MARK: - ProviderConfig and ResourceConfig

    @Test func providerConfigListsItsResourceConfigs() throws {
        let spec = ProviderConfigSpec(resourcesRef: [ObjectRef(name: "a"), ObjectRef(name: "b", namespace: "other")])
        #expect(
            try spec.resourceConfigs(defaultNamespace: "ns") == [
                ObjectKey(namespace: "ns", name: "a"), ObjectKey(namespace: "other", name: "b"),
            ])
        #expect(try ProviderConfigSpec().resourceConfigs(defaultNamespace: "ns").isEmpty)
        let bad = ProviderConfigSpec(resourcesRef: [ObjectRef(name: "a"), ObjectRef(name: "")])
        #expect(fields { _ = try bad.resourceConfigs(defaultNamespace: "ns") } == ["spec.resourcesRef[1].name"])
    }

    @Test func resourceConfigNeedsItsFocusNameAndNamedMetrics() throws {
        let spec = ResourceConfigSpec(resourceFocusName: "Virtual machine", metricsRef: [ObjectRef(name: "cpu")])
        #expect(try spec.metricConfigs(defaultNamespace: "ns") == [ObjectKey(namespace: "ns", name: "cpu")])
        let bad = ResourceConfigSpec(resourceFocusName: "", metricsRef: [ObjectRef(name: "")])
        #expect(
            fields { _ = try bad.metricConfigs(defaultNamespace: "ns") } == [
                "spec.resourceFocusName", "spec.metricsRef[0].name",
            ])
    }

    // MARK: - MetricConfig

    static let metricYAML = """
        metricName: Percentage CPU
        endpoint:
          resourceSuffix: /metrics?names=%s&timespan=%s&interval=%s
          resourcePrefixAPI: {verb: get, endpointRef: {name: azure}}
        timespan: Month
        interval: PT15M
        """

    @Test func metricConfigNormalizesTimespanIntervalAndRequest() throws {
        let metric = try decodeYAML(MetricConfigSpec.self, Self.metricYAML).normalized(defaultNamespace: "ns")
        #expect(metric.metricName == "Percentage CPU")
        #expect(metric.timespan == .month)
        #expect(metric.interval.fixedDuration == .seconds(15 * 60))
        #expect(metric.interval.description == "PT15M")
        #expect(
            metric.request
                == HTTPRequestTemplate(path: "", method: "GET", endpoint: ObjectKey(namespace: "ns", name: "azure")))
        #expect(metric.resourceSuffix == "/metrics?names=%s&timespan=%s&interval=%s")
    }

    @Test func olderMetricConfigWithResourcePrefixIsAccepted() throws {
        let spec = try decodeYAML(
            MetricConfigSpec.self,
            "{metricName: m, endpoint: {resourcePrefix: https://management.azure.com, resourceSuffix: /x}, timespan: day, interval: P1D}"
        )
        let metric = try spec.normalized(defaultNamespace: "ns")
        #expect(metric.request == nil)
        #expect(metric.timespan == .day)
    }

    @Test func metricConfigErrorsNameTheirFields() throws {
        let spec = MetricConfigSpec(endpoint: MetricEndpointSpec(), timespan: "hour", interval: "15 minutes")
        #expect(
            fields { _ = try spec.normalized(defaultNamespace: "ns") } == [
                "spec.metricName", "spec.timespan", "spec.interval",
            ])
        let zero = MetricConfigSpec(metricName: "m", endpoint: MetricEndpointSpec(), timespan: "year", interval: "PT0S")
        #expect(fields { _ = try zero.normalized(defaultNamespace: "ns") } == ["spec.interval"])
        let verb = MetricConfigSpec(
            metricName: "m", endpoint: MetricEndpointSpec(resourcePrefixAPI: APIRequest(verb: "GRAB")), timespan: "day",
            interval: "PT1H")
        #expect(fields { _ = try verb.normalized(defaultNamespace: "ns") } == ["spec.endpoint.resourcePrefixAPI.verb"])
    }

    // MARK: - Decoding leniency

    @Test func objectsWithoutSpecOrStatusDecode() throws {
        let esc = try decodeYAML(
            ExporterScraperConfig.self,
            "{apiVersion: finops.krateo.io/v1, kind: ExporterScraperConfig, metadata: {name: x}}")
        #expect(esc.spec == ExporterScraperConfigSpec())
        #expect(esc.status == nil)
        #expect(normalizationError(esc.spec)?.fields == ["spec.exporterConfig"])
    }

    @Test func statusKeepsKrateosChildReferenceNames() throws {
        var status = ExporterScraperConfigStatus(
            observedGeneration: 3, activeExporter: ChildReference(kind: "Deployment", name: "x-deployment"),
            configMap: ChildReference(name: "x-configmap"), service: ChildReference(name: "x-service"),
            exporterEndpoint: "http://x-service.ns.svc:2112/metrics")
        status.conditions.set(
            Condition(type: "Ready", status: .true, reason: "Available"), now: .init(timeIntervalSince1970: 0))
        let json = try KubeJSON.value(of: status)
        #expect(json["active"]?["name"] == "x-deployment")
        #expect(json["configMaps"]?["name"] == "x-configmap")
        #expect(json["services"]?["name"] == "x-service")
        #expect(try KubeJSON.convert(json, to: ExporterScraperConfigStatus.self) == status)
    }
}
