// Namespaces for built-in kinds, after the API groups (swiftkube's convention): `core.v1.Service` is a Kubernetes
// Service, so that `Service` alone keeps meaning swift-service-lifecycle's protocol.

/// The core API group (`v1`).
public enum core {
    public enum v1 {}
}

/// The `apps` API group.
public enum apps {
    public enum v1 {}
}

/// The `coordination.k8s.io` API group (leases for leader election).
public enum coordination {
    public enum v1 {}
}

/// A port given by number or by name (`intstr.IntOrString`).
public enum IntOrString: Codable, Sendable, Hashable {
    case int(Int)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int.self) { self = .int(i) } else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .string(let s): try c.encode(s)
        }
    }
}

/// `metav1.LabelSelector`, equality part only (what Deployments and Services of ours use).
public struct LabelSelector: Codable, Sendable, Hashable {
    public var matchLabels: [String: String]?
    public init(matchLabels: [String: String]?) { self.matchLabels = matchLabels }
}
