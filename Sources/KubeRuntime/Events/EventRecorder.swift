import Foundation
import KubeClient
import KubeCore
import Logging
import Synchronization

/// Writes `v1` Events about objects, as `kubectl describe` shows them.
///
/// Guarantees: recording never throws and never blocks a reconcile on failure (errors are logged at debug level);
/// the same event (object uid, type, reason, message) repeated within ``aggregationWindow`` increments `count` on
/// the existing Event instead of creating a new one (a new one is created if that Event is gone meanwhile).
/// Caveat: callers must keep secret values out of messages.
public final class EventRecorder: Sendable {
    public enum EventType: String, Sendable {
        case normal = "Normal"
        case warning = "Warning"
    }

    private struct Recent {
        var key: ObjectKey
        var count: Int
        var firstTimestamp: Date
    }

    private let api: any KubeAPI
    private let component: String
    private let instance: String
    private let clock: AnyClock
    private let logger: Logger
    private let recent = Mutex<[String: Recent]>([:])
    private let sequence = Atomic<Int>(0)
    /// Repeats within this window are aggregated into one Event.
    public let aggregationWindow: Duration = .seconds(600)

    public init(api: any KubeAPI, component: String, instance: String, clock: AnyClock = .continuous, logger: Logger) {
        self.api = api
        self.component = component
        self.instance = instance
        self.clock = clock
        self.logger = logger
    }

    public func record<T: KubernetesObject>(_ object: T, _ type: EventType, reason: String, message: String) async {
        let now = clock.wallNow()
        let uid = object.metadata.uid ?? object.key.description
        let dedupeKey = [uid, type.rawValue, reason, message].joined(separator: "\u{1F}")
        let window = aggregationWindow.seconds
        let previous = recent.withLock { entries -> Recent? in
            // Forget entries past the window so that the map stays bounded by recent activity.
            entries = entries.filter { now.timeIntervalSince($0.value.firstTimestamp) < window }
            return entries[dedupeKey]
        }
        do {
            if let previous {
                do {
                    let patch: JSONValue = [
                        "count": .int(Int64(previous.count + 1)), "lastTimestamp": .string(KubeTime.format(now)),
                    ]
                    let _: core.v1.Event = try await api.patch(core.v1.Event.self, previous.key, .merge(patch))
                    recent.withLock { $0[dedupeKey]?.count += 1 }
                    return
                } catch let error as KubeError where error.code == .notFound {
                    // The Event expired (the server keeps them an hour) or was deleted: start a new one, as
                    // client-go does, instead of losing every repeat until the window ends.
                }
            }
            let event = makeEvent(for: object, type, reason: reason, message: message, now: now)
            let created = try await api.create(event)
            recent.withLock { $0[dedupeKey] = Recent(key: created.key, count: 1, firstTimestamp: now) }
        } catch {
            logger.debug("could not record event", metadata: ["reason": "\(reason)", "error": "\(error)"])
        }
    }

    private func makeEvent<T: KubernetesObject>(
        for object: T, _ type: EventType, reason: String, message: String, now: Date
    ) -> core.v1.Event {
        let unique = Int(now.timeIntervalSince1970 * 1_000_000) &+ sequence.add(1, ordering: .relaxed).newValue
        let name = "\(object.metadata.name ?? "object").\(String(UInt64(bitPattern: Int64(unique)), radix: 16))"
        var event = core.v1.Event(
            metadata: ObjectMeta(name: name, namespace: object.metadata.namespace ?? "default"),
            involvedObject: .init(
                apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name,
                namespace: object.metadata.namespace, uid: object.metadata.uid,
                resourceVersion: object.metadata.resourceVersion))
        event.reason = reason
        event.message = String(message.prefix(1024))
        event.type = type.rawValue
        event.source = .init(component: component, host: instance)
        event.firstTimestamp = now
        event.lastTimestamp = now
        event.count = 1
        event.reportingComponent = component
        event.reportingInstance = instance
        return event
    }
}
