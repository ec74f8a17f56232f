import KubeCore

/// How the DatabaseConfig reconciler learns whether a database can be used, without importing the sinks
/// (FinOpsPipelines' `DatabaseConnector` implements it: it reads the Secrets at call time, connects and runs a
/// trivial query).
public protocol DatabaseChecking: Sendable {
    /// Connects to `database` and runs a trivial query.
    func check(_ database: ResolvedDatabase) async -> DatabaseCheck
}

/// The outcome of a ``DatabaseChecking/check(_:)``: the DatabaseConfig's `Ready` condition.
public struct DatabaseCheck: Sendable, Hashable {
    public var usable: Bool
    /// `Connected`, or why not (`DatabaseUnreachable`, `DatabaseAuthenticationFailed`, …).
    public var reason: String
    /// A sentence without secret values.
    public var message: String

    public init(usable: Bool, reason: String, message: String) {
        self.usable = usable
        self.reason = reason
        self.message = message
    }
}
