import FinOpsAPI
import Foundation
import KubeCore
import KubeRuntime
import KubeTesting
import ServiceLifecycle
import Synchronization

/// Local mode's progress and end: four times a second it reads every ExporterScraperConfig from the in-process API
/// (and its exporter), shows how far each got, and returns once all are settled — every part has a verdict or one
/// failed for good — or when the time limit passes, after printing the summary. Its return ends local mode (unless
/// it is told to keep running until Ctrl-C).
///
/// On a terminal the progress is a block of lines redrawn in place, with the row rate; otherwise a line is printed
/// each time a pipeline's line changes (no rates, so logs of CI runs stay short and stable).
final class LocalProgress: Service, Sendable {
    enum Display: Sendable { case terminal, lines }

    private let api: FakeKubeAPI
    private let exporters: LocalExporters
    private let display: Display
    private let timeout: Duration
    private let keepRunning: Bool
    private let clock: AnyClock
    private let summary: @Sendable (_ views: [LocalPipelineView], _ elapsed: Duration) async -> String
    private let write: @Sendable (String) -> Void
    private let result = Mutex<Bool?>(nil)

    init(
        api: FakeKubeAPI, exporters: LocalExporters, display: Display, timeout: Duration, keepRunning: Bool,
        clock: AnyClock = .continuous,
        summary: @escaping @Sendable (_ views: [LocalPipelineView], _ elapsed: Duration) async -> String,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
    ) {
        self.api = api
        self.exporters = exporters
        self.display = display
        self.timeout = timeout
        self.keepRunning = keepRunning
        self.clock = clock
        self.summary = summary
        self.write = write
    }

    /// Whether every pipeline settled and succeeded; `nil` while running.
    var succeeded: Bool? { result.withLock { $0 } }

    /// Every ExporterScraperConfig now, in name order.
    func views() -> [LocalPipelineView] {
        let objects = (try? api.objects(ExporterScraperConfig.self)) ?? []
        return objects.map { esc in
            LocalPipelineView(
                key: esc.key, conditions: esc.status?.conditions ?? [], scrape: esc.status?.scrape,
                export: esc.status?.export, exporter: exporters.report(of: esc.key))
        }.sorted { $0.key < $1.key }
    }

    func run() async throws {
        let start = clock.now
        var printed: [ObjectKey: String] = [:]
        var drawnLines = 0
        var views: [LocalPipelineView] = []
        var settled = false
        while true {
            views = self.views()
            let elapsed = start.duration(to: clock.now)
            settled = !views.isEmpty && views.allSatisfy(\.isSettled)
            switch display {
            case .terminal:
                let rows = views.reduce(0) { $0 + $1.polledRows }
                let seconds = max(
                    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 0.001)
                var block = [
                    "finops-operator local: \(views.count) pipelines, \(Self.seconds(elapsed)), "
                        + "\(LocalPipelineView.grouped(rows)) rows (\(LocalPipelineView.grouped(Int(Double(rows) / seconds))) rows/s)"
                ]
                block += views.map(\.line)
                // Up to the block's first line, then each line cleared and rewritten.
                let up = drawnLines > 0 ? "\u{1B}[\(drawnLines)F" : ""
                write(up + block.map { "\u{1B}[2K" + $0 + "\n" }.joined())
                drawnLines = block.count
            case .lines:
                for view in views where printed[view.key] != view.line {
                    printed[view.key] = view.line
                    write(view.line + "\n")
                }
            }
            if settled || elapsed >= timeout { break }
            do { try await clock.sleep(for: .milliseconds(250)) } catch { break }
        }
        var text = await summary(views, start.duration(to: clock.now))
        if views.isEmpty {
            text += "No ExporterScraperConfig was found: there is nothing to run.\n"
        } else if !settled {
            let unfinished = views.filter { !$0.isSettled }.map { "\($0.key)" }.joined(separator: ", ")
            text +=
                start.duration(to: clock.now) >= timeout
                ? "Stopped after \(Self.seconds(timeout)): \(unfinished) did not finish.\n"
                : "Stopped before \(unfinished) finished.\n"
        }
        write("\n" + text)
        result.withLock { $0 = settled && views.allSatisfy(\.succeeded) }
        if keepRunning {
            write("Still serving; Ctrl-C to stop.\n")
            try? await gracefulShutdown()
        }
    }

    /// `12.3 s`.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f s", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
