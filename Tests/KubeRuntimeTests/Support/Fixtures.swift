import Foundation
import KubeClient
import KubeCore
import KubeRuntime
import KubeTesting
import Logging
import ServiceLifecycle
import Testing

typealias ConfigMap = core.v1.ConfigMap
typealias Deployment = apps.v1.Deployment
typealias Secret = core.v1.Secret
typealias Lease = coordination.v1.Lease

/// Logs nowhere: tests assert outcomes, not log lines.
let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

/// A fake API server whose timestamps follow `clock`.
func makeAPI(clock: ManualClock = ManualClock()) -> FakeKubeAPI {
    FakeKubeAPI(now: { clock.date })
}

/// Backoff without jitter, so that a test knows exactly how far to advance the clock: 1 s, 2 s, 4 s, …
let exactBackoff = Backoff(initial: .seconds(1), maximum: .seconds(60), jitter: 0)

func key(_ name: String, _ namespace: String? = "ns") -> ObjectKey { ObjectKey(namespace: namespace, name: name) }

func configMap(
    _ name: String, namespace: String = "ns", labels: [String: String]? = nil, data: [String: String]? = ["k": "v"],
    owners: [OwnerReference]? = nil, finalizers: [String]? = nil
) -> ConfigMap {
    ConfigMap(
        metadata: ObjectMeta(
            name: name, namespace: namespace, labels: labels, ownerReferences: owners, finalizers: finalizers),
        data: data)
}

func secret(_ name: String, namespace: String = "ns", owners: [OwnerReference]? = nil) -> Secret {
    Secret(metadata: ObjectMeta(name: name, namespace: namespace, ownerReferences: owners), data: ["k": Data("v".utf8)])
}

func deployment(
    _ name: String, namespace: String = "ns", replicas: Int = 1, image: String = "exporter:1.0",
    owners: [OwnerReference]? = nil
) -> Deployment {
    Deployment(
        metadata: ObjectMeta(
            name: name, namespace: namespace, labels: ["app.kubernetes.io/name": name], ownerReferences: owners),
        spec: apps.v1.DeploymentSpec(
            replicas: replicas, selector: LabelSelector(matchLabels: ["app": name]),
            template: core.v1.PodTemplateSpec(
                metadata: ObjectMeta(labels: ["app": name]),
                spec: core.v1.PodSpec(containers: [core.v1.Container(name: "main", image: image)]))))
}

/// Runs `services` while `body` runs, then cancels them and waits until every one has returned.
func whileRunning<T: Sendable>(
    _ services: [any Service], _ body: () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
        for service in services { group.addTask { try await service.run() } }
        defer { group.cancelAll() }
        return try await body()
    }
}

/// Asserts that `body` throws a ``KubeError`` with `code`.
func expectKubeError<T>(
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
