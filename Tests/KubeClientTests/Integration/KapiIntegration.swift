import Foundation
import KubeClient
import KubeCore
import KubeTesting
import Testing

/// ``HTTPKubeClient`` against kapi over HTTPS with a bearer token and kapi's own CA, taken from kapi's kubeconfig.
///
/// Serialized: the watch-history tests fill kapi's bounded history on purpose, which must not compact away the
/// versions another test is resuming from. Run with `Tests/Integration/run-swift-tests.sh`.
@Suite(.enabled(if: Kapi.enabled, "set FINOPS_TEST_KUBECONFIG (Tests/Integration/run-swift-tests.sh)"), .serialized)
struct KapiIntegration {}

// MARK: - Create, get, list, errors

extension KapiIntegration {
    @Suite struct Objects {
        @Test func createGetAndListInPages() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                for name in ["a", "b", "c", "d", "e"] {
                    let created = try await client.create(
                        Kapi.configMap(
                            name, in: ns, data: ["k": name], labels: ["even": "\(name == "b" || name == "d")"]))
                    #expect(created.metadata.uid != nil)
                    #expect(created.metadata.resourceVersion != nil)
                }
                let got = try await client.get(core.v1.ConfigMap.self, ObjectKey(namespace: ns, name: "c"))
                #expect(got.data == ["k": "c"])

                let first = try await client.list(core.v1.ConfigMap.self, namespace: ns, options: ListOptions(limit: 2))
                #expect(first.items.map { $0.metadata.name } == ["a", "b"])
                let token = try #require(first.metadata.continue)
                let second = try await client.list(
                    core.v1.ConfigMap.self, namespace: ns, options: ListOptions(limit: 2, continue: token))
                #expect(second.items.map { $0.metadata.name } == ["c", "d"])

                let all = try await client.listAll(
                    core.v1.ConfigMap.self, namespace: ns, options: ListOptions(limit: 2))
                #expect(all.items.map { $0.metadata.name } == ["a", "b", "c", "d", "e"])
                #expect(all.metadata.continue == nil)

                let even = try await client.listAll(
                    core.v1.ConfigMap.self, namespace: ns, options: ListOptions(labelSelector: "even in (true)"))
                #expect(even.items.map { $0.metadata.name } == ["b", "d"])
            }
        }

        @Test func creatingAnExistingNameIsAlreadyExists() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                _ = try await client.create(Kapi.configMap("dup", in: ns))
                let error = await #expect(throws: KubeError.self) {
                    try await client.create(Kapi.configMap("dup", in: ns))
                }
                #expect(error?.code == .alreadyExists)
                #expect(error?.httpStatus == 409)
            }
        }

        @Test func gettingAMissingObjectIsNotFound() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                let key = ObjectKey(namespace: ns, name: "missing")
                let error = await #expect(throws: KubeError.self) { try await client.get(core.v1.ConfigMap.self, key) }
                #expect(error?.code == .notFound)
                #expect(try await client.getIfPresent(core.v1.ConfigMap.self, key) == nil)
            }
        }

        @Test func deleteWithAStalePreconditionIsAConflict() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                let created = try await client.create(Kapi.configMap("victim", in: ns))
                let stale = DeleteOptions(preconditions: .init(resourceVersion: "1"))
                let error = await #expect(throws: KubeError.self) {
                    try await client.delete(core.v1.ConfigMap.self, created.key, options: stale)
                }
                #expect(error?.code == .conflict)
                let current = DeleteOptions(preconditions: .init(uid: created.metadata.uid))
                try await client.delete(core.v1.ConfigMap.self, created.key, options: current)
                #expect(try await client.getIfPresent(core.v1.ConfigMap.self, created.key) == nil)
                try await client.deleteIfPresent(core.v1.ConfigMap.self, created.key)
            }
        }

        @Test func replaceWithAStaleResourceVersionIsAConflict() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                var object = try await client.create(Kapi.configMap("cas", in: ns, data: ["v": "1"]))
                object.data = ["v": "2"]
                let updated = try await client.replace(object)
                #expect(updated.data == ["v": "2"])
                object.data = ["v": "3"]  // still carries the first resourceVersion
                let error = await #expect(throws: KubeError.self) { try await client.replace(object) }
                #expect(error?.code == .conflict)
            }
        }
    }
}

// MARK: - Patches, server-side apply, status subresource

extension KapiIntegration {
    @Suite struct Writes {
        @Test func serverSideApplyCreatesThenUpdatesUnderAFieldManager() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                let first = try await client.apply(
                    Kapi.configMap("applied", in: ns, data: ["a": "1"]), fieldManager: "finops-operator", force: true)
                #expect(first.data == ["a": "1"])
                let second = try await client.apply(
                    Kapi.configMap("applied", in: ns, data: ["a": "2", "b": "3"]), fieldManager: "finops-operator")
                #expect(second.data == ["a": "2", "b": "3"])
                #expect(second.metadata.uid == first.metadata.uid)
            }
        }

        @Test func serverSideApplyOfADeployment() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                let labels = ["app": "web"]
                let pod = core.v1.PodTemplateSpec(metadata: ObjectMeta(labels: labels), spec: nil)
                var deployment = apps.v1.Deployment(
                    metadata: ObjectMeta(name: "web", namespace: ns),
                    spec: apps.v1.DeploymentSpec(
                        replicas: 2, selector: LabelSelector(matchLabels: labels), template: pod))
                let applied = try await client.apply(deployment, fieldManager: "finops-operator")
                #expect(applied.spec?.replicas == 2)
                deployment.spec?.replicas = 3
                let reapplied = try await client.apply(deployment, fieldManager: "finops-operator")
                #expect(reapplied.spec?.replicas == 3)
                #expect((reapplied.metadata.generation ?? 0) > (applied.metadata.generation ?? 0))
            }
        }

        @Test func mergeAndJSONPatches() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                let key = try await client.create(Kapi.configMap("p", in: ns, data: ["a": "1", "b": "2"])).key
                let merged = try await client.patch(
                    core.v1.ConfigMap.self, key,
                    .merge(.object(["data": .object(["a": .null, "c": .string("3")])])), fieldManager: "tests")
                #expect(merged.data == ["b": "2", "c": "3"])
                let patched = try await client.patch(
                    core.v1.ConfigMap.self, key,
                    .json([
                        .test("/data/b", .string("2")), .replace("/data/b", .string("20")),
                        .add("/data/d", .string("4")),
                    ]))
                #expect(patched.data == ["b": "20", "c": "3", "d": "4"])
                let error = await #expect(throws: KubeError.self) {
                    try await client.patch(core.v1.ConfigMap.self, key, .json([.test("/data/b", .string("wrong"))]))
                }
                #expect(error?.code == .invalid)
            }
        }

        @Test func statusSubresourceReplaceIsACompareAndSwap() async throws {
            try await Kapi.withClient { client in
                let ns = try await Kapi.freshNamespace(client)
                var widget = try await client.create(Widget("w", in: ns, size: 3))
                #expect(widget.status == nil)
                widget.status = Widget.Status(phase: "Ready", observedGeneration: widget.metadata.generation)
                widget.spec?.size = 99  // ignored by a status write
                let written = try await client.replaceStatus(widget)
                #expect(written.status?.phase == "Ready")
                #expect(written.spec?.size == 3)

                widget.status?.phase = "Stale"  // still carries the resourceVersion before the first status write
                let error = await #expect(throws: KubeError.self) { try await client.replaceStatus(widget) }
                #expect(error?.code == .conflict)

                let patched = try await client.patch(
                    Widget.self, widget.key, .merge(.object(["status": .object(["phase": .string("Patched")])])),
                    subresource: "status")
                #expect(patched.status?.phase == "Patched")
            }
        }
    }
}

// MARK: - Authentication and TLS

extension KapiIntegration {
    @Suite struct Security {
        @Test func aBadTokenIsUnauthorized() async throws {
            try await Kapi.withClient(configure: { $0.bearerToken = .value("not-the-token") }) { client in
                let error = await #expect(throws: KubeError.self) {
                    try await client.list(core.v1.ConfigMap.self, namespace: "default")
                }
                #expect(error?.code == .unauthorized)
            }
        }

        @Test func requestsAreLoggedWithVerbPathAndStatusButNoSecret() async throws {
            let logs = LogCapture()
            let logger = logs.logger()
            let config = try Kapi.config()
            let client = try HTTPKubeClient(config: config, logger: logger)
            _ = try await client.list(core.v1.ConfigMap.self, namespace: "default")
            try await client.shutdown()
            let line = try #require(logs.all.first { $0.message == "kube request" })
            #expect(line.level == .debug)
            #expect(line.metadata["kube.method"] == "GET")
            #expect(line.metadata["kube.path"] == "/api/v1/namespaces/default/configmaps")
            #expect(line.metadata["kube.status"] == "200")
            let token = try Kapi.token()
            #expect(!logs.all.map(\.description).contains { $0.contains(token) || $0.contains("Bearer") })
        }

        @Test func aTokenFileIsSent() async throws {
            let token = try Kapi.token()
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("kapi-token-\(UUID())").path
            try Data(token.utf8).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await Kapi.withClient(configure: { $0.bearerToken = .file(path: path) }) { client in
                _ = try await client.list(core.v1.ConfigMap.self, namespace: "default")
            }
        }

        @Test func aServerSignedByAnotherCAIsATransportError() async throws {
            try await Kapi.withClient(configure: { $0.certificateAuthority = Data(TestPEM.ecCertificate.utf8) }) {
                client in
                let error = await #expect(throws: KubeError.self) {
                    try await client.list(core.v1.ConfigMap.self, namespace: "default")
                }
                #expect(error?.code == .transport)
                #expect(error?.message.hasPrefix("GET /api/v1/namespaces/default/configmaps") == true)
            }
        }

        @Test func tlsServerNameIsSentWhileTheServerAddressIsDialled() async throws {
            // `kubernetes.default.svc` does not resolve on a test machine: success shows the request was addressed
            // to that name (SNI, Host) and dialled at the kubeconfig's 127.0.0.1. A wrong name cannot be shown to
            // fail here: NIOSSL also accepts a certificate whose IP SAN matches the peer address, and kapi's has
            // 127.0.0.1 (see APIEndpoint).
            try await Kapi.withClient(configure: { $0.tlsServerName = "kubernetes.default.svc" }) { client in
                _ = try await client.list(core.v1.ConfigMap.self, namespace: "default")
            }
        }
    }
}
