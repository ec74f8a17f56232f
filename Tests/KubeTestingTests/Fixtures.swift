import Foundation
import KubeClient
import KubeCore
import KubeTesting
import Synchronization
import Testing

typealias ConfigMap = core.v1.ConfigMap
typealias Deployment = apps.v1.Deployment
typealias Secret = core.v1.Secret

/// 2026-01-01T00:00:00Z: the fake's `now` in every test.
let fixedDate = Date(timeIntervalSince1970: 1_767_225_600)

func makeAPI(historyLimit: Int = 1000) -> FakeKubeAPI {
    FakeKubeAPI(now: { fixedDate }, historyLimit: historyLimit)
}

func configMap(
    _ name: String, namespace: String = "ns", labels: [String: String]? = nil, data: [String: String]? = ["k": "v"],
    owners: [OwnerReference]? = nil, finalizers: [String]? = nil
) -> ConfigMap {
    ConfigMap(
        metadata: ObjectMeta(
            name: name, namespace: namespace, labels: labels, ownerReferences: owners, finalizers: finalizers),
        data: data)
}

func deployment(_ name: String, namespace: String = "ns", replicas: Int = 1, image: String = "exporter:1.0")
    -> Deployment
{
    Deployment(
        metadata: ObjectMeta(name: name, namespace: namespace),
        spec: apps.v1.DeploymentSpec(
            replicas: replicas, selector: LabelSelector(matchLabels: ["app": name]),
            template: core.v1.PodTemplateSpec(
                metadata: ObjectMeta(labels: ["app": name]),
                spec: core.v1.PodSpec(containers: [core.v1.Container(name: "main", image: image)]))))
}

func ownerReference(to object: some KubernetesObject) -> OwnerReference {
    object.controllerOwnerReference
}

func key(_ name: String, _ namespace: String? = "ns") -> ObjectKey { ObjectKey(namespace: namespace, name: name) }

/// Asserts that `body` throws a ``KubeError`` with `code`.
func expectCode<T>(
    _ code: KubeError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected \(code), got success", sourceLocation: sourceLocation)
    } catch let error as KubeError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected KubeError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

// MARK: - Watching

/// A watch line reduced to what tests compare: `TYPE namespace/name@resourceVersion` (`BOOKMARK @rv`,
/// `ERROR 410 Expired`).
func summary(_ line: Data) -> String {
    guard let event = try? KubeJSON.decode(JSONValue.self, from: line), let type = event["type"]?.stringValue else {
        return "undecodable"
    }
    let object = event["object"] ?? .null
    if type == "ERROR" {
        return "ERROR \(object["code"]?.intValue ?? 0) \(object["reason"]?.stringValue ?? "")"
    }
    let meta = object["metadata"] ?? .null
    let version = meta["resourceVersion"]?.stringValue ?? ""
    guard let name = meta["name"]?.stringValue else { return "\(type) @\(version)" }
    let namespace = meta["namespace"]?.stringValue.map { "\($0)/" } ?? ""
    return "\(type) \(namespace)\(name)@\(version)"
}

/// Runs a raw watch while `body` runs, then closes it and returns the summaries of every line it received.
///
/// The watch is open (``FakeKubeAPI/waitForWatchers(_:count:)``) before `body` starts, and closing it delivers
/// everything queued first: no sleeps, no missed events.
func watchLines(
    _ api: FakeKubeAPI, _ resource: ResourceType = ConfigMap.resource, namespace: String? = "ns",
    options: WatchOptions = WatchOptions(allowWatchBookmarks: false), during body: () async throws -> Void = {}
) async throws -> [String] {
    let lines = Mutex<[String]>([])
    let already = api.openWatchCount(resource)
    async let watching: Void = api.watch(resource, namespace: namespace, options: options) { line in
        lines.withLock { $0.append(summary(line)) }
    }
    await api.waitForWatchers(resource, count: already + 1)
    try await body()
    api.closeWatches(of: resource)
    try await watching
    return lines.withLock { $0 }
}
