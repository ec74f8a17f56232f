import Foundation
import Yams

/// One kubeconfig file as written (`clientcmd/api/v1.Config`), only the fields this client reads.
///
/// Unknown fields (`preferences`, `extensions`, …) are ignored. Fields that would change how we connect but that we do
/// not implement (`exec`, `auth-provider`, `username`/`password`, `proxy-url`) are decoded as presence only, so that
/// resolving a context that uses them fails loudly instead of connecting some other way.
struct KubeconfigFile: Sendable {
    var clusters: [Named<Cluster>] = []
    var users: [Named<User>] = []
    var contexts: [Named<Context>] = []
    var currentContext: String?
    /// The file this was read from; relative paths inside it are resolved against its directory.
    var path: String

    struct Named<Value: Decodable & Sendable>: Decodable, Sendable {
        var name: String
        var value: Value?
    }

    struct Cluster: Decodable, Sendable {
        var server: String?
        var certificateAuthority: String?
        var certificateAuthorityData: String?
        var insecureSkipTLSVerify: Bool?
        var tlsServerName: String?
        var proxyURL: String?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
            case proxyURL = "proxy-url"
        }
    }

    struct User: Decodable, Sendable {
        var token: String?
        var tokenFile: String?
        var clientCertificate: String?
        var clientCertificateData: String?
        var clientKey: String?
        var clientKeyData: String?
        var exec: Present?
        var authProvider: Present?
        var username: String?
        var password: Present?

        enum CodingKeys: String, CodingKey {
            case token, tokenFile, exec, username, password
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case authProvider = "auth-provider"
        }
    }

    struct Context: Decodable, Sendable {
        var cluster: String?
        var user: String?
        var namespace: String?
    }

    /// Any YAML value, remembered only as "this key was there" (its content, e.g. a password, is never kept).
    struct Present: Decodable, Sendable {
        init(from decoder: any Decoder) throws {}
    }
}

// MARK: - Decoding

extension KubeconfigFile.Named {
    private enum NamedKeys: String, CodingKey { case name, cluster, user, context }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: NamedKeys.self)
        name = try c.decode(String.self, forKey: .name)
        // The value sits under `cluster`, `user` or `context` depending on the list; whichever key is present.
        let key = [NamedKeys.cluster, .user, .context].first { c.contains($0) }
        value = try key.flatMap { try c.decodeIfPresent(Value.self, forKey: $0) }
    }
}

extension KubeconfigFile {
    private struct Document: Decodable {
        var clusters: [Named<Cluster>]?
        var users: [Named<User>]?
        var contexts: [Named<Context>]?
        var currentContext: String?

        enum CodingKeys: String, CodingKey {
            case clusters, users, contexts
            case currentContext = "current-context"
        }
    }

    /// Parses the YAML (or JSON) text of a kubeconfig read from `path`. An empty file is an empty configuration.
    ///
    /// - Throws: ``KubeError/Code/configuration`` naming `path` when the text is not a kubeconfig.
    init(yaml text: String, path: String) throws {
        self.path = path
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        let document: Document
        do {
            document = try YAMLDecoder().decode(Document.self, from: text)
        } catch let error as DecodingError {
            throw KubeError(code: .configuration, message: "kubeconfig \(path) is invalid: \(Self.describe(error))")
        } catch {
            throw KubeError(code: .configuration, message: "kubeconfig \(path) is not valid YAML: \(error)")
        }
        clusters = document.clusters ?? []
        users = document.users ?? []
        contexts = document.contexts ?? []
        currentContext = document.currentContext.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads and parses the kubeconfig at `path`.
    init(contentsOf path: String) throws {
        let data = try ConfigFiles.read(path, role: "kubeconfig")
        try self.init(yaml: String(decoding: data, as: UTF8.self), path: path)
    }

    /// The field path and reason of a decoding error, without the offending value (it may be a secret).
    private static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "field \(field(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "field \(field(context.codingPath + [key])) is required"
        @unknown default:
            return "\(error)"
        }
    }
}
