import Foundation

extension core.v1 {
    /// `v1 Pod`, reduced to what cost allocation reads: the node it runs on, its phase and its containers'
    /// resource requests (as the API writes them, `500m`, `2Gi`). Other fields are ignored when decoding.
    public struct Pod: HasStatus, Hashable {
        public static let resource = ResourceType(group: "", version: "v1", kind: "Pod", plural: "pods")
        public var apiVersion = Self.resource.apiVersion
        public var kind = Self.resource.kind
        public var metadata: ObjectMeta
        public var spec: Spec?
        public var status: Status?

        public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
            self.metadata = metadata
            self.spec = spec
            self.status = status
        }

        public struct Spec: Codable, Sendable, Hashable {
            public var nodeName: String?
            public var containers: [Container]?

            public init(nodeName: String? = nil, containers: [Container]? = nil) {
                self.nodeName = nodeName
                self.containers = containers
            }
        }

        public struct Container: Codable, Sendable, Hashable {
            public var name: String
            public var resources: Resources?

            public init(name: String, resources: Resources? = nil) {
                self.name = name
                self.resources = resources
            }
        }

        public struct Resources: Codable, Sendable, Hashable {
            public var requests: [String: String]?
            public var limits: [String: String]?

            public init(requests: [String: String]? = nil, limits: [String: String]? = nil) {
                self.requests = requests
                self.limits = limits
            }
        }

        public struct Status: Codable, Sendable, Hashable {
            public var phase: String?
            /// When the kubelet acknowledged the pod (before its containers started).
            public var startTime: Date?
            public init(phase: String? = nil, startTime: Date? = nil) {
                self.phase = phase
                self.startTime = startTime
            }
        }
    }

    /// `v1 Node`, reduced to what cost allocation reads: provider id, labels (in metadata) and allocatable capacity.
    public struct Node: HasStatus, Hashable {
        public static let resource = ResourceType(
            group: "", version: "v1", kind: "Node", plural: "nodes", namespaced: false)
        public var apiVersion = Self.resource.apiVersion
        public var kind = Self.resource.kind
        public var metadata: ObjectMeta
        public var spec: Spec?
        public var status: Status?

        public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
            self.metadata = metadata
            self.spec = spec
            self.status = status
        }

        public struct Spec: Codable, Sendable, Hashable {
            public var providerID: String?
            public init(providerID: String? = nil) { self.providerID = providerID }
        }

        public struct Status: Codable, Sendable, Hashable {
            public var allocatable: [String: String]?
            public var capacity: [String: String]?

            public init(allocatable: [String: String]? = nil, capacity: [String: String]? = nil) {
                self.allocatable = allocatable
                self.capacity = capacity
            }
        }
    }
}
