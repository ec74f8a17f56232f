import Foundation

extension core.v1 {
    /// `v1 Event`: what `kubectl describe` shows under "Events".
    public struct Event: KubernetesObject, Hashable {
        public static let resource = ResourceType(group: "", version: "v1", kind: "Event", plural: "events")
        public var apiVersion = Self.resource.apiVersion
        public var kind = Self.resource.kind
        public var metadata: ObjectMeta
        public var involvedObject: InvolvedObject
        public var reason: String?
        public var message: String?
        /// `Normal` or `Warning`.
        public var type: String?
        public var source: EventSource?
        public var firstTimestamp: Date?
        public var lastTimestamp: Date?
        public var count: Int?
        public var reportingComponent: String?
        public var reportingInstance: String?

        public init(metadata: ObjectMeta, involvedObject: InvolvedObject) {
            self.metadata = metadata
            self.involvedObject = involvedObject
        }
    }

    /// `v1 ObjectReference` as Events use it.
    public struct InvolvedObject: Codable, Sendable, Hashable {
        public var apiVersion: String?
        public var kind: String?
        public var name: String?
        public var namespace: String?
        public var uid: String?
        public var resourceVersion: String?

        public init(
            apiVersion: String?, kind: String?, name: String?, namespace: String?, uid: String?,
            resourceVersion: String? = nil
        ) {
            self.apiVersion = apiVersion
            self.kind = kind
            self.name = name
            self.namespace = namespace
            self.uid = uid
            self.resourceVersion = resourceVersion
        }
    }

    public struct EventSource: Codable, Sendable, Hashable {
        public var component: String?
        public var host: String?
        public init(component: String?, host: String? = nil) {
            self.component = component
            self.host = host
        }
    }
}
