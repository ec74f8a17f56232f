import ArgumentParser
import FinOpsAPI
import Foundation
import KubeCore

/// `finops-operator exporter`: the exporter pod's job, or a standalone exporter for one source.
struct ExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exporter",
        abstract: "Poll a cost source and serve its FOCUS rows as Prometheus metrics (/metrics) and CSV (/rows).",
        discussion: """
            In a pod: finops-operator exporter --config /config/config.yaml (the file the operator writes).
            Standalone: finops-operator exporter --source https://host/report.csv --listen 127.0.0.1:2112
                        finops-operator exporter --source file://examples/demo/focus-1.3-cost-and-usage-aws.csv.gz
            """)

    @Option(help: "The exporter configuration written by the operator (config.yaml).")
    var config: String?

    @Option(help: "Standalone: URL of a FOCUS CSV/JSON report (http, https or file://).")
    var source: String?

    @Option(help: "Standalone: file holding a bearer token for --source.")
    var bearerTokenFile: String?

    @Option(help: "Address of the HTTP server (default: all interfaces on the configuration's port, 2112).")
    var listen: String?

    @Option(help: "Standalone: time between polls, e.g. 1h, 15m.")
    var pollingInterval = "1h"

    @Option(
        help: "Labels of billed_cost: 'focus' (allowlist, rows with equal labels summed) or 'krateo' (all columns).")
    var labelMode: String?

    @Option(help: "Comma-separated FOCUS columns to use as labels in focus mode.")
    var labels: String?

    @Option(help: "Most series of billed_cost; further rows are dropped and counted.")
    var maxSeries: Int?

    @Option(help: "Attempts per poll when the source fails transiently (connection, timeout, 5xx).")
    var attempts = 4

    @Option(help: "Seconds to wait for the source's response head.")
    var responseTimeout = 120

    @Flag(help: "Poll once, print the status report as JSON and exit (non-zero when the poll failed).")
    var once = false

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (config == nil) != (source == nil) else {
            throw ValidationError("give either --config FILE or --source URL")
        }
        if let listen, HostPort(listen) == nil { throw ValidationError("--listen must be host:port, got \(listen)") }
        guard GoDuration.parse(pollingInterval).map({ $0 > .zero }) == true else {
            throw ValidationError("--polling-interval must be a duration such as 1h or 15m")
        }
    }

    /// The configuration to run: the file, or one made from the standalone flags.
    func exporterConfiguration() throws -> ExporterConfigFile {
        var file: ExporterConfigFile
        if let config {
            file = try ExporterConfigLoader.load(path: config)
        } else {
            var sourceSpec = ExporterConfigFile.Source()
            sourceSpec.url = source
            sourceSpec.tokenFilePath = bearerTokenFile
            let interval = GoDuration.parse(pollingInterval) ?? .seconds(3600)
            file = ExporterConfigFile(
                version: ExporterConfigFile.currentVersion, owner: .init(namespace: "", name: "standalone"),
                port: ExporterConfigFile.defaultPort, source: sourceSpec,
                pollingIntervalSeconds: max(1, Int(interval.components.seconds)), metricType: "cost",
                additionalVariables: [:], generic: nil, resources: [])
        }
        if labelMode != nil || labels != nil || maxSeries != nil {
            var exposition = file.exposition ?? .init()
            if let labelMode { exposition.labelMode = labelMode }
            if let labels {
                exposition.labels = labels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            if let maxSeries { exposition.maxSeries = maxSeries }
            file.exposition = exposition
        }
        return file
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let logging = try self.logging.settings(environment: environment)
        let file = try exporterConfiguration()
        let address = listen.flatMap(HostPort.init) ?? HostPort(host: "0.0.0.0", port: file.port)
        try await ExporterApplication(
            file: file, address: address, logging: logging, environment: environment, once: once,
            attempts: max(1, attempts), responseTimeout: .seconds(max(1, responseTimeout))
        ).run()
    }
}
