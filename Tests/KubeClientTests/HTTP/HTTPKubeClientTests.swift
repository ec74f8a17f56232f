import Foundation
import KubeCore
import KubeTesting
import Testing

@testable import KubeClient

/// The client without a server: construction errors, connection failures, and what it logs.
@Suite struct HTTPKubeClientTests {
    /// Nothing listens on port 1 of the loopback address, so a connection is refused at once.
    static let refusing = URL(string: "https://127.0.0.1:1")!

    @Test func aBadClientKeyFailsAtConstruction() {
        let config = KubeConfig(
            server: Self.refusing, clientCertificate: Data(TestPEM.ecCertificate.utf8), clientKey: Data("junk".utf8))
        let error = #expect(throws: KubeError.self) { try HTTPKubeClient(config: config) }
        #expect(error?.code == .configuration)
    }

    @Test func aRefusedConnectionIsATransportErrorThatNamesTheRequestButNotTheToken() async throws {
        let logs = LogCapture()
        let logger = logs.logger()
        let client = try HTTPKubeClient(
            config: KubeConfig(server: Self.refusing, bearerToken: .value("secret-token-xyz")), logger: logger)
        let error = await #expect(throws: KubeError.self) {
            try await client.get(core.v1.ConfigMap.self, ObjectKey(namespace: "ns", name: "a"))
        }
        try await client.shutdown()
        #expect(error?.code == .transport)
        #expect(error?.message.hasPrefix("GET /api/v1/namespaces/ns/configmaps/a") == true)
        #expect(error?.message.contains("secret-token-xyz") == false)
        #expect(logs.all.map(\.description).contains { $0.contains("kube.path=/api/v1/namespaces/ns/configmaps/a") })
        #expect(!logs.all.map(\.description).contains { $0.contains("secret-token-xyz") })
    }

    @Test func aMissingTokenFileFailsTheRequestWithAConfigurationError() async throws {
        let client = try HTTPKubeClient(
            config: KubeConfig(server: Self.refusing, bearerToken: .file(path: "/nonexistent/token")))
        let error = await #expect(throws: KubeError.self) {
            try await client.list(core.v1.ConfigMap.self, namespace: "ns")
        }
        try await client.shutdown()
        #expect(error?.code == .configuration)
    }

    @Test func theDefaultNamespaceComesFromTheConfiguration() async throws {
        let client = try HTTPKubeClient(config: KubeConfig(server: Self.refusing, namespace: "finops"))
        #expect(client.defaultNamespace == "finops")
        try await client.shutdown()
    }
}
