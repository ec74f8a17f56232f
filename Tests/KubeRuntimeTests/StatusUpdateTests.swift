import KubeClient
import KubeCore
import KubeRuntime
import KubeTesting
import Testing

@Suite struct StatusUpdateTests {
    let api = makeAPI()

    func seeded() throws -> Deployment {
        var object = deployment("exporter")
        object.status = .init(
            observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 0, availableReplicas: 0)
        return try api.seed(object)
    }

    @Test func equalStatusIsNotWritten() async throws {
        let object = try seeded()

        #expect(try await api.updateStatus(of: object, to: try #require(object.status)) == false)

        #expect(api.requests.isEmpty)
    }

    @Test func changedStatusIsWrittenThroughTheStatusSubresource() async throws {
        let object = try seeded()
        var status = try #require(object.status)
        status.readyReplicas = 1
        status.availableReplicas = 1

        #expect(try await api.updateStatus(of: object, to: status) == true)

        #expect(api.writes.map(\.description) == ["replace deployments.apps ns/exporter/status"])
        #expect(try api.object(Deployment.self, key("exporter"))?.status == status)
    }

    @Test func staleObjectConflictsAndTheNewerStatusSurvives() async throws {
        let stale = try seeded()
        try api.setStatus(
            Deployment.self, key("exporter"),
            .init(observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1))
        let newer = try api.object(Deployment.self, key("exporter"))?.status
        var status = try #require(stale.status)
        status.replicas = 5

        await expectKubeError(.conflict) { try await api.updateStatus(of: stale, to: status) }

        #expect(try api.object(Deployment.self, key("exporter"))?.status == newer)
    }
}
