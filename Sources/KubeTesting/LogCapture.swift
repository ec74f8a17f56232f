import Logging
import Synchronization

/// Every log line the code under test wrote, with its metadata rendered as text: what the secret-leak test searches.
///
/// Built per test (no global `LoggingSystem.bootstrap`), so parallel tests do not see each other's lines.
public final class LogCapture: Sendable {
    public struct Line: Sendable, CustomStringConvertible {
        public var level: Logger.Level
        public var message: String
        /// Handler, logger and call-site metadata merged, values rendered with `description` (an attached error
        /// under `<error>`).
        public var metadata: [String: String]

        public var description: String {
            let rendered = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "[\(level)] \(message) \(rendered)"
        }
    }

    private let lines = Mutex<[Line]>([])

    public init() {}

    /// A logger at `trace` level whose every line lands here.
    public func logger(label: String = "finops-test") -> Logger {
        var logger = Logger(label: label) { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    public var all: [Line] { lines.withLock { $0 } }

    /// Lines with this exact message whose metadata has every given key/value.
    public func count(_ message: String, where metadata: [String: String] = [:]) -> Int {
        all.count { line in
            line.message == message && metadata.allSatisfy { line.metadata[$0.key] == $0.value }
        }
    }

    fileprivate func append(_ line: Line) { lines.withLock { $0.append(line) } }
}

/// A `LogHandler` that hands each line to a ``LogCapture``.
struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        if let error = event.error { merged["<error>"] = "\(error)" }
        capture.append(
            LogCapture.Line(
                level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
    }
}
