import FinOpsControllers
import FinOpsPipelines
import KubeCore
import KubeRuntime

/// Everything `finops-operator run` is configured with, read once from flags and environment by ``RunCommand``.
struct RunConfiguration: Sendable {
    /// Explicit kubeconfig file; `nil` uses `KUBECONFIG`, then in-cluster, then `~/.kube/config`.
    var kubeconfig: String?
    /// kubeconfig context; `nil` uses `current-context`.
    var context: String?
    /// Namespaces to watch (`WATCH_NAMESPACES`; empty = all).
    var scope: NamespaceScope
    /// Whether to take a Lease before reconciling (default true; turn off only with one replica).
    var leaderElection: Bool
    /// Lease location; the namespace defaults to the pod's own (`POD_NAMESPACE`).
    var leaseKey: ObjectKey
    /// This replica's identity in the Lease (`POD_NAME` plus a random suffix).
    var identity: String
    /// `host:port` of `/metrics`.
    var metricsAddress: HostPort
    /// `host:port` of `/healthz` and `/readyz`.
    var healthAddress: HostPort
    /// Concurrent reconciles of ExporterScraperConfigs.
    var workers: Int
    /// How exporter pods are run.
    var exporterPod: ExporterPodSettings
    /// Where DatabaseConfigs without a server go: the default PostgreSQL server or the embedded SQLite files.
    var databases: DatabaseConnector.Defaults
    var logging: LoggingSettings
}

/// A `host:port` listen address.
struct HostPort: Sendable, Hashable, CustomStringConvertible {
    var host: String
    var port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `:port` (all interfaces) or `[v6]:port`.
    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    var description: String { "\(host):\(port)" }
}
