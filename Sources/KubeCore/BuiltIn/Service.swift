extension core.v1 {
    /// `v1 Service`.
    public struct Service: KubernetesObject, Hashable {
        public static let resource = ResourceType(group: "", version: "v1", kind: "Service", plural: "services")
        public var apiVersion = Self.resource.apiVersion
        public var kind = Self.resource.kind
        public var metadata: ObjectMeta
        public var spec: ServiceSpec?

        public init(metadata: ObjectMeta, spec: ServiceSpec?) {
            self.metadata = metadata
            self.spec = spec
        }
    }

    public struct ServiceSpec: Codable, Sendable, Hashable {
        /// `ClusterIP` (default), `NodePort`, `LoadBalancer`.
        public var type: String?
        public var selector: [String: String]?
        public var ports: [ServicePort]?
        public var clusterIP: String?

        public init(type: String? = nil, selector: [String: String]?, ports: [ServicePort]?) {
            self.type = type
            self.selector = selector
            self.ports = ports
        }
    }

    public struct ServicePort: Codable, Sendable, Hashable {
        public var name: String?
        public var port: Int
        public var targetPort: IntOrString?
        public var `protocol`: String?
        public var nodePort: Int?

        public init(name: String?, port: Int, targetPort: IntOrString?, protocol: String? = "TCP") {
            self.name = name
            self.port = port
            self.targetPort = targetPort
            self.protocol = `protocol`
        }
    }
}
