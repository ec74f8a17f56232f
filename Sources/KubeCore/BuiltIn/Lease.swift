import Foundation

extension coordination.v1 {
    /// `coordination.k8s.io/v1 Lease`: the lock that leader election takes.
    public struct Lease: KubernetesObject, Hashable {
        public static let resource = ResourceType(
            group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases")
        public var apiVersion = Self.resource.apiVersion
        public var kind = Self.resource.kind
        public var metadata: ObjectMeta
        public var spec: LeaseSpec?

        public init(metadata: ObjectMeta, spec: LeaseSpec?) {
            self.metadata = metadata
            self.spec = spec
        }
    }

    public struct LeaseSpec: Codable, Sendable, Hashable {
        public var holderIdentity: String?
        public var leaseDurationSeconds: Int?
        /// `MicroTime` on the wire: encoded with microseconds (see ``KubeTime``).
        public var acquireTime: Date?
        public var renewTime: Date?
        public var leaseTransitions: Int?

        public init(
            holderIdentity: String?, leaseDurationSeconds: Int?, acquireTime: Date?, renewTime: Date?,
            leaseTransitions: Int?
        ) {
            self.holderIdentity = holderIdentity
            self.leaseDurationSeconds = leaseDurationSeconds
            self.acquireTime = acquireTime
            self.renewTime = renewTime
            self.leaseTransitions = leaseTransitions
        }

        private enum CodingKeys: String, CodingKey {
            case holderIdentity, leaseDurationSeconds, acquireTime, renewTime, leaseTransitions
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(holderIdentity, forKey: .holderIdentity)
            try c.encodeIfPresent(leaseDurationSeconds, forKey: .leaseDurationSeconds)
            // MicroTime: the API server parses these with a six-digit fraction and rejects whole seconds.
            try c.encodeIfPresent(acquireTime.map { KubeTime.format($0, microseconds: true) }, forKey: .acquireTime)
            try c.encodeIfPresent(renewTime.map { KubeTime.format($0, microseconds: true) }, forKey: .renewTime)
            try c.encodeIfPresent(leaseTransitions, forKey: .leaseTransitions)
        }
    }
}
