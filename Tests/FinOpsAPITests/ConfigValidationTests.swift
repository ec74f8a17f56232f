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

    @Test func databaseConfigResolvesThePasswordSecretKey() throws {
        let spec = try decodeYAML(
            DatabaseConfigSpec.self, "{username: finops, passwordSecretRef: {name: s, key: password}}")
        let result = try spec.validated(defaultNamespace: "finops")
        #expect(result.username == "finops")
        #expect(
            result.password == ResolvedSecretKey(secret: ObjectKey(namespace: "finops", name: "s"), key: "password"))
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
