import KubeClient
import KubeCore

// The request log: what a scenario test reads to list the API calls a reconcile made.

extension FakeKubeAPI {
    /// The REST verbs of ``KubeAPI``.
    public enum Verb: String, Sendable, Hashable, CaseIterable {
        case get, list, watch, create, replace, patch, delete

        /// Whether the verb changes objects.
        public var isWrite: Bool {
            switch self {
            case .create, .replace, .patch, .delete: return true
            case .get, .list, .watch: return false
            }
        }
    }

    /// One call made to the fake, as recorded in ``requests`` (also calls that failed, by a fault or otherwise).
    public struct Request: Sendable, Hashable, CustomStringConvertible {
        public var verb: Verb
        public var resource: ResourceType
        public var namespace: String?
        /// `nil` for list and watch, and for a create whose body had no name.
        public var name: String?
        public var subresource: String?
        /// Set for patches.
        public var patchKind: PatchRequest.Kind?

        public init(
            _ verb: Verb, _ resource: ResourceType, namespace: String? = nil, name: String? = nil,
            subresource: String? = nil, patchKind: PatchRequest.Kind? = nil
        ) {
            self.verb = verb
            self.resource = resource
            self.namespace = namespace
            self.name = name
            self.subresource = subresource
            self.patchKind = patchKind
        }

        /// `patch(apply) deployments.apps finops/exporter/status`, `list configmaps finops`, `watch leases *`.
        public var description: String {
            var verb = verb.rawValue
            switch patchKind {
            case .merge?: verb += "(merge)"
            case .json?: verb += "(json)"
            case .apply?: verb += "(apply)"
            case nil: break
            }
            var target = name.map { name in namespace.map { "\($0)/\(name)" } ?? name } ?? (namespace ?? "*")
            if let subresource { target += "/\(subresource)" }
            return "\(verb) \(resource.qualifiedName) \(target)"
        }
    }

    /// Every call so far, in the order calls arrived. Test helpers (``seed(_:)``, ``setStatus(_:_:_:)``, …) are
    /// not recorded.
    public var requests: [Request] { state.withLock { $0.requests } }

    /// The calls that change objects (create, replace, patch, delete), in order.
    public var writes: [Request] { requests.filter(\.verb.isWrite) }

    /// Forgets the calls recorded so far (e.g. after the set-up part of a scenario).
    public func clearRequests() {
        state.withLock { $0.requests.removeAll() }
    }

    /// Records a call, then lets it through or fails it: down server first, then the first matching fault.
    func admit(_ request: Request) throws {
        try state.withLock { state in
            state.requests.append(request)
            if state.isDown {
                throw KubeError(code: .transport, message: "connection refused (the fake API server is down)")
            }
            guard let index = state.faults.firstIndex(where: { $0.fault.matches(request) }) else { return }
            let fault = state.faults[index].fault
            if let times = fault.times {
                if times <= 1 {
                    state.faults.remove(at: index)
                } else {
                    state.faults[index].fault.times = times - 1
                }
            }
            throw fault.error
        }
    }
}
