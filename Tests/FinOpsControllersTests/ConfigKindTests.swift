import FinOpsAPI
import FinOpsControllers
import KubeCore
import KubeTesting
import Testing

/// DatabaseConfig, ProviderConfig, ResourceConfig and MetricConfig: `Ready` says whether the spec is valid and
/// everything it references exists, and follows the referenced objects as they appear.
@Suite struct ConfigKindTests {
    @Test func databaseConfigWithItsPasswordSecretIsReady() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.passwordSecret())
            let config = try h.create(Fixture.databaseConfig())

            let ready = try await h.waitForReady(
                DatabaseConfig.self, Fixture.key("db"), .true, ConditionReason.referencesResolved)
            #expect(ready.observedGeneration == config.metadata.generation)
            #expect(try h.api.object(DatabaseConfig.self, Fixture.key("db"))?.status?.observedGeneration == 1)
        }
    }

    @Test func databaseConfigBecomesReadyWhenItsSecretIsCreated() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.databaseConfig())

            let missing = try await h.waitForReady(
                DatabaseConfig.self, Fixture.key("db"), .false, ConditionReason.secretNotFound)
            #expect(missing.message.contains("spec.passwordSecretRef"), "\(missing.message)")
            #expect(missing.message.contains("finops/db-password"), "\(missing.message)")

            try h.create(Fixture.passwordSecret())
            try await h.waitForReady(DatabaseConfig.self, Fixture.key("db"), .true, ConditionReason.referencesResolved)
            #expect(h.clock.now.offset == .zero)
        }
    }

    @Test func databaseConfigWhoseSecretLacksTheKeyReportsTheMissingKey() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.passwordSecret(key: "pass"))
            try h.create(Fixture.databaseConfig())

            let missing = try await h.waitForReady(
                DatabaseConfig.self, Fixture.key("db"), .false, ConditionReason.secretKeyMissing)
            #expect(missing.message.contains("password"), "\(missing.message)")

            try h.create(Fixture.passwordSecret())
            try await h.waitForReady(DatabaseConfig.self, Fixture.key("db"), .true, ConditionReason.referencesResolved)
        }
    }

    @Test func providerChainBecomesReadyLinkByLink() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.providerConfig())
            let missingResource = try await h.waitForReady(
                ProviderConfig.self, Fixture.key("azure"), .false, ConditionReason.resourceConfigNotFound)
            #expect(missingResource.message.contains("spec.resourcesRef[0]"), "\(missingResource.message)")

            try h.create(Fixture.resourceConfig())
            try await h.waitForReady(
                ProviderConfig.self, Fixture.key("azure"), .true, ConditionReason.referencesResolved)
            let missingMetric = try await h.waitForReady(
                ResourceConfig.self, Fixture.key("vms"), .false, ConditionReason.metricConfigNotFound)
            #expect(missingMetric.message.contains("spec.metricsRef[0]"), "\(missingMetric.message)")

            try h.create(Fixture.metricConfig())
            try await h.waitForReady(ResourceConfig.self, Fixture.key("vms"), .true, ConditionReason.referencesResolved)
            try await h.waitForReady(MetricConfig.self, Fixture.key("cpu"), .true, ConditionReason.referencesResolved)
        }
    }

    @Test func metricConfigWithUnknownTimespanIsInvalidNamingTheField() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.metricConfig(timespan: "hour"))

            let invalid = try await h.waitForReady(
                MetricConfig.self, Fixture.key("cpu"), .false, ConditionReason.invalidSpec)
            #expect(invalid.message.contains("spec.timespan"), "\(invalid.message)")

            try h.edit(MetricConfig.self, Fixture.key("cpu")) { $0.spec.timespan = "month" }
            let ready = try await h.waitForReady(
                MetricConfig.self, Fixture.key("cpu"), .true, ConditionReason.referencesResolved)
            #expect(ready.observedGeneration == 2)
        }
    }

    @Test func metricConfigWaitsForItsEndpointSecret() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.metricConfig(endpointSecret: "metrics-endpoint"))
            let missing = try await h.waitForReady(
                MetricConfig.self, Fixture.key("cpu"), .false, ConditionReason.secretNotFound)
            #expect(missing.message.contains("spec.endpoint.resourcePrefixAPI.endpointRef"), "\(missing.message)")

            try h.create(
                Fixture.secret(
                    "metrics-endpoint", ["server-url": Fixture.endpointServerURL, "token": Fixture.metricToken]))
            try await h.waitForReady(MetricConfig.self, Fixture.key("cpu"), .true, ConditionReason.referencesResolved)
        }
    }

    @Test func exporterFollowsTheProviderChainIntoItsConfigFile() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.endpointSecret())
            try h.create(Fixture.providerConfig())
            try h.create(Fixture.resourceConfig())
            try h.create(Fixture.currentESC(database: nil, provider: "azure"))

            let missing = try await h.waitFor(
                Fixture.escKey, ConditionType.ready, .false, ConditionReason.metricConfigNotFound)
            #expect(
                missing.conditions[type: ConditionType.ready]?.message.contains("spec.exporterConfig.provider") == true)

            try h.create(Fixture.metricConfig())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            let config = try #require(try h.configMap(of: Fixture.escKey)?.data?[ExporterChildren.configFileName])
            #expect(config.contains("resourceFocusName: Virtual machine"))
            #expect(config.contains("metricName: Percentage CPU"))
        }
    }
}
