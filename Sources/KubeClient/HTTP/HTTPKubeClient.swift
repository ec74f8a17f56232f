import AsyncHTTPClient
import Foundation
import KubeCore
import Logging
import NIOCore

/// ``KubeAPI`` over HTTPS to a real API server (or to kapi in the integration tests), on AsyncHTTPClient and NIOSSL.
///
/// Guarantees:
/// - TLS trusts the configuration's CA only (or the system roots without one), presents the client certificate when
///   there is one, and verifies the server against `tls-server-name` when set (see ``KubeConfig``).
/// - Every request carries `Accept: application/json`, `User-Agent: finops-operator` and, when configured, the bearer
///   token, re-read from its file as it rotates.
/// - Non-2xx answers become ``KubeError`` with the code from the `Status` body; failures to get an answer at all
///   (connect, TLS, reset, time limits) become ``KubeError/Code/transport``; cancellation of the calling task
///   becomes `CancellationError` and closes the connection.
/// - Time limits: every call but ``watch(_:namespace:options:onLine:)`` must finish, body included, within
///   ``Options/requestTimeout``; a watch ends with ``KubeError/Code/transport`` when it receives nothing for its
///   read-idle timeout (see ``Options/watchIdleTimeout``).
/// - Logs at debug level the verb, path and status of each call; never headers, query values or bodies.
///
/// Caveats:
/// - The client owns its `HTTPClient` (a connection pool). Whoever creates an `HTTPKubeClient` must call
///   ``shutdown()`` exactly once after every task using it has finished — in the operator, the composition root after
///   its `ServiceGroup` has returned; in tests, the test. AsyncHTTPClient traps in debug builds when a client is
///   released without being shut down.
public final class HTTPKubeClient: KubeAPI {
    /// The configuration this client connects with.
    public let config: KubeConfig
    /// Tuning of limits and identity.
    public let options: Options

    let endpoint: APIEndpoint
    let http: HTTPClient
    let tokens: any BearerTokenProvider
    let logger: Logger
    let clock: any Clock<Duration>

    /// Creates a client; no connection is opened until the first request.
    ///
    /// - Parameters:
    ///   - config: where and how to connect.
    ///   - options: time and size limits, user agent.
    ///   - logger: receives one debug line per call (verb, path, status).
    ///   - clock: measures the request timeout, the watch idle timeout and token-file refreshes.
    /// - Throws: ``KubeError/Code/configuration`` when the server URL, the CA, the client certificate or key cannot
    ///   be used.
    public init(
        config: KubeConfig, options: Options = Options(), logger: Logger = Logger(label: "finops.kube-client"),
        clock: any Clock<Duration> = ContinuousClock()
    ) throws {
        let endpoint = try APIEndpoint(config: config)
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: endpoint.usesTLS ? try PEMTLS.configuration(for: config) : nil,
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: TimeAmount(options.connectTimeout)),
            decompression: .disabled)
        configuration.dnsOverride = endpoint.dnsOverride
        // Every informer holds one connection open for its watch; with AHC's default of 8 connections per host,
        // nine watches would leave no connection for ordinary requests, which would then queue until a watch ends.
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: options.maximumConnections)
        // Fail fast on a refused connection or a TLS error instead of retrying until the connect timeout: callers
        // (watchers, reconcilers) already retry `.transport` errors with their own backoff.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.config = config
        self.options = options
        self.endpoint = endpoint
        self.logger = logger
        self.clock = clock
        self.tokens = config.bearerToken?.provider(clock: clock) ?? StaticToken(value: nil)
        self.http = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration,
            backgroundActivityLogger: logger)
    }

    /// The namespace of the configuration's context, or the pod's own namespace in-cluster.
    public var defaultNamespace: String { config.namespace }

    /// Closes every connection. Call once, after the last request has finished (see the type's caveats).
    public func shutdown() async throws {
        try await http.shutdown()
    }

    // MARK: - KubeAPI

    public func get(_ resource: ResourceType, namespace: String?, name: String) async throws -> Data {
        try await send(.get(resource, namespace: namespace, name: name))
    }

    public func list(_ resource: ResourceType, namespace: String?, options: ListOptions) async throws -> Data {
        try await send(.list(resource, namespace: namespace, options: options))
    }

    public func create(_ resource: ResourceType, namespace: String?, body: Data) async throws -> Data {
        try await send(.create(resource, namespace: namespace, body: body))
    }

    public func replace(
        _ resource: ResourceType, namespace: String?, name: String, subresource: String?, body: Data
    ) async throws -> Data {
        try await send(.replace(resource, namespace: namespace, name: name, subresource: subresource, body: body))
    }

    public func patch(
        _ resource: ResourceType, namespace: String?, name: String, subresource: String?, patch: PatchRequest
    ) async throws -> Data {
        try await send(.patch(resource, namespace: namespace, name: name, subresource: subresource, patch: patch))
    }

    public func delete(
        _ resource: ResourceType, namespace: String?, name: String, options: DeleteOptions
    ) async throws {
        _ = try await send(try .delete(resource, namespace: namespace, name: name, options: options))
    }

    public func watch(
        _ resource: ResourceType, namespace: String?, options: WatchOptions,
        onLine: @Sendable (Data) async throws -> Void
    ) async throws {
        let request = KubeRequest.watch(resource, namespace: namespace, options: options)
        let idle = self.options.watchIdleTimeout(forServerTimeout: options.timeoutSeconds)
        let clock = self.clock  // opened as `some Clock` from a local (see `send`)
        try await stream(request, idleTimeout: idle, clock: clock, onLine: onLine)
    }
}
