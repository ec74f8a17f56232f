import ArgumentParser
import Foundation
import KubeCore
import Logging

/// Log level and format, validated once.
struct LoggingSettings: Sendable {
    enum Format: String, Sendable { case text, json }

    var level: Logger.Level
    var format: Format

    init(level: String, format: String) throws {
        guard let level = Logger.Level(rawValue: level.lowercased()) else {
            throw ValidationError(
                "unknown log level \(level); use trace, debug, info, notice, warning, error or critical")
        }
        guard let format = Format(rawValue: format.lowercased()) else {
            throw ValidationError("unknown log format \(format); use text or json")
        }
        self.level = level
        self.format = format
    }

    /// Installs the process-wide log handler (once, at start-up).
    func bootstrap() {
        let level = self.level
        switch format {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        }
    }
}

/// One JSON object per line on standard error: `time`, `level`, `logger`, `msg`, `module` (the Swift module), then
/// the metadata (whose `source` is the exporter's source URL).
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            fields[key] = "\(value)"
        }
        fields["time"] = KubeTime.format(Date(), microseconds: true)
        fields["level"] = event.level.rawValue
        fields["logger"] = label
        fields["msg"] = "\(event.message)"
        fields["module"] = event.source
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(fields) else { return }
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }
}

/// `--log-level` and `--log-format`, shared by every command that runs a service.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical (env LOG_LEVEL).")
    var logLevel: String?

    @Option(help: "Log format: text or json (env LOG_FORMAT).")
    var logFormat: String?

    /// Flags win over the environment, which wins over `defaultLevel`/`text`.
    func settings(environment: [String: String], defaultLevel: String = "info") throws -> LoggingSettings {
        try LoggingSettings(
            level: logLevel ?? environment["LOG_LEVEL"] ?? defaultLevel,
            format: logFormat ?? environment["LOG_FORMAT"] ?? "text")
    }
}
