import DatabaseSinks
import FinOpsAPI

/// What one scrape of an ExporterScraperConfig's rows into its database came to.
public enum ScrapeOutcome: Sendable, Hashable {
    /// A poll was loaded (or found already loaded: ``LoadReport/alreadyLoaded``); `etag` is sent as
    /// `If-None-Match` next time.
    case loaded(LoadReport, etag: String?)
    /// The exporter still serves the poll last loaded (`304 Not Modified`).
    case notModified(etag: String)
    /// The exporter has no complete poll yet (`503`): nothing to load, not an error.
    case waiting(String)
    case failed(ScrapeFailure)
}

/// Why a scrape failed: a condition reason, a sentence (never a secret value) and whether trying again soon may help.
public struct ScrapeFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// UpperCamelCase condition reason, e.g. `DatabaseUnreachable`, `SourceUnreachable`.
    public var reason: String
    public var message: String
    /// Retried with backoff before the next interval when true; otherwise at the next interval.
    public var isRetriable: Bool

    public init(reason: String, message: String, isRetriable: Bool) {
        self.reason = reason
        self.message = message
        self.isRetriable = isRetriable
    }

    public var description: String { "\(reason): \(message)" }

    /// A database's error. An incomplete or malformed body is the source's fault, not the database's.
    public init(_ error: DatabaseError) {
        let reason =
            switch error.code {
            case .invalidInput:
                error.isRetriable
                    ? SourceError.Reason.connection.conditionReason : SourceError.Reason.payload.conditionReason
            default: DatabaseConnector.outcome(error).reason
            }
        self.init(reason: reason, message: error.message, isRetriable: error.isRetriable)
    }

    public init(_ error: SourceError) {
        self.init(reason: error.reason.conditionReason, message: error.message, isRetriable: error.isRetriable)
    }

    /// A metric label: the reason in snake case, an acronym kept whole (`DatabaseTLSFailed` →
    /// `database_tls_failed`).
    public var metricLabel: String {
        let characters = Array(reason)
        var label = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                // A word starts after a lower-case letter or digit, or at the last capital of an acronym.
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                    label.append("_")
                }
            }
            label.append(contentsOf: character.lowercased())
        }
        return label
    }
}

/// Runs one scrape; production uses ``Scraper``, tests a script.
public protocol ScrapeRunning: Sendable {
    /// Fetches the rows of `pipeline`'s source and loads them into its table. `etag` is the last loaded poll's, to
    /// skip an unchanged one. Never throws: every failure is an outcome.
    func scrape(_ pipeline: ResolvedExporterScraper, etag: String?) async -> ScrapeOutcome
}
