import KubeCore

/// How the ExporterScraperConfig reconciler learns whether an exporter's source polls succeed, without importing the
/// pipelines (FinOpsPipelines' `ExporterStatusMonitor` implements it by reading each exporter's `/status`).
///
/// Guarantees asked of implementations: ``watch(_:statusURL:)`` is idempotent; a change of ``sourceHealth(of:)``
/// wakes the owner's reconcile; nothing here writes to the API server.
public protocol ExporterMonitoring: Sendable {
    /// Starts or keeps watching the exporter of `key` at `statusURL`.
    func watch(_ key: ObjectKey, statusURL: String) async
    /// Stops watching `key`.
    func forget(_ key: ObjectKey) async
    /// What the exporter said last; `nil` before it was asked.
    func sourceHealth(of key: ObjectKey) -> SourceHealth?
    /// Sets what to call when the health of a key changes (the controller's enqueue).
    func setWake(_ wake: @escaping @Sendable (ObjectKey) -> Void)
}

/// The `SourceHealthy` condition's content.
public struct SourceHealth: Sendable, Hashable {
    public var status: Condition.Status
    public var reason: String
    /// A sentence without secret values (the exporter's messages never hold them).
    public var message: String

    public init(status: Condition.Status, reason: String, message: String) {
        self.status = status
        self.reason = reason
        self.message = message
    }
}

/// No monitoring: `SourceHealthy` is never set.
public struct NoExporterMonitoring: ExporterMonitoring {
    public init() {}
    public func watch(_ key: ObjectKey, statusURL: String) async {}
    public func forget(_ key: ObjectKey) async {}
    public func sourceHealth(of key: ObjectKey) -> SourceHealth? { nil }
    public func setWake(_ wake: @escaping @Sendable (ObjectKey) -> Void) {}
}
