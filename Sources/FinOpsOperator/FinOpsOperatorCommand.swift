import ArgumentParser

/// `finops-operator`: one binary, several jobs (see docs/architecture.md).
@main
struct FinOpsOperatorCommand: AsyncParsableCommand {
    /// The release; the Helm chart's `appVersion` and the image's version label say the same (checked by
    /// Tests/Chart/chart.sh and Tests/Image/image-check.sh).
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "finops-operator",
        abstract: "Turns cloud and cluster cost data into FOCUS, driven by finops.krateo.io custom resources.",
        version: version,
        subcommands: [
            RunCommand.self, ExporterCommand.self, ValidateCommand.self, LoadCommand.self, ConvertCommand.self,
            LocalCommand.self,
        ])
}
