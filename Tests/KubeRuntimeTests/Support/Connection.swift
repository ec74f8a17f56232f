import Foundation
import KubeClient
import KubeCore
import KubeTesting
import Synchronization

/// One replica's connection to a shared ``FakeKubeAPI``: passes every call through, remembers the options of each
/// list and watch (the fake's request log records neither resourceVersions nor selectors), and can play a network
/// fault on this connection only, while other replicas still reach the fake.
final class Connection: KubeAPI {
    enum Mode: Sendable {
        /// Calls reach the fake.
        case connected
        /// Calls fail at once with `.transport`.
        case refused
        /// Calls hang until their task is cancelled, as behind a firewall that drops packets.
        case hanging
    }

    struct ListCall: Sendable, Hashable {
        var namespace: String?
        var labelSelector: String?
    }

    struct WatchCall: Sendable, Hashable {
        var namespace: String?
        var resourceVersion: String?
        var labelSelector: String?
    }

    private struct State {
        var mode = Mode.connected
        var lists: [ListCall] = []
        var watches: [WatchCall] = []
    }

    let fake: FakeKubeAPI
    private let state = Mutex(State())

    init(to fake: FakeKubeAPI) { self.fake = fake }

    var mode: Mode {
        get { state.withLock { $0.mode } }
        set { state.withLock { $0.mode = newValue } }
    }

    /// The first page of every list, in order.
    var lists: [ListCall] { state.withLock { $0.lists } }
    var watches: [WatchCall] { state.withLock { $0.watches } }

    // MARK: - KubeAPI

    func get(_ resource: ResourceType, namespace: String?, name: String) async throws -> Data {
        try await reach()
        return try await fake.get(resource, namespace: namespace, name: name)
    }

    func list(_ resource: ResourceType, namespace: String?, options: ListOptions) async throws -> Data {
        if options.continue == nil {
            state.withLock { $0.lists.append(ListCall(namespace: namespace, labelSelector: options.labelSelector)) }
        }
        try await reach()
        return try await fake.list(resource, namespace: namespace, options: options)
    }

    func watch(
        _ resource: ResourceType, namespace: String?, options: WatchOptions,
        onLine: @Sendable (Data) async throws -> Void
    ) async throws {
        let call = WatchCall(
            namespace: namespace, resourceVersion: options.resourceVersion, labelSelector: options.labelSelector)
        state.withLock { $0.watches.append(call) }
        try await reach()
        try await fake.watch(resource, namespace: namespace, options: options, onLine: onLine)
    }

    func create(_ resource: ResourceType, namespace: String?, body: Data) async throws -> Data {
        try await reach()
        return try await fake.create(resource, namespace: namespace, body: body)
    }

    func replace(
        _ resource: ResourceType, namespace: String?, name: String, subresource: String?, body: Data
    ) async throws -> Data {
        try await reach()
        return try await fake.replace(resource, namespace: namespace, name: name, subresource: subresource, body: body)
    }

    func patch(
        _ resource: ResourceType, namespace: String?, name: String, subresource: String?, patch: PatchRequest
    ) async throws -> Data {
        try await reach()
        return try await fake.patch(resource, namespace: namespace, name: name, subresource: subresource, patch: patch)
    }

    func delete(_ resource: ResourceType, namespace: String?, name: String, options: DeleteOptions) async throws {
        try await reach()
        try await fake.delete(resource, namespace: namespace, name: name, options: options)
    }

    /// Plays the current ``mode``.
    private func reach() async throws {
        switch mode {
        case .connected:
            return
        case .refused:
            throw KubeError(code: .transport, message: "connection refused (test network fault)")
        case .hanging:
            await Gate().wait()
            throw CancellationError()
        }
    }
}
