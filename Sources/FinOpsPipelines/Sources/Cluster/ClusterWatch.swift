import Foundation
import KubeClient
import KubeCore
import KubeRuntime
import Logging
import ServiceLifecycle
import SourcePayloads

/// Watches the cluster's Nodes and Pods through the controller runtime's informers (list, then watch with resume
/// and relist on `410`) and records in a ``ClusterTimeline`` when each pod ran and each node existed, for
/// ``ClusterSource`` to charge the part of each interval a pod ran. A `Service`: run it beside the exporter's poll
/// loop.
public final class ClusterWatch: Service, Sendable {
    let nodes: Informer<core.v1.Node>
    let pods: Informer<core.v1.Pod>
    let timeline = ClusterTimeline()

    public init(api: any KubeAPI, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        nodes = Informer(api: api, scope: .all, logger: logger)
        pods = Informer(api: api, scope: .all, logger: logger)
        let timeline = timeline
        nodes.subscribe { event in
            let node = event.object
            timeline.observe(
                node: ClusterSource.node(node), created: node.metadata.creationTimestamp,
                deleted: Self.isDeletion(event), at: now())
        }
        pods.subscribe { event in
            let pod = event.object
            timeline.observe(
                pod: ClusterSource.pod(pod), startTime: pod.status?.startTime ?? pod.metadata.creationTimestamp,
                deleted: Self.isDeletion(event), at: now())
        }
    }

    static func isDeletion<Object>(_ event: InformerEvent<Object>) -> Bool {
        if case .deleted = event { return true }
        return false
    }

    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.nodes.run() }
            group.addTask { try await self.pods.run() }
        }
    }

    /// Whether both kinds have been listed once.
    public var isReady: Bool { nodes.isReady && pods.isReady }

    /// Suspends until both kinds have been listed once (or the task is cancelled).
    public func waitUntilReady() async {
        await nodes.store.waitUntilReady()
        await pods.store.waitUntilReady()
    }

    /// The nodes and pods of the interval, with the fractions of it they were present or running.
    func snapshot(start: Date, end: Date) -> (nodes: [ClusterNode], pods: [ClusterPod]) {
        timeline.snapshot(start: start, end: end)
    }
}
