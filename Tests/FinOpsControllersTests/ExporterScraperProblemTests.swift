import FinOpsAPI
import FinOpsControllers
import KubeClient
import KubeCore
import KubeTesting
import Testing

/// What a user sees when something is wrong — an invalid spec, a missing reference, a failing API server — and how
/// the operator recovers once it is fixed.
@Suite struct ExporterScraperProblemTests {
    /// Invalid specs, each with the field its condition message must name.
    enum InvalidSpec: String, CaseIterable, Sendable {
        case unparseablePollingInterval
        case bothURLAndAPI

        var field: String {
            switch self {
            case .unparseablePollingInterval: return "spec.exporterConfig.pollingInterval"
            case .bothURLAndAPI: return "spec.exporterConfig.url"
            }
        }

        func apply(to esc: inout ExporterScraperConfig) {
            switch self {
            case .unparseablePollingInterval: esc.spec.exporterConfig?.pollingInterval = "every hour"
            case .bothURLAndAPI: esc.spec.exporterConfig?.url = "https://management.azure.com/costs"
            }
        }
    }

    @Test(arguments: InvalidSpec.allCases)
    func invalidSpecIsReportedNamingTheFieldAndNotRetried(_ invalid: InvalidSpec) async throws {
        try await ControllerHarness.run { h in
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            var esc = Fixture.currentESC()
            invalid.apply(to: &esc)
            try h.create(esc)

            let status = try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.invalidSpec)
            let ready = try #require(status.conditions[type: ConditionType.ready])
            #expect(ready.message.contains(invalid.field), "\(ready.message)")
            #expect(status.conditions[type: ConditionType.synced]?.status == .false)
            #expect(status.conditions[type: ConditionType.synced]?.reason == ConditionReason.reconcileError)
            #expect(status.observedGeneration == 1)
            #expect(try h.deployment(of: Fixture.escKey) == nil)
            #expect(try h.configMap(of: Fixture.escKey) == nil)

            // Let any retry already scheduled fire once (e.g. after a write that lost a race with the cache), so
            // that what follows measures the steady state.
            try await h.settle()
            h.clock.advance(by: .seconds(600))
            try await h.settle()
            let reconciles = h.terminalReconciles(of: Fixture.escKey) + h.failedReconciles(of: Fixture.escKey)
            #expect(reconciles >= 1)
            h.api.clearRequests()

            // An hour passes in doubling steps, as a backoff would: nothing is retried, nothing is written.
            var step = Duration.seconds(1)
            while step <= .seconds(2048) {
                h.clock.advance(by: step)
                try await h.settle()
                step *= 2
            }
            #expect(h.terminalReconciles(of: Fixture.escKey) + h.failedReconciles(of: Fixture.escKey) == reconciles)
            #expect(h.api.requests.isEmpty, "\(h.api.requests)")
            #expect(h.clock.sleeperCount == 0, "no retry is scheduled")

            // Fixing the spec recovers without any clock advance.
            let now = h.clock.now
            try h.edit(ExporterScraperConfig.self, Fixture.escKey) { $0.spec = Fixture.currentESC().spec }
            let fixed = try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            #expect(fixed.conditions[type: ConditionType.synced]?.status == .true)
            #expect(fixed.observedGeneration == 2)
            #expect(try h.deployment(of: Fixture.escKey) != nil)
            #expect(h.clock.now == now)
        }
    }

    @Test func missingEndpointSecretIsReportedUntilTheSecretIsCreated() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.passwordSecret())
            try h.create(Fixture.databaseConfig())
            try h.create(Fixture.currentESC())

            let status = try await h.waitFor(
                Fixture.escKey, ConditionType.ready, .false, ConditionReason.secretNotFound)
            let message = status.conditions[type: ConditionType.ready]?.message ?? ""
            #expect(message.contains("spec.exporterConfig.api.endpointRef"), "\(message)")
            #expect(message.contains("finops/cost-endpoint"), "\(message)")
            #expect(status.conditions[type: ConditionType.synced]?.status == .false)
            // The exporter cannot reach its source: its children are not made.
            #expect(try h.deployment(of: Fixture.escKey) == nil)
            try await h.settle()

            // Creating the Secret wakes the config through the dependency watch: no polling, no clock advance.
            try h.create(Fixture.endpointSecret())
            let recovered = try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            #expect(recovered.conditions[type: ConditionType.synced]?.status == .true)
            #expect(try h.deployment(of: Fixture.escKey) != nil)
            #expect(h.clock.now.offset == .zero)
        }
    }

    @Test func endpointSecretWithoutServerURLIsReportedAsAMissingKey() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.secret("cost-endpoint", ["token": Fixture.endpointToken]))
            try h.create(Fixture.currentESC(database: nil))

            let status = try await h.waitFor(
                Fixture.escKey, ConditionType.ready, .false, ConditionReason.secretKeyMissing)
            #expect(status.conditions[type: ConditionType.ready]?.message.contains("server-url") == true)

            try h.create(Fixture.endpointSecret())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
        }
    }

    @Test func missingDatabaseConfigStopsOnlyTheScrapeAndKeepsTheExporter() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.endpointSecret())
            try h.create(Fixture.passwordSecret())
            try h.create(Fixture.currentESC())

            let status = try await h.waitFor(
                Fixture.escKey, ConditionType.ready, .false, ConditionReason.databaseConfigNotFound)
            #expect(
                status.conditions[type: ConditionType.ready]?.message
                    .contains("spec.scraperConfig.scraperDatabaseConfigRef") == true)
            #expect(status.conditions[type: ConditionType.synced]?.status == .true)
            #expect(try h.configMap(of: Fixture.escKey) != nil)
            #expect(try h.deployment(of: Fixture.escKey) != nil)
            #expect(try h.service(of: Fixture.escKey) != nil)
            try await h.settle()
            #expect(h.pipelines.supervisor.wantedPipelines[Fixture.escKey] == nil)

            try h.api.markDeploymentAvailable(Fixture.child(Fixture.escKey, ExporterChildren.deploymentName))
            try h.create(Fixture.databaseConfig())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .true, ConditionReason.available)
            try await eventually("the scrape pipeline is wanted") {
                h.pipelines.supervisor.wantedPipelines[Fixture.escKey]?.database?.key == Fixture.key("db")
            }
        }
    }

    @Test func failedApplyIsReportedAndRetriedAfterBackoff() async throws {
        try await ControllerHarness.run { h in
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            let fault = h.api.inject(.init(.patch, apps.v1.Deployment.resource, code: .serverError, times: nil))
            try h.create(Fixture.currentESC())

            let status = try await h.waitFor(
                Fixture.escKey, ConditionType.synced, .false, ConditionReason.reconcileError)
            let message = status.conditions[type: ConditionType.synced]?.message ?? ""
            #expect(message.contains("serverError"), "\(message)")
            try await h.settle()
            let failures = h.failedReconciles(of: Fixture.escKey)
            #expect(failures >= 1)

            // The server recovers, but nothing happens before the backoff delay has passed.
            h.api.removeFault(fault)
            try await h.settle()
            #expect(h.failedReconciles(of: Fixture.escKey) == failures)
            #expect(try h.deployment(of: Fixture.escKey) == nil)
            #expect(try h.escCondition(Fixture.escKey, ConditionType.synced)?.status == .false)

            // Past the longest delay `failures` consecutive failures can ask for (500 ms doubling, +10 % jitter).
            try await eventually("the retry waits on the clock") { h.clock.sleeperCount >= 1 }
            h.clock.advance(by: .milliseconds(Int64(500 * (1 << failures) * 11 / 10)))
            let recovered = try await h.waitFor(
                Fixture.escKey, ConditionType.synced, .true, ConditionReason.reconcileSuccess)
            #expect(recovered.conditions[type: ConditionType.ready]?.reason == ConditionReason.creating)
            #expect(try h.deployment(of: Fixture.escKey) != nil)
        }
    }
}
