import FinOpsAPI
import FinOpsControllers
import KubeCore
import KubeTesting
import Testing

/// Events are recorded when `Ready` changes — not on every reconcile.
@Suite struct EventTests {
    @Test func invalidSpecRecordsOneWarningEventNotOnePerReconcile() async throws {
        try await ControllerHarness.run { h in
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            var invalid = Fixture.currentESC()
            invalid.spec.exporterConfig?.pollingInterval = "0s"
            let esc = try h.create(invalid)
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.invalidSpec)
            try await h.settle()

            // More reconciles of the same invalid object: label edits, time passing, an explicit enqueue.
            let before = h.terminalReconciles(of: Fixture.escKey)
            for value in ["a", "b", "c"] {
                try h.edit(ExporterScraperConfig.self, Fixture.escKey) { $0.metadata.labels = ["edit": value] }
                try await h.settle()
            }
            h.clock.advance(by: .seconds(3600))
            h.controllers.exporterScrapers.enqueue(Fixture.escKey)
            try await h.settle()
            #expect(h.terminalReconciles(of: Fixture.escKey) >= before + 4)

            let events = try h.events(about: "costs")
            #expect(events.count == 1)
            let event = try #require(events.first)
            #expect(event.type == "Warning")
            #expect(event.reason == ConditionReason.invalidSpec)
            #expect(event.count == 1)
            #expect(event.message?.contains("spec.exporterConfig.pollingInterval") == true)
            #expect(event.involvedObject.uid == esc.metadata.uid)
            #expect(event.involvedObject.kind == "ExporterScraperConfig")
        }
    }

    @Test func becomingReadyRecordsOneNormalEventAndCreatingNone() async throws {
        try await ControllerHarness.run { h in
            try ExporterScraperLifecycleTests.createReferencedObjects(h)
            try h.create(Fixture.currentESC())
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .false, ConditionReason.creating)
            try await h.settle()
            #expect(try h.events(about: "costs").isEmpty, "Creating is the normal path, not worth an Event")

            try h.api.markDeploymentAvailable(Fixture.child(Fixture.escKey, ExporterChildren.deploymentName))
            try await h.waitFor(Fixture.escKey, ConditionType.ready, .true, ConditionReason.available)
            try h.edit(ExporterScraperConfig.self, Fixture.escKey) { $0.metadata.labels = ["team": "finance"] }
            try await h.settle()

            let events = try h.events(about: "costs")
            #expect(events.map { "\($0.type ?? "") \($0.reason ?? "") \($0.count ?? 0)" } == ["Normal Available 1"])
        }
    }

    @Test func missingReferenceRecordsAWarningAndItsResolutionANormalEvent() async throws {
        try await ControllerHarness.run { h in
            try h.create(Fixture.databaseConfig())
            try await h.waitForReady(DatabaseConfig.self, Fixture.key("db"), .false, ConditionReason.secretNotFound)
            try h.create(Fixture.passwordSecret())
            try await h.waitForReady(DatabaseConfig.self, Fixture.key("db"), .true, ConditionReason.referencesResolved)
            try await eventually("two Events about the DatabaseConfig") { try h.events(about: "db").count >= 2 }

            let events = try h.events(about: "db").sorted {
                Int($0.metadata.resourceVersion ?? "") ?? 0 < Int($1.metadata.resourceVersion ?? "") ?? 0
            }
            #expect(
                events.map { "\($0.type ?? "") \($0.reason ?? "")" } == [
                    "Warning \(ConditionReason.secretNotFound)", "Normal \(ConditionReason.referencesResolved)",
                ])
        }
    }
}
