import Foundation
import Testing

@testable import KubeClient

/// The in-cluster loader (service-account files) and the order in which ``KubeConfig/load`` looks for configuration.
@Suite struct InClusterAndPrecedenceTests {
    static let pod = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]

    /// A service-account directory with a token, a CA and optionally a namespace.
    static func serviceAccount(in dir: TempDirectory, namespace: String? = "finops-system") throws -> String {
        try dir.write("sa/token", "sa-token\n")
        try dir.write("sa/ca.crt", TestPEM.ecCertificate)
        if let namespace { try dir.write("sa/namespace", namespace) }
        return dir.url.appendingPathComponent("sa").path
    }

    @Test func inClusterReadsServiceAccountFilesAndKeepsTheTokenAsAFile() throws {
        try TempDirectory.with { dir in
            let sa = try Self.serviceAccount(in: dir)
            let config = try KubeConfig.inCluster(environment: Self.pod, serviceAccountDirectory: sa)
            #expect(config.server.absoluteString == "https://10.96.0.1:443")
            #expect(config.certificateAuthority == TestPEM.data(TestPEM.ecCertificate))
            #expect(config.bearerToken == .file(path: sa + "/token"))
            #expect(config.namespace == "finops-system")
        }
    }

    @Test func inClusterPutsAnIPv6HostInBrackets() throws {
        try TempDirectory.with { dir in
            let sa = try Self.serviceAccount(in: dir, namespace: nil)
            let environment = ["KUBERNETES_SERVICE_HOST": "fd00:10:96::1", "KUBERNETES_SERVICE_PORT": "6443"]
            let config = try KubeConfig.inCluster(environment: environment, serviceAccountDirectory: sa)
            #expect(config.server.absoluteString == "https://[fd00:10:96::1]:6443")
            #expect(config.namespace == "default")
            #expect(try APIEndpoint(config: config).baseURL == "https://[fd00:10:96::1]:6443")
        }
    }

    @Test func inClusterWithoutTheEnvironmentIsAConfigurationError() throws {
        let error = try #require(throws: KubeError.self) {
            try KubeConfig.inCluster(environment: [:], serviceAccountDirectory: "/nonexistent")
        }
        #expect(error.code == .configuration)
        #expect(error.message.contains("KUBERNETES_SERVICE_HOST"))
    }

    @Test func inClusterWithoutATokenNamesTheMissingFile() throws {
        try TempDirectory.with { dir in
            try dir.write("sa/ca.crt", TestPEM.ecCertificate)
            let sa = dir.url.appendingPathComponent("sa").path
            let error = try #require(throws: KubeError.self) {
                try KubeConfig.inCluster(environment: Self.pod, serviceAccountDirectory: sa)
            }
            #expect(error.message.contains(sa + "/token"))
        }
    }

    // MARK: - Precedence: explicit path > KUBECONFIG > in-cluster > ~/.kube/config

    static func kubeconfig(server: String) -> String {
        """
        current-context: c
        clusters: [{name: c, cluster: {server: "\(server)"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        """
    }

    @Test func anExplicitPathWinsOverEverything() throws {
        try TempDirectory.with { dir in
            let explicit = try dir.write("explicit", Self.kubeconfig(server: "https://explicit:1"))
            let env = try dir.write("env", Self.kubeconfig(server: "https://env:1"))
            try dir.write("home/.kube/config", Self.kubeconfig(server: "https://home:1"))
            let environment = Self.pod.merging(["KUBECONFIG": env, "HOME": dir.path + "/home"]) { $1 }
            let config = try KubeConfig.load(
                kubeconfigPath: explicit, environment: environment,
                serviceAccountDirectory: try Self.serviceAccount(in: dir))
            #expect(config.server.host == "explicit")
        }
    }

    @Test func kubeconfigVariableWinsOverInCluster() throws {
        try TempDirectory.with { dir in
            let env = try dir.write("env", Self.kubeconfig(server: "https://env:1"))
            let environment = Self.pod.merging(["KUBECONFIG": env]) { $1 }
            let config = try KubeConfig.load(
                environment: environment, serviceAccountDirectory: try Self.serviceAccount(in: dir))
            #expect(config.server.host == "env")
        }
    }

    @Test func inClusterWinsOverTheHomeKubeconfig() throws {
        try TempDirectory.with { dir in
            try dir.write("home/.kube/config", Self.kubeconfig(server: "https://home:1"))
            let environment = Self.pod.merging(["HOME": dir.path + "/home"]) { $1 }
            let config = try KubeConfig.load(
                environment: environment, serviceAccountDirectory: try Self.serviceAccount(in: dir))
            #expect(config.server.host == "10.96.0.1")
        }
    }

    @Test func theHomeKubeconfigIsTheLastResort() throws {
        try TempDirectory.with { dir in
            try dir.write("home/.kube/config", Self.kubeconfig(server: "https://home:1"))
            let config = try KubeConfig.load(environment: ["HOME": dir.path + "/home"])
            #expect(config.server.host == "home")
        }
    }

    @Test func nothingFoundIsAConfigurationError() throws {
        try TempDirectory.with { dir in
            let error = try #require(throws: KubeError.self) {
                try KubeConfig.load(environment: ["HOME": dir.path])
            }
            #expect(error.code == .configuration)
            #expect(error.message.contains(".kube/config"))
        }
    }
}
