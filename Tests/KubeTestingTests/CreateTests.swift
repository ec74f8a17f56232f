import Foundation
import KubeClient
import KubeCore
import KubeTesting
import Testing

@Suite("FakeKubeAPI: registry and create")
struct CreateTests {
    let crd = ResourceType(group: "finops.krateo.io", version: "v1", kind: "Widget", plural: "widgets")

    @Test func builtInKindsAreServedFromTheStart() async throws {
        let api = makeAPI()
        for resource in [
            ConfigMap.resource, Secret.resource, core.v1.Service.resource, core.v1.Event.resource,
            coordination.v1.Lease.resource, Deployment.resource,
        ] {
            let list = try KubeJSON.decode(
                JSONValue.self, from: try await api.list(resource, namespace: "ns", options: ListOptions()))
            #expect(list["kind"]?.stringValue == resource.kind + "List")
        }
    }

    @Test func unregisteredResourceIsNotFoundUntilRegistered() async throws {
        let api = makeAPI()
        await expectCode(.notFound) { try await api.list(crd, namespace: "ns", options: ListOptions()) }
        await expectCode(.notFound) {
            try await api.create(crd, namespace: "ns", body: Data(#"{"metadata":{"name":"a"}}"#.utf8))
        }

        api.register(crd, hasStatusSubresource: true)
        let created = try KubeJSON.decode(
            JSONValue.self,
            from: try await api.create(crd, namespace: "ns", body: Data(#"{"metadata":{"name":"a"}}"#.utf8)))
        #expect(created["kind"]?.stringValue == "Widget")
        #expect(created["apiVersion"]?.stringValue == "finops.krateo.io/v1")
    }

    @Test func createAssignsServerManagedMetadata() async throws {
        let api = makeAPI()
        let first = try await api.create(configMap("a"))
        let second = try await api.create(configMap("b"))

        #expect(first.metadata.uid == "uid-000001")
        #expect(second.metadata.uid == "uid-000002")
        #expect(first.metadata.resourceVersion == "1")
        #expect(second.metadata.resourceVersion == "2")
        #expect(first.metadata.generation == 1)
        #expect(first.metadata.creationTimestamp == fixedDate)
        #expect(first.metadata.namespace == "ns")
        #expect(api.resourceVersion == "2")
    }

    @Test func creatingAnExistingNameIsAlreadyExists() async throws {
        let api = makeAPI()
        _ = try await api.create(configMap("a"))
        await expectCode(.alreadyExists) { try await api.create(configMap("a")) }
        // The same name in another namespace is another object.
        _ = try await api.create(configMap("a", namespace: "other"))
    }

    @Test func generateNameGivesDistinctNames() async throws {
        let api = makeAPI()
        var template = configMap("")
        template.metadata.name = nil
        template.metadata.generateName = "job-"
        let first = try await api.create(template)
        let second = try await api.create(template)

        #expect(first.metadata.name?.hasPrefix("job-") == true)
        #expect(first.metadata.name?.count == 9)
        #expect(first.metadata.name != second.metadata.name)
    }

    @Test func createWithoutNameIsInvalid() async throws {
        let api = makeAPI()
        var nameless = configMap("")
        nameless.metadata.name = nil
        await expectCode(.invalid) { try await api.create(nameless) }
        await expectCode(.invalid) { try await api.create(configMap("Not_A_DNS_Name")) }
    }

    @Test func createRejectsClientSetResourceVersionAndForeignNamespace() async throws {
        let api = makeAPI()
        var versioned = configMap("a")
        versioned.metadata.resourceVersion = "7"
        await expectCode(.badRequest) { try await api.create(versioned) }

        let body = try KubeJSON.encode(configMap("b", namespace: "other"))
        await expectCode(.badRequest) { try await api.create(ConfigMap.resource, namespace: "ns", body: body) }
    }

    @Test func createIgnoresStatusWhenTheResourceHasAStatusSubresource() async throws {
        let api = makeAPI()
        var withStatus = deployment("web")
        withStatus.status = apps.v1.DeploymentStatus(
            observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1)
        let created = try await api.create(withStatus)
        #expect(created.status == nil)

        // Without the subresource, status is ordinary content (a CRD without `subresources.status`).
        api.register(crd, hasStatusSubresource: false)
        let body = Data(#"{"metadata":{"name":"w"},"status":{"phase":"Ready"}}"#.utf8)
        let widget = try KubeJSON.decode(JSONValue.self, from: try await api.create(crd, namespace: "ns", body: body))
        #expect(widget[path: ["status", "phase"]] == "Ready")
    }

    @Test func clusterScopedResourcesIgnoreTheNamespace() async throws {
        let api = makeAPI()
        let nodes = ResourceType(group: "", version: "v1", kind: "Node", plural: "nodes", namespaced: false)
        api.register(nodes, hasStatusSubresource: true)
        let created = try KubeJSON.decode(
            JSONValue.self,
            from: try await api.create(nodes, namespace: nil, body: Data(#"{"metadata":{"name":"n1"}}"#.utf8)))
        #expect(created.metaNamespace == nil)
        _ = try await api.get(nodes, namespace: "ignored", name: "n1")
    }

    @Test func typedRegistrationInfersTheStatusSubresource() async throws {
        let api = makeAPI()
        api.register(Deployment.self)
        var withStatus = deployment("web")
        withStatus.status = apps.v1.DeploymentStatus(
            observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1)
        #expect(try await api.create(withStatus).status == nil)
    }
}

extension JSONValue {
    var metaNamespace: String? { self[path: ["metadata", "namespace"]]?.stringValue }
}
