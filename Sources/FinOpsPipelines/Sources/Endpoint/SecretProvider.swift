import FinOpsAPI
import Foundation
import KubeClient
import KubeCore

/// Reads the Secrets an exporter's configuration refers to, at each poll (so rotations apply without a restart).
public protocol SecretProvider: Sendable {
    func values(of source: ExporterConfigFile.SecretSource) async throws(SourceError) -> SecretValues
}

/// Mounted Secrets from their directory; Secrets of other namespaces through the Kubernetes API.
public struct ExporterSecretProvider: SecretProvider {
    /// Reads a Secret through the API; `nil` when the exporter runs without a cluster (standalone).
    public var api: (any KubeAPI)?

    public init(api: (any KubeAPI)?) { self.api = api }

    public func values(of source: ExporterConfigFile.SecretSource) async throws(SourceError) -> SecretValues {
        if let path = source.mountPath { return try SecretValues.readDirectory(path) }
        guard let ref = source.secretRef else {
            throw SourceError(.configuration, "A Secret reference has neither a mount path nor a name.")
        }
        let origin = "Secret \(ref.namespace)/\(ref.name)"
        guard let api else {
            throw SourceError(.secret, "\(origin) must be read through the Kubernetes API, which is not configured.")
        }
        do {
            let secret = try await api.get(core.v1.Secret.self, ObjectKey(namespace: ref.namespace, name: ref.name))
            var values: [String: [UInt8]] = [:]
            for key in secret.keys { values[key] = secret.value(forKey: key).map(Array.init) }
            return SecretValues(origin: origin, values: values)
        } catch let error as KubeError {
            throw SourceError(.secret, "\(origin) cannot be read: \(error.code) (\(error.message)).")
        } catch {
            throw SourceError(.secret, "\(origin) cannot be read: \(error).")
        }
    }
}

extension SecretValues {
    /// The single value a bearer-token reference points to: `key`, or the Secret's only key.
    func token(key: String?) throws(SourceError) -> String {
        if let key {
            guard let token = text(key) else { throw SourceError(.secret, "\(origin) has no non-empty key \(key).") }
            return token
        }
        guard keys.count == 1, let token = text(keys[0]) else {
            throw SourceError(.secret, "\(origin) must name the key holding the token (it has \(keys.count) keys).")
        }
        return token
    }
}
