import ArgumentParser
import DatabaseSinks
import FinOpsPipelines
import Foundation
import Logging
import NIOCore

/// `finops-operator load FILE --dsn … --table …`: one poll's worth of rows from a file into a database table, through
/// the same sink the operator's scrape pipelines use.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load a FOCUS (or usage, or generic) CSV file, plain or .gz, into a PostgreSQL or SQLite table.",
        discussion: """
            finops-operator load costs.csv.gz --dsn 'postgres://finops@db:5432/finops?sslmode=verify-full' --table focus
            finops-operator load costs.csv --dsn sqlite:///var/lib/finops/costs.db --table focus

            The file is one poll: its rows are upserted by their row key, exactly once, in one transaction. The poll \
            id is a hash of the file's bytes, so loading the same file again writes nothing (reported as already \
            loaded) and an edited file updates the rows that changed. The password comes from --password-file, else \
            the DSN, else PGPASSWORD.

            Rejected rows (a bad number, date or JSON value, a ragged row) are listed with their line and the rest \
            is loaded. Exit status: 0, also with rejected rows unless --strict is given (then 1); 2 when nothing \
            could be loaded (connection, authentication, TLS, malformed CSV, incomplete file).
            """)

    @Argument(help: "The CSV file (plain or gzip).")
    var file: String

    @Option(help: "postgres://user[:password]@host[:port]/database[?sslmode=…] or sqlite:///path/to/file.db")
    var dsn: String

    @Option(help: "The table to load into (created when missing).")
    var table: String

    @Option(help: "The kind of rows: focus, usage or generic.")
    var kind = "focus"

    @Option(help: "generic: zero-based index of the value column.")
    var valueColumn: Int?

    @Option(help: "A file holding the database password (trailing line breaks ignored).")
    var passwordFile: String?

    @Option(help: "Use this poll id instead of the file's hash.")
    var pollID: String?

    @Option(help: "The rows the file must hold; another count loads nothing.")
    var expectedRows: Int?

    @Option(help: "Rejected rows listed.")
    var samples = 20

    @Flag(help: "Exit 1 when any row was rejected.")
    var strict = false

    @Flag(help: "Print the report as one JSON object instead of text.")
    var json = false

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard ["focus", "usage", "generic"].contains(kind) else {
            throw ValidationError("--kind must be focus, usage or generic, not \(kind)")
        }
        if kind == "generic" && valueColumn == nil { throw ValidationError("--kind generic needs --value-column N") }
        if kind != "generic" && valueColumn != nil { throw ValidationError("--value-column is for --kind generic") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        try logging.settings(environment: environment).bootstrap()
        let outcome = await load(environment: environment, logger: Logger(label: "finops.load"))
        print(outcome.output)
        if outcome.exitCode != .success { throw outcome.exitCode }
    }

    /// What one `load` did: the text to print, the sink's report when the load ran, and the exit status.
    struct Outcome: Sendable {
        /// The report (text or JSON), or the reason nothing was loaded; never contains the password.
        var output: String
        /// `nil` when the load did not run or failed as a whole.
        var report: LoadReport?
        var exitCode: ExitCode
    }

    /// The command without the process around it (log set-up, standard output, exit): reads the password from
    /// `environment` (`PGPASSWORD`) when neither `--password-file` nor the DSN gives one.
    func load(environment: [String: String], logger: Logger) async -> Outcome {
        let path = file.hasPrefix("file://") ? String(file.dropFirst(7)) : file

        let settings: DatabaseSettings
        let request: LoadRequest
        do {
            settings = try databaseSettings(environment: environment)
            let id: String
            if let pollID { id = pollID } else { id = try await "file-" + FileHash.contentHash(path: path).identifier }
            let tableKind: TableKind =
                switch kind {
                case "usage": .usage
                case "generic": .generic(valueColumnIndex: valueColumn ?? 0)
                default: .focus
                }
            request = LoadRequest(
                table: try TableName(validating: table), kind: tableKind, pollID: id, expectedRows: expectedRows)
        } catch let error as DatabaseError {
            return Outcome(output: "\(path): \(error.message)", exitCode: ExitCode(2))
        } catch {
            return Outcome(output: "\(path): \(error)", exitCode: ExitCode(2))
        }

        let sink = makeDatabaseSink(settings, logger: logger, options: .init(maxRejectionSamples: max(0, samples)))
        let started = ContinuousClock.now
        let report: LoadReport
        do {
            report = try await sink.load(request, body: Gunzipping(FileChunks(path: path)))
        } catch {
            await sink.shutdown()
            return Outcome(
                output: "\(path) → \(table) (\(settings)): \(error.code.rawValue): \(error.message)",
                exitCode: ExitCode(2))
        }
        await sink.shutdown()
        let seconds = Self.seconds(ContinuousClock.now - started)
        let output =
            json
            ? Self.json(report, seconds: seconds)
            : Self.text(report, path: path, table: table, settings: settings, seconds: seconds)
        let exitCode = strict && report.rejectedCount > 0 ? ExitCode.failure : .success
        return Outcome(output: output, report: report, exitCode: exitCode)
    }

    /// The DSN, with the password from `--password-file`, or else `PGPASSWORD` when the DSN has none.
    func databaseSettings(environment: [String: String]) throws -> DatabaseSettings {
        var settings = try DatabaseSettings.parse(dsn: dsn)
        if let passwordFile {
            do {
                var text = try String(contentsOfFile: passwordFile, encoding: .utf8)
                // `"\r\n"` is one Character, so it is named beside `"\n"` and `"\r"`.
                while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
                settings.password = text
            } catch {
                throw DatabaseError(
                    .authentication, "cannot read the password file \(passwordFile): \(error.localizedDescription)")
            }
        } else if settings.password == nil, let password = environment["PGPASSWORD"] {
            settings.password = password
        }
        return settings
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func text(_ report: LoadReport, path: String, table: String, settings: DatabaseSettings, seconds: Double)
        -> String
    {
        if report.alreadyLoaded {
            return "\(path) → \(table) (\(settings)): poll \(report.pollID) already loaded; nothing written"
        }
        let rate = seconds > 0 ? Int(Double(report.rowsRead) / seconds) : 0
        var lines = [
            "\(path) → \(table) (\(settings)): poll \(report.pollID)"
                + (report.focusVersion.map { ", FOCUS \($0)" } ?? ""),
            "  rows read \(report.rowsRead), inserted \(report.rowsInserted), updated \(report.rowsUpdated), "
                + "unchanged \(report.rowsUnchanged), rejected \(report.rejectedCount) "
                + "in \(String(format: "%.2f", seconds)) s (\(rate) rows/s)",
        ]
        for rejection in report.rejected { lines.append("  rejected \(rejection)") }
        if report.rejectedCount > report.rejected.count {
            lines.append("  … and \(report.rejectedCount - report.rejected.count) more rejected rows")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: LoadReport, seconds: Double) -> String {
        struct Output: Encodable {
            var pollID: String
            var rowsRead, rowsInserted, rowsUpdated, rowsUnchanged, rejectedCount: Int
            var alreadyLoaded: Bool
            var focusVersion: String?
            var seconds: Double
            var rejected: [String]
        }
        let output = Output(
            pollID: report.pollID, rowsRead: report.rowsRead, rowsInserted: report.rowsInserted,
            rowsUpdated: report.rowsUpdated, rowsUnchanged: report.rowsUnchanged, rejectedCount: report.rejectedCount,
            alreadyLoaded: report.alreadyLoaded, focusVersion: report.focusVersion, seconds: seconds,
            rejected: report.rejected.map(\.description))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(output)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
