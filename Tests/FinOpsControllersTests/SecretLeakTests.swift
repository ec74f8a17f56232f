import FinOpsAPI
import FinOpsControllers
import Foundation
import KubeCore
import KubeTesting
import Testing

/// Secret values stay in their Secrets: never in a status, an Event, a child object, the cache or a log line.
@Suite struct SecretLeakTests {
    @Test func secretValuesAppearNowhereButInTheirSecrets() async throws {
        try await ControllerHarness.run { h in
            // Every path that reads a Secret or reports on one: found, missing, missing a key, both shapes, the
            // provider chain with a metric endpoint, an invalid spec and a failing apply.
            try h.create(Fixture.endpointSecret())
            try h.create(Fixture.passwordSecret())
            try h.create(Fixture.bearerTokenSecret())
            try h.create(
                Fixture.secret(
                    "metrics-endpoint", ["server-url": Fixture.endpointServerURL, "token": Fixture.metricToken]))
            try h.create(Fixture.secret("broken-endpoint", ["token": Fixture.endpointToken]))
            try h.create(Fixture.databaseConfig())
            try h.create(Fixture.providerConfig())
            try h.create(Fixture.resourceConfig())
            try h.create(Fixture.metricConfig(endpointSecret: "metrics-endpoint"))
            try h.create(Fixture.currentESC(provider: "azure"))
            try h.create(Fixture.olderESC())
            try h.create(Fixture.currentESC("no-key", endpoint: "broken-endpoint", database: nil))
            try h.create(Fixture.currentESC("no-secret", endpoint: "absent-endpoint", database: nil))
            var invalid = Fixture.currentESC("invalid")
            invalid.spec.exporterConfig?.url = "https://management.azure.com/costs"
            try h.create(invalid)
            let fault = h.api.inject(
                .init(.patch, apps.v1.Deployment.resource, name: "failing-deployment", code: .serverError, times: nil))
            try h.create(Fixture.currentESC("failing"))

            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            try await h.waitFor(Fixture.olderKey, ConditionType.ready, .false, ConditionReason.creating)
            try await h.waitFor(Fixture.key("no-key"), ConditionType.ready, .false, ConditionReason.secretKeyMissing)
            try await h.waitFor(Fixture.key("no-secret"), ConditionType.ready, .false, ConditionReason.secretNotFound)
            try await h.waitFor(Fixture.key("invalid"), ConditionType.ready, .false, ConditionReason.invalidSpec)
            try await h.waitFor(Fixture.key("failing"), ConditionType.synced, .false, ConditionReason.reconcileError)
            try await h.waitForReady(MetricConfig.self, Fixture.key("cpu"), .true, ConditionReason.referencesResolved)
            try await h.waitForReady(DatabaseConfig.self, Fixture.key("db"), .true, ConditionReason.referencesResolved)
            for key in [Fixture.escKey, Fixture.olderKey] {
                try h.api.markDeploymentAvailable(Fixture.child(key, ExporterChildren.deploymentName))
                try await h.waitFor(key, ConditionType.ready, .true, ConditionReason.available)
            }
            h.api.removeFault(fault)
            h.clock.advance(by: .seconds(600))
            try await h.waitFor(Fixture.key("failing"), ConditionType.synced, .true, ConditionReason.reconcileSuccess)
            try await h.settle()

            // Everything but the Secrets themselves, as stored.
            var places: [(String, String)] = []
            for resource in [
                ExporterScraperConfig.resource, DatabaseConfig.resource, ProviderConfig.resource,
                ResourceConfig.resource, MetricConfig.resource, core.v1.Event.resource, core.v1.ConfigMap.resource,
                apps.v1.Deployment.resource, core.v1.Service.resource,
            ] {
                for object in h.api.objects(resource) {
                    let text = String(decoding: try KubeJSON.encode(object), as: UTF8.self)
                    places.append(("\(resource.kind) \(object["metadata"]?["name"]?.stringValue ?? "")", text))
                }
            }
            #expect(places.contains { $0.0.hasPrefix("Event") }, "the scenario recorded Events")
            for line in h.logs.all { places.append(("log line", line.description)) }
            #expect(h.logs.all.count > 10, "the scenario was logged")
            for secret in h.controllers.caches.secrets.store.list() {
                places.append(
                    ("cached Secret \(secret.key)", String(decoding: try KubeJSON.encode(secret), as: UTF8.self)))
            }

            for value in Fixture.secretValues {
                let forms = [value, Data(value.utf8).base64EncodedString()]
                for (place, text) in places {
                    for form in forms {
                        #expect(!text.contains(form), "\(place) contains the Secret value \(value)")
                    }
                }
            }
            // The cache keeps the key names, which is all resolution needs.
            let cached = try #require(h.controllers.caches.secrets.store.get(Fixture.key("cost-endpoint")))
            #expect(cached.keys == ["server-url", "token"])
        }
    }
}
