import ArgumentParser

/// `finops-operator`: one binary, several jobs (see docs/architecture.md).
@main
struct FinOpsOperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finops-operator",
        abstract: "Turns cloud and cluster cost data into FOCUS, driven by finops.krateo.io custom resources.",
        subcommands: [
            RunCommand.self, ExporterCommand.self, ValidateCommand.self, LoadCommand.self, ConvertCommand.self,
            LocalCommand.self,
        ])
}
