extension core.v1 {
    /// `v1 ConfigMap`.
    public struct ConfigMap: KubernetesObject, Hashable {
        public static let resource = ResourceType(group: "", version: "v1", kind: "ConfigMap", plural: "configmaps")
        public var apiVersion = Self.resource.apiVersion
        public var kind = Self.resource.kind
        public var metadata: ObjectMeta
        public var data: [String: String]?

        public init(metadata: ObjectMeta, data: [String: String]? = nil) {
            self.metadata = metadata
            self.data = data
        }
    }
}
