import KubeClient
import KubeCore
import KubeRuntime
import KubeTesting
import Testing

@Suite struct ChildApplierTests {
    let api = makeAPI()
    var applier: ChildApplier { ChildApplier(api: api, fieldManager: "finops-operator") }
    let owner = OwnerReference(
        apiVersion: "finops.krateo.io/v1", kind: "ExporterScraperConfig", name: "cfg", uid: "uid-owner",
        controller: true, blockOwnerDeletion: true)

    var desired: Deployment { deployment("exporter", owners: [owner]) }
    func live() throws -> Deployment? { try api.object(Deployment.self, key("exporter")) }

    // MARK: - Apply

    @Test func missingChildIsCreated() async throws {
        let result = try await applier.apply(desired, live: nil)

        #expect(result.written)
        #expect(api.writes.map(\.description) == ["patch(apply) deployments.apps ns/exporter"])
        let stored = try #require(try live())
        #expect(stored.spec?.template.spec?.containers.first?.image == "exporter:1.0")
        #expect(stored.metadata.controllerReference?.uid == "uid-owner")
        #expect(result.object.metadata.uid == stored.metadata.uid)
    }

    @Test func childInShapeIsNotWritten() async throws {
        try await applier.apply(desired, live: nil)
        api.clearRequests()

        let result = try await applier.apply(desired, live: try live())

        #expect(!result.written)
        #expect(api.requests.isEmpty)
    }

    @Test func handEditedFieldIsTakenBack() async throws {
        try await applier.apply(desired, live: nil)
        try api.edit(Deployment.resource, key("exporter")) { object in
            object["spec"]?["replicas"] = 3
            object["metadata"]?["labels"] = ["app.kubernetes.io/name": "renamed"]
        }
        api.clearRequests()

        let result = try await applier.apply(desired, live: try live())

        #expect(result.written)
        #expect(api.writes.map(\.description) == ["patch(apply) deployments.apps ns/exporter"])
        let stored = try #require(try live())
        #expect(stored.spec?.replicas == 1)
        #expect(stored.metadata.labels?["app.kubernetes.io/name"] == "exporter")
    }

    @Test func fieldsAddedByOthersCauseNoWrite() async throws {
        try await applier.apply(desired, live: nil)
        // Server defaults (the fake's Deployment defaulter), another tool's label and annotation, the status the
        // Deployment controller writes.
        try api.edit(Deployment.resource, key("exporter")) { object in
            object["metadata"]?["labels"]?["team"] = "finops"
            object["metadata"]?["annotations"] = ["deployment.kubernetes.io/revision": "1"]
        }
        try api.markDeploymentAvailable(key("exporter"))
        let stored = try #require(try live())
        #expect(stored.spec?.revisionHistoryLimit == 10)
        #expect(stored.spec?.template.spec?.containers.first?.imagePullPolicy == "IfNotPresent")
        api.clearRequests()

        let result = try await applier.apply(desired, live: stored)

        #expect(!result.written)
        #expect(api.requests.isEmpty)
        #expect(try live()?.metadata.labels?["team"] == "finops")
    }

    // MARK: - Deleting what is no longer desired

    @Test func onlyControlledChildrenThatAreNotKeptAreDeleted() async throws {
        let shared = OwnerReference(
            apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: owner.uid, controller: false)
        let otherOwner = OwnerReference(
            apiVersion: owner.apiVersion, kind: owner.kind, name: "other", uid: "uid-other", controller: true)
        try api.seed([
            configMap("kept", owners: [owner]), configMap("stale", owners: [owner]),
            configMap("foreign", owners: [otherOwner]), configMap("shared", owners: [shared]),
            configMap("users"),
        ])
        let children = try api.objects(ConfigMap.self, namespace: "ns")
        api.clearRequests()

        let deleted = try await applier.deleteUndesired(children, controlledBy: "uid-owner", keep: ["kept"])

        #expect(deleted == [key("stale")])
        #expect(api.writes.map(\.description) == ["delete configmaps ns/stale"])
        let remaining = try api.objects(ConfigMap.self, namespace: "ns").map(\.key.name)
        #expect(remaining == ["foreign", "kept", "shared", "users"])
    }

    @Test func childRecreatedSinceTheListIsNotDeleted() async throws {
        try api.seed(configMap("stale", owners: [owner]))
        let children = try api.objects(ConfigMap.self, namespace: "ns")
        // Someone deletes and recreates it (same name, same owner) after our list: a new uid.
        try await api.delete(ConfigMap.self, key("stale"))
        let recreated = try api.seed(configMap("stale", owners: [owner]))

        await expectKubeError(.conflict) {
            try await applier.deleteUndesired(children, controlledBy: "uid-owner", keep: [])
        }
        #expect(try api.object(ConfigMap.self, key("stale"))?.metadata.uid == recreated.metadata.uid)
    }

    @Test func childAlreadyGoneIsNotAnError() async throws {
        try api.seed(configMap("stale", owners: [owner]))
        let children = try api.objects(ConfigMap.self, namespace: "ns")
        try await api.delete(ConfigMap.self, key("stale"))

        let deleted = try await applier.deleteUndesired(children, controlledBy: "uid-owner", keep: [])

        #expect(deleted == [key("stale")])
        #expect(try api.objects(ConfigMap.self, namespace: "ns").isEmpty)
    }
}
