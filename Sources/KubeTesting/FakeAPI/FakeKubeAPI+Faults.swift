import KubeClient
import KubeCore

// Fault injection: failing chosen calls, and an API server that goes down and comes back.

extension FakeKubeAPI {
    /// Makes matching calls fail with ``error`` instead of reaching the fake's state.
    ///
    /// Unset criteria match anything. Faults are checked in the order they were injected; the first that matches
    /// fails the call and, when ``times`` is set, counts down (it is removed at zero).
    public struct Fault: Sendable {
        public var verb: Verb?
        public var resource: ResourceType?
        public var namespace: String?
        public var name: String?
        /// `"status"` matches only calls on the status subresource; `nil` matches calls with or without one.
        public var subresource: String?
        public var error: KubeError
        /// How many calls to fail; `nil` fails every matching call until ``FakeKubeAPI/removeFault(_:)``.
        public var times: Int?

        public init(
            _ verb: Verb? = nil, _ resource: ResourceType? = nil, namespace: String? = nil, name: String? = nil,
            subresource: String? = nil, error: KubeError, times: Int? = 1
        ) {
            self.verb = verb
            self.resource = resource
            self.namespace = namespace
            self.name = name
            self.subresource = subresource
            self.error = error
            self.times = times
        }

        /// A fault whose error is what a real server answers for `code` (see ``KubeError/simulated(_:message:)``).
        public init(
            _ verb: Verb? = nil, _ resource: ResourceType? = nil, namespace: String? = nil, name: String? = nil,
            subresource: String? = nil, code: KubeError.Code, times: Int? = 1
        ) {
            self.init(
                verb, resource, namespace: namespace, name: name, subresource: subresource,
                error: .simulated(code), times: times)
        }

        public func matches(_ request: Request) -> Bool {
            (verb == nil || verb == request.verb)
                && (resource.map { ResourceID($0) == ResourceID(request.resource) } ?? true)
                && (namespace == nil || namespace == request.namespace) && (name == nil || name == request.name)
                && (subresource == nil || subresource == request.subresource)
        }
    }

    /// Identifies an injected fault, for ``removeFault(_:)``.
    public struct FaultID: Sendable, Hashable {
        let value: Int
    }

    /// Adds a fault after those already injected.
    @discardableResult
    public func inject(_ fault: Fault) -> FaultID {
        state.withLock { state in
            state.lastFaultID += 1
            let id = FaultID(value: state.lastFaultID)
            state.faults.append((id, fault))
            return id
        }
    }

    public func removeFault(_ id: FaultID) {
        state.withLock { $0.faults.removeAll { $0.id == id } }
    }

    public func removeAllFaults() {
        state.withLock { $0.faults.removeAll() }
    }

    /// Faults still armed (those with ``Fault/times`` left, and the permanent ones).
    public var activeFaults: [Fault] { state.withLock { $0.faults.map(\.fault) } }

    // MARK: - Outage

    /// Whether the fake plays an unreachable API server.
    public var isDown: Bool { state.withLock { $0.isDown } }

    /// Plays an unreachable API server: every call throws `.transport` (and is still recorded), and every open watch
    /// breaks with `.transport` once its queued events are delivered. Objects are kept.
    public func goDown() {
        let wakeups = state.withLock { state in
            state.isDown = true
            return state.watchers.end(
                .failed(KubeError(code: .transport, message: "connection reset (the fake API server went down)")),
                resource: nil)
        }
        wakeups.resume()
    }

    /// Ends the outage of ``goDown()``: calls reach the fake again.
    public func comeBack() {
        state.withLock { $0.isDown = false }
    }
}
