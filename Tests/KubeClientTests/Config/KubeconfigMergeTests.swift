import Foundation
import Testing

@testable import KubeClient

/// `KUBECONFIG=a:b` merging and context selection, as kubectl does them.
@Suite struct KubeconfigMergeTests {
    static let first = """
        current-context: alpha
        clusters:
        - name: shared
          cluster: {server: "https://first.example:6443"}
        - name: only-first
          cluster: {server: "https://only-first.example", certificate-authority: ca.crt}
        users:
        - name: me
          user: {token: first-token}
        contexts:
        - name: alpha
          context: {cluster: shared, user: me, namespace: a}
        - name: uses-first-ca
          context: {cluster: only-first, user: me}
        """

    static let second = """
        current-context: beta
        clusters:
        - name: shared
          cluster: {server: "https://second.example:6443"}
        users:
        - name: me
          user: {token: second-token}
        - name: other
          user: {tokenFile: token}
        contexts:
        - name: alpha
          context: {cluster: shared, user: other, namespace: ignored}
        - name: beta
          context: {cluster: shared, user: other, namespace: b}
        """

    @Test func firstDefinitionOfANameWinsAndFirstCurrentContextWins() throws {
        try TempDirectory.with { dir in
            let a = try dir.write("a/config", Self.first)
            let b = try dir.write("b/config", Self.second)
            try dir.write("b/token", "from-b")
            let config = try KubeConfig.fromKubeconfig(searchList: "\(a):\(b)")
            #expect(config.server.absoluteString == "https://first.example:6443")
            #expect(config.bearerToken == .value("first-token"))
            #expect(config.namespace == "a")
        }
    }

    @Test func anExplicitContextMayComeFromALaterFileAndItsPathsResolveThere() throws {
        try TempDirectory.with { dir in
            let a = try dir.write("a/config", Self.first)
            let b = try dir.write("b/config", Self.second)
            try dir.write("b/token", "from-b")
            let config = try KubeConfig.fromKubeconfig(searchList: "\(a):\(b)", context: "beta")
            // `shared` is the first file's cluster; `other` and its relative tokenFile come from the second.
            #expect(config.server.absoluteString == "https://first.example:6443")
            #expect(config.bearerToken == .file(path: dir.url.appendingPathComponent("b/token").path))
            #expect(config.namespace == "b")
        }
    }

    @Test func relativePathsResolveAgainstTheFileThatDefinedTheEntry() throws {
        try TempDirectory.with { dir in
            let a = try dir.write("a/config", Self.first)
            let b = try dir.write("b/config", Self.second)
            try dir.write("a/ca.crt", TestPEM.ecCertificate)
            let config = try KubeConfig.fromKubeconfig(searchList: "\(b):\(a)", context: "uses-first-ca")
            #expect(config.certificateAuthority == TestPEM.data(TestPEM.ecCertificate))
        }
    }

    @Test func missingAndEmptyEntriesOfTheSearchListAreSkipped() throws {
        try TempDirectory.with { dir in
            let a = try dir.write("a/config", Self.first)
            let config = try KubeConfig.fromKubeconfig(searchList: ":\(dir.path)/nope:\(a):")
            #expect(config.bearerToken == .value("first-token"))
        }
    }

    @Test func aSearchListWithNoExistingFileIsAnError() throws {
        let error = try #require(throws: KubeError.self) {
            try KubeConfig.fromKubeconfig(searchList: "/nonexistent/a:/nonexistent/b")
        }
        #expect(error.code == .configuration)
    }

    @Test func anUnknownContextIsAnErrorNamingIt() throws {
        try TempDirectory.with { dir in
            let a = try dir.write("a/config", Self.first)
            let error = try #require(throws: KubeError.self) {
                try KubeConfig.fromKubeconfig(paths: [a], context: "gamma")
            }
            #expect(error.code == .configuration)
            #expect(error.message.contains("gamma"))
        }
    }

    @Test func noCurrentContextAndNoneGivenIsAnError() throws {
        try TempDirectory.with { dir in
            let path = try dir.write("config", "clusters: []\n")
            let error = try #require(throws: KubeError.self) { try KubeConfig.fromKubeconfig(paths: [path]) }
            #expect(error.message.contains("current-context"))
        }
    }

    @Test func anEmptyFileMergesAsNothing() throws {
        try TempDirectory.with { dir in
            let empty = try dir.write("empty", "")
            let a = try dir.write("a/config", Self.first)
            #expect(try KubeConfig.fromKubeconfig(paths: [empty, a]).bearerToken == .value("first-token"))
        }
    }
}
