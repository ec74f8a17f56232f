import Foundation
import SourcePayloads
import Synchronization

/// When each Pod ran and each Node existed, as the Node and Pod watches saw it, so that an interval charges a pod for
/// the part of it the pod ran (one that started or ended between two polls included) instead of sampling the pods
/// running at the poll.
///
/// A pod runs while it is `Running` on a node. Its first observation dates it from `status.startTime` (a node from
/// `creationTimestamp`), later transitions from the moment they were observed. ``snapshot(start:end:)`` gives the
/// objects of an interval with their fractions of it, then forgets what ended before the interval's end (and the
/// deleted objects whose spans are all reported).
final class ClusterTimeline: Sendable {
    private struct Entry<Object: Sendable>: Sendable {
        var latest: Object
        /// Running (or present) since; `nil` when not now.
        var since: Date?
        /// Past spans not yet reported in full.
        var spans: [(start: Date, end: Date)] = []
        /// Deleted: forgotten once its spans are reported.
        var gone = false
    }

    private struct State {
        var pods: [String: Entry<ClusterPod>] = [:]
        var nodes: [String: Entry<ClusterNode>] = [:]
    }

    private let state = Mutex(State())

    /// A pod's state at `time`; `deleted` when it is gone. `startTime` dates a pod seen for the first time.
    func observe(pod: ClusterPod, startTime: Date?, deleted: Bool = false, at time: Date) {
        let key = "\(pod.namespace)/\(pod.name)"
        let running = !deleted && pod.phase == "Running" && pod.nodeName != nil
        state.withLock { state in
            state.pods[key] = Self.update(
                state.pods[key], latest: pod, active: running, firstSeen: startTime, deleted: deleted, at: time)
        }
    }

    /// A node's state at `time`; `deleted` when it is gone. `created` dates a node seen for the first time.
    func observe(node: ClusterNode, created: Date?, deleted: Bool = false, at time: Date) {
        state.withLock { state in
            state.nodes[node.name] = Self.update(
                state.nodes[node.name], latest: node, active: !deleted, firstSeen: created, deleted: deleted, at: time)
        }
    }

    private static func update<Object>(
        _ entry: Entry<Object>?, latest: Object, active: Bool, firstSeen: Date?, deleted: Bool, at time: Date
    ) -> Entry<Object> {
        guard var entry else {
            return Entry(latest: latest, since: active ? min(firstSeen ?? time, time) : nil, gone: deleted)
        }
        entry.latest = latest
        entry.gone = deleted
        if active, entry.since == nil { entry.since = time }
        if !active, let since = entry.since {
            entry.spans.append((since, time))
            entry.since = nil
        }
        return entry
    }

    /// The nodes and pods of `start..<end`, each with the fraction of it they were present or running (those with
    /// none left out); then forgets spans that ended by `end`.
    func snapshot(start: Date, end: Date) -> (nodes: [ClusterNode], pods: [ClusterPod]) {
        let length = end.timeIntervalSince(start)
        guard length > 0 else { return ([], []) }
        /// The objects with time in the interval, each carrying its fraction at `share`.
        func present<Object>(_ entries: [String: Entry<Object>], _ share: WritableKeyPath<Object, Double>) -> [Object] {
            entries.values.compactMap { entry in
                var seconds = 0.0
                for span in entry.spans + (entry.since.map { [($0, end)] } ?? []) {
                    seconds += max(0, min(span.end, end).timeIntervalSince(max(span.start, start)))
                }
                guard seconds > 0 else { return nil }
                var object = entry.latest
                object[keyPath: share] = min(seconds / length, 1)
                return object
            }
        }
        return state.withLock { state in
            let nodes = present(state.nodes, \.presentFraction)
            // A pod that ran in the interval is charged as running, whatever it is now.
            let pods = present(state.pods, \.runningFraction).map { pod in
                var running = pod
                running.phase = "Running"
                return running
            }
            Self.forget(before: end, in: &state.nodes)
            Self.forget(before: end, in: &state.pods)
            return (
                nodes.sorted { $0.name < $1.name }, pods.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
            )
        }
    }

    private static func forget<Object>(before end: Date, in entries: inout [String: Entry<Object>]) {
        for key in Array(entries.keys) {
            entries[key]?.spans.removeAll { $0.end <= end }
            if let entry = entries[key], entry.gone, entry.spans.isEmpty { entries.removeValue(forKey: key) }
        }
    }
}
