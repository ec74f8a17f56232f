import ArgumentParser
import FinOpsAPI
import FinOpsControllers
import FinOpsPipelines
import Foundation
import KubeCore
import KubeRuntime

/// `finops-operator run`: the operator. Flags win over environment variables, which win over defaults.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the operator: controllers, leader election, metrics and health endpoints.")

    @Option(help: "Path of a kubeconfig file (default: KUBECONFIG, then in-cluster, then ~/.kube/config).")
    var kubeconfig: String?

    @Option(help: "kubeconfig context to use (default: current-context).")
    var context: String?

    @Option(help: "Comma-separated namespaces to watch; empty or '*' for all (env WATCH_NAMESPACES).")
    var namespaces: String?

    @Option(help: "Take a Lease before reconciling, so that one replica is active (true|false).")
    var leaderElect: Bool = true

    @Option(help: "Namespace of the leader Lease (env POD_NAMESPACE, else 'default').")
    var leaderElectionNamespace: String?

    @Option(help: "Name of the leader Lease.")
    var leaderElectionID = "finops-operator-leader"

    @Option(help: "Address of /metrics.")
    var metricsBindAddress = "0.0.0.0:8080"

    @Option(help: "Address of /healthz and /readyz.")
    var healthProbeBindAddress = "0.0.0.0:8081"

    @Option(help: "Concurrent reconciles of ExporterScraperConfigs.")
    var workers = 8

    @Option(help: "Image of exporter pods (env EXPORTER_IMAGE).")
    var exporterImage: String?

    @Option(help: "Image pull policy of exporter pods.")
    var exporterImagePullPolicy = "IfNotPresent"

    @Option(help: "Service account of exporter pods (env EXPORTER_SERVICE_ACCOUNT).")
    var exporterServiceAccount: String?

    @Option(
        help: ArgumentHelp(
            "PostgreSQL server of DatabaseConfigs that name no server (Krateo's shape: user name and password only); "
                + "without it they use the embedded SQLite database (env DEFAULT_DATABASE_HOST)."))
    var defaultDatabaseHost: String?

    @Option(help: "Port of --default-database-host.")
    var defaultDatabasePort = PostgreSQLTarget.defaultPort

    @Option(help: "Database name on --default-database-host (default: the DatabaseConfig's user name).")
    var defaultDatabaseName: String?

    @Option(help: "sslmode towards --default-database-host: disable, require, verify-ca or verify-full.")
    var defaultDatabaseSslmode = "disable"

    @Option(help: "Directory of the embedded SQLite databases, one file per DatabaseConfig (env DATA_DIR).")
    var dataDir: String?

    @Option(
        help: ArgumentHelp(
            "Base URL where the scrape pipelines reach exporters, with {name}, {service} and {namespace} of the "
                + "ExporterScraperConfig; set it when the operator runs outside the cluster (env EXPORTER_URL).",
            valueName: "template"))
    var exporterUrl: String?

    @OptionGroup var logging: LoggingOptions

    func configuration(environment: [String: String]) throws -> RunConfiguration {
        guard let metrics = HostPort(metricsBindAddress) else {
            throw ValidationError("--metrics-bind-address must be host:port, got \(metricsBindAddress)")
        }
        guard let health = HostPort(healthProbeBindAddress) else {
            throw ValidationError("--health-probe-bind-address must be host:port, got \(healthProbeBindAddress)")
        }
        guard workers > 0 else { throw ValidationError("--workers must be at least 1") }
        let logging = try self.logging.settings(environment: environment)
        guard let sslMode = PostgreSQLTarget.SSLMode(rawValue: defaultDatabaseSslmode) else {
            throw ValidationError(
                "--default-database-sslmode must be disable, require, verify-ca or verify-full, got "
                    + defaultDatabaseSslmode)
        }
        let podName = environment["POD_NAME"] ?? ProcessInfo.processInfo.hostName
        let suffix = String(UInt32.random(in: .min ... .max), radix: 36)
        let exporterURL = exporterUrl ?? environment["EXPORTER_URL"] ?? ExporterAddress.inClusterTemplate
        return RunConfiguration(
            kubeconfig: kubeconfig, context: context,
            scope: NamespaceScope(parsing: namespaces ?? environment["WATCH_NAMESPACES"]),
            leaderElection: leaderElect,
            leaseKey: ObjectKey(
                namespace: leaderElectionNamespace ?? environment["POD_NAMESPACE"] ?? "default", name: leaderElectionID),
            identity: "\(podName)_\(suffix)",
            metricsAddress: metrics, healthAddress: health, workers: workers,
            exporterPod: ExporterPodSettings(
                image: exporterImage ?? environment["EXPORTER_IMAGE"]
                    ?? "ghcr.io/finops-operator/finops-operator:latest",
                imagePullPolicy: exporterImagePullPolicy,
                serviceAccountName: exporterServiceAccount ?? environment["EXPORTER_SERVICE_ACCOUNT"],
                urlTemplate: exporterURL),
            databases: DatabaseConnector.Defaults(
                host: defaultDatabaseHost ?? environment["DEFAULT_DATABASE_HOST"], port: defaultDatabasePort,
                database: defaultDatabaseName, sslMode: sslMode,
                dataDirectory: dataDir ?? environment["DATA_DIR"] ?? "/var/lib/finops-operator"),
            logging: logging)
    }

    func run() async throws {
        let config = try configuration(environment: ProcessInfo.processInfo.environment)
        try await OperatorApplication(configuration: config).run()
    }
}
