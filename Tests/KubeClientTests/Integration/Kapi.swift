import Foundation
import KubeClient
import KubeCore
import Synchronization

/// Access to the kapi server that `Tests/Integration/run-swift-tests.sh` starts (HTTPS, bearer token, its own CA).
///
/// The integration suites are enabled only when `FINOPS_TEST_KUBECONFIG` names kapi's kubeconfig, so a plain
/// `swift test` skips them.
enum Kapi {
    static let environment = ProcessInfo.processInfo.environment

    /// The kubeconfig kapi wrote, when the integration run set it up.
    static let kubeconfigPath = environment["FINOPS_TEST_KUBECONFIG"].flatMap { $0.isEmpty ? nil : $0 }

    static var enabled: Bool { kubeconfigPath != nil }

    /// kapi's `--history N` (watch events kept), when the run set one.
    static let history = environment["FINOPS_TEST_KAPI_HISTORY"].flatMap { Int($0) }

    static func config() throws -> KubeConfig {
        try KubeConfig.fromKubeconfig(paths: [kubeconfigPath ?? ""])
    }

    /// The bearer token of kapi's kubeconfig.
    static func token() throws -> String {
        guard case .value(let token) = try config().bearerToken else {
            throw KubeError(code: .configuration, message: "kapi's kubeconfig has no inline token")
        }
        return token
    }

    /// Runs `body` with a client for kapi (optionally with a changed configuration) and always shuts it down.
    static func withClient<R>(
        options: HTTPKubeClient.Options = HTTPKubeClient.Options(),
        configure: (inout KubeConfig) -> Void = { _ in },
        _ body: (HTTPKubeClient) async throws -> R
    ) async throws -> R {
        var config = try config()
        configure(&config)
        let client = try HTTPKubeClient(config: config, options: options)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    static let namespaces = ResourceType(
        group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false)

    /// A new namespace with a unique name, so tests never see each other's objects.
    static func freshNamespace(_ client: HTTPKubeClient, _ prefix: String = "t") async throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        let body = Data(#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"\#(name)"}}"#.utf8)
        _ = try await client.create(namespaces, namespace: nil, body: body)
        return name
    }

    static func configMap(
        _ name: String, in namespace: String, data: [String: String] = [:], labels: [String: String]? = nil
    )
        -> core.v1.ConfigMap
    {
        core.v1.ConfigMap(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels), data: data)
    }
}

/// Ends a watch from inside its event handler once the test has what it waits for.
struct StopWatching: Error {}

/// Collects the events of a watch until `count` arrived (or the watch ends), in arrival order.
func collectEvents<T: KubernetesObject>(
    _ client: some KubeAPI, _ type: T.Type, namespace: String, options: WatchOptions, count: Int
) async throws -> [WatchEvent<T>] {
    let events = Mutex<[WatchEvent<T>]>([])
    do {
        try await client.watch(type, namespace: namespace, options: options) { event in
            let seen = events.withLock { events in
                events.append(event)
                return events.count
            }
            if seen >= count { throw StopWatching() }
        }
    } catch is StopWatching {}
    return events.withLock { $0 }
}

/// `ADDED a`, `BOOKMARK`, `ERROR 410 Expired`: an event in a form tests compare.
func summary<T: KubernetesObject>(_ event: WatchEvent<T>) -> String {
    switch event {
    case .added(let object): return "ADDED \(object.metadata.name ?? "")"
    case .modified(let object): return "MODIFIED \(object.metadata.name ?? "")"
    case .deleted(let object): return "DELETED \(object.metadata.name ?? "")"
    case .bookmark: return "BOOKMARK"
    case .error(let status): return "ERROR \(status.code ?? 0) \(status.reason ?? "")"
    }
}

/// The test CRD of `Tests/Integration/fixtures/widgets-crd.yaml`: a namespaced kind with a status subresource.
struct Widget: HasStatus, Hashable {
    static let resource = ResourceType(group: "test.finops.krateo.io", version: "v1", kind: "Widget", plural: "widgets")
    var apiVersion = Self.resource.apiVersion
    var kind = Self.resource.kind
    var metadata: ObjectMeta
    var spec: Spec?
    var status: Status?

    struct Spec: Codable, Sendable, Hashable {
        var size: Int?
        var color: String?
    }

    struct Status: Codable, Sendable, Hashable {
        var phase: String?
        var observedGeneration: Int64?
    }

    init(_ name: String, in namespace: String, size: Int) {
        metadata = ObjectMeta(name: name, namespace: namespace)
        spec = Spec(size: size)
    }
}
