import ArgumentParser
import FinOpsAPI
import Foundation
import KubeCore

/// `finops-operator local DIR`: every pipeline of a directory of YAML, on this machine, with no cluster.
struct LocalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "local",
        abstract: "Run the pipelines of a directory of YAML (the same custom resources and Secrets) on this machine.",
        discussion: """
            The operator's controllers and pipelines run against an in-process API server loaded from the YAML files
            under DIRECTORY; each ExporterScraperConfig's exporter runs in this process, served under
            http://LISTEN/{namespace}/{name}/metrics (and /rows, /status). DatabaseConfigs that name no server use an
            SQLite file in --data-dir; s3:// exports are written under --data-dir/s3/<bucket>/ unless --keep-s3.
            It ends when every pipeline has polled, loaded and exported once (or failed), prints a summary and exits
            non-zero when one failed. Example: finops-operator local examples/local/
            """)

    @Argument(help: "Directory of YAML files (custom resources, Secrets, ConfigMaps, Nodes, Pods).")
    var directory: String

    @Option(help: "Directory of the SQLite databases and local exports.")
    var dataDir = "finops-local"

    @Option(help: "Address of the exporters' HTTP server.")
    var listen = "127.0.0.1:2112"

    @Flag(help: "Write s3:// exports to S3 (credentials from the environment or the export's Secret).")
    var keepS3 = false

    @Flag(help: "Keep serving the exporters' metrics after the summary, until Ctrl-C.")
    var keepRunning = false

    @Option(help: "Give up on pipelines that have not finished after this long, e.g. 10m.")
    var timeout = "10m"

    @Option(help: "Progress display: auto (redrawn on a terminal, lines otherwise), terminal or lines.")
    var progress = "auto"

    @OptionGroup var logging: LoggingOptions

    func configuration(isTerminal: Bool) throws -> LocalApplication.Configuration {
        guard let listen = HostPort(listen) else { throw ValidationError("--listen must be host:port, got \(listen)") }
        guard let timeout = GoDuration.parse(timeout), timeout > .zero else {
            throw ValidationError("--timeout must be a duration such as 10m or 90s")
        }
        let display: LocalProgress.Display
        switch progress {
        case "auto": display = isTerminal ? .terminal : .lines
        case "terminal": display = .terminal
        case "lines": display = .lines
        default: throw ValidationError("--progress must be auto, terminal or lines")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(directory) is not a directory")
        }
        return .init(
            directory: URL(fileURLWithPath: directory, isDirectory: true),
            dataDirectory: URL(fileURLWithPath: dataDir, isDirectory: true), listen: listen, keepS3: keepS3,
            keepRunning: keepRunning, timeout: timeout, display: display)
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration = try configuration(isTerminal: isatty(STDOUT_FILENO) != 0)
        // Progress goes to standard output; only warnings and errors are logged unless asked.
        try logging.settings(environment: environment, defaultLevel: "warning").bootstrap()
        let registry = MetricsSetup.bootstrap()
        let application = LocalApplication(
            configuration: configuration, operatorMetrics: { MetricsSetup.renderOperator(registry) })
        guard try await application.run() else { throw ExitCode.failure }
    }
}
