import Foundation
import Testing

@testable import KubeClient

/// Reading kubeconfig files: clusters, users, contexts, file references and the errors for what is unsupported.
@Suite struct KubeconfigLoadingTests {
    /// A kubeconfig with one context `main` whose cluster and user stanzas are given as YAML fragments.
    static func kubeconfig(cluster: String, user: String, namespace: String? = nil) -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: main
        clusters:
        - name: c1
          cluster:
        \(cluster.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        users:
        - name: u1
          user:
        \(user.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        contexts:
        - name: main
          context:
            cluster: c1
            user: u1
        \(namespace.map { "    namespace: \($0)" } ?? "")
        """
    }

    @Test func tokenAndInlineCAAreRead() throws {
        try TempDirectory.with { dir in
            let path = try dir.write(
                "config",
                Self.kubeconfig(
                    cluster: "server: https://10.0.0.1:6443\n"
                        + "certificate-authority-data: \(TestPEM.base64(TestPEM.ecCertificate))",
                    user: "token: secret-token-1", namespace: "finops"))
            let config = try KubeConfig.fromKubeconfig(paths: [path])
            #expect(config.server.absoluteString == "https://10.0.0.1:6443")
            #expect(config.certificateAuthority == TestPEM.data(TestPEM.ecCertificate))
            #expect(config.bearerToken == .value("secret-token-1"))
            #expect(config.namespace == "finops")
            #expect(config.insecureSkipTLSVerify == false)
            #expect(config.clientKey == nil)
        }
    }

    @Test func namespaceDefaultsToDefault() throws {
        try TempDirectory.with { dir in
            let path = try dir.write("config", Self.kubeconfig(cluster: "server: https://k:443", user: "token: t"))
            #expect(try KubeConfig.fromKubeconfig(paths: [path]).namespace == "default")
        }
    }

    @Test func tokenFileIsResolvedRelativeToTheKubeconfigAndKeptAsAFile() throws {
        try TempDirectory.with { dir in
            try dir.write("secrets/token", "file-token\n")
            let path = try dir.write(
                "kube/config", Self.kubeconfig(cluster: "server: https://k:443", user: "tokenFile: ../secrets/token"))
            let config = try KubeConfig.fromKubeconfig(paths: [path])
            #expect(config.bearerToken == .file(path: dir.url.appendingPathComponent("secrets/token").path))
        }
    }

    @Test func tokenWinsOverTokenFile() throws {
        try TempDirectory.with { dir in
            let path = try dir.write(
                "config", Self.kubeconfig(cluster: "server: https://k:443", user: "token: inline\ntokenFile: nowhere"))
            #expect(try KubeConfig.fromKubeconfig(paths: [path]).bearerToken == .value("inline"))
        }
    }

    @Test func clientCertificateAndKeyFromInlineData() throws {
        try TempDirectory.with { dir in
            let user = """
                client-certificate-data: \(TestPEM.base64(TestPEM.ecCertificate))
                client-key-data: \(TestPEM.base64(TestPEM.ecKeySEC1))
                """
            let path = try dir.write("config", Self.kubeconfig(cluster: "server: https://k:443", user: user))
            let config = try KubeConfig.fromKubeconfig(paths: [path])
            #expect(config.clientCertificate == TestPEM.data(TestPEM.ecCertificate))
            #expect(config.clientKey == TestPEM.data(TestPEM.ecKeySEC1))
            #expect(config.bearerToken == nil)
        }
    }

    @Test func clientCertificateCAAndKeyFromRelativeFiles() throws {
        try TempDirectory.with { dir in
            try dir.write("pki/client.crt", TestPEM.rsaCertificate)
            try dir.write("pki/client.key", TestPEM.rsaKeyPKCS1)
            try dir.write("pki/ca.crt", TestPEM.ecCertificate)
            let path = try dir.write(
                "config",
                Self.kubeconfig(
                    cluster: "server: https://k:443\ncertificate-authority: pki/ca.crt",
                    user: "client-certificate: pki/client.crt\nclient-key: \(dir.path)/pki/client.key"))
            let config = try KubeConfig.fromKubeconfig(paths: [path])
            #expect(config.clientCertificate == TestPEM.data(TestPEM.rsaCertificate))
            #expect(config.clientKey == TestPEM.data(TestPEM.rsaKeyPKCS1))
            #expect(config.certificateAuthority == TestPEM.data(TestPEM.ecCertificate))
        }
    }

    @Test func inlineCAWinsOverCAFile() throws {
        try TempDirectory.with { dir in
            let cluster = """
                server: https://k:443
                certificate-authority: does-not-exist.crt
                certificate-authority-data: \(TestPEM.base64(TestPEM.rsaCertificate))
                """
            let path = try dir.write("config", Self.kubeconfig(cluster: cluster, user: "token: t"))
            #expect(
                try KubeConfig.fromKubeconfig(paths: [path]).certificateAuthority
                    == TestPEM.data(TestPEM.rsaCertificate))
        }
    }

    @Test func insecureSkipVerifyAndTLSServerNameAreRead() throws {
        try TempDirectory.with { dir in
            let cluster = "server: https://10.1.2.3:443\ninsecure-skip-tls-verify: true\ntls-server-name: api.internal"
            let path = try dir.write("config", Self.kubeconfig(cluster: cluster, user: "token: t"))
            let config = try KubeConfig.fromKubeconfig(paths: [path])
            #expect(config.insecureSkipTLSVerify)
            #expect(config.tlsServerName == "api.internal")
        }
    }

    @Test func missingCAFileIsAConfigurationErrorNamingTheFile() throws {
        try TempDirectory.with { dir in
            let path = try dir.write(
                "config",
                Self.kubeconfig(cluster: "server: https://k:443\ncertificate-authority: ca.pem", user: "token: t"))
            let error = try #require(throws: KubeError.self) { try KubeConfig.fromKubeconfig(paths: [path]) }
            #expect(error.code == .configuration)
            #expect(error.message.contains(dir.url.appendingPathComponent("ca.pem").path))
            #expect(error.message.contains("certificate-authority"))
        }
    }

    @Test(arguments: [
        ("exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: aws", "exec"),
        ("auth-provider:\n  name: gcp", "auth-provider"),
        ("username: admin\npassword: hunter2", "basic authentication"),
    ])
    func unsupportedCredentialsAreConfigurationErrors(user: String, named: String) throws {
        try TempDirectory.with { dir in
            let path = try dir.write("config", Self.kubeconfig(cluster: "server: https://k:443", user: user))
            let error = try #require(throws: KubeError.self) { try KubeConfig.fromKubeconfig(paths: [path]) }
            #expect(error.code == .configuration)
            #expect(error.message.contains(named))
            #expect(error.message.contains("u1"))
            #expect(!error.message.contains("hunter2"))
        }
    }

    @Test func aCertificateWithoutAKeyIsRejected() throws {
        try TempDirectory.with { dir in
            let user = "client-certificate-data: \(TestPEM.base64(TestPEM.ecCertificate))"
            let path = try dir.write("config", Self.kubeconfig(cluster: "server: https://k:443", user: user))
            #expect(throws: KubeError.self) { try KubeConfig.fromKubeconfig(paths: [path]) }
        }
    }

    @Test func invalidBase64IsReportedByFieldWithoutItsContent() throws {
        try TempDirectory.with { dir in
            let user =
                "client-certificate-data: \(TestPEM.base64(TestPEM.ecCertificate))\nclient-key-data: '%%secret%%'"
            let path = try dir.write("config", Self.kubeconfig(cluster: "server: https://k:443", user: user))
            let error = try #require(throws: KubeError.self) { try KubeConfig.fromKubeconfig(paths: [path]) }
            #expect(error.message.contains("client-key-data"))
            #expect(!error.message.contains("secret"))
        }
    }

    @Test func serverMustBeAnHTTPURL() throws {
        try TempDirectory.with { dir in
            let path = try dir.write("config", Self.kubeconfig(cluster: "server: ftp://k", user: "token: t"))
            let error = try #require(throws: KubeError.self) { try KubeConfig.fromKubeconfig(paths: [path]) }
            #expect(error.code == .configuration)
            #expect(error.message.contains("c1"))
        }
    }

    @Test func notYAMLIsAConfigurationError() throws {
        try TempDirectory.with { dir in
            let path = try dir.write("config", "clusters: [ {name: ")
            let error = try #require(throws: KubeError.self) { try KubeConfig.fromKubeconfig(paths: [path]) }
            #expect(error.code == .configuration)
            #expect(error.message.contains(path))
        }
    }

    @Test func aKubeconfigWrittenAsJSONIsRead() throws {
        try TempDirectory.with { dir in
            let json = """
                {"apiVersion":"v1","kind":"Config","current-context":"kapi",
                 "clusters":[{"name":"kapi","cluster":{"server":"https://127.0.0.1:18443"}}],
                 "users":[{"name":"kapi","user":{"token":"ci-token"}}],
                 "contexts":[{"name":"kapi","context":{"cluster":"kapi","user":"kapi","namespace":"default"}}]}
                """
            let config = try KubeConfig.fromKubeconfig(paths: [try dir.write("config", json)])
            #expect(config.server.absoluteString == "https://127.0.0.1:18443")
            #expect(config.bearerToken == .value("ci-token"))
        }
    }

    @Test func printingAConfigNeverShowsTheTokenOrKey() throws {
        let config = KubeConfig(
            server: URL(string: "https://k:443")!, clientCertificate: TestPEM.data(TestPEM.ecCertificate),
            clientKey: TestPEM.data(TestPEM.ecKeySEC1), bearerToken: .value("very-secret-token"))
        var dumped = ""
        dump(config, to: &dumped)
        for text in [String(describing: config), String(reflecting: config), "\(config)", dumped] {
            #expect(!text.contains("very-secret-token"))
            #expect(!text.contains("EC PRIVATE KEY"))
        }
    }
}
