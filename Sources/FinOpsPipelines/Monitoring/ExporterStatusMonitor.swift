import FinOpsAPI
import Foundation
import KubeCore
import KubeRuntime
import Logging
import ServiceLifecycle
import Synchronization

/// Reads every watched exporter's `/status` at an interval and turns its last poll into ``SourceHealth``; a change
/// wakes the owner's reconcile, which writes the `SourceHealthy` condition.
///
/// Runs while the operator leads (it is one of the controllers' services). A newly watched exporter is read at once.
public final class ExporterStatusMonitor: ExporterMonitoring, Service {
    /// Fetches a URL's body; production uses AsyncHTTPClient, tests a closure.
    public typealias Fetch = @Sendable (String) async throws -> Data

    struct Entry {
        var url: String
        var health: SourceHealth?
    }

    private let entries = Mutex<[ObjectKey: Entry]>([:])
    private let wake = Mutex<(@Sendable (ObjectKey) -> Void)?>(nil)
    private let kicks: AsyncStream<Void>.Continuation
    private let kickStream: AsyncStream<Void>
    private let interval: Duration
    private let clock: AnyClock
    private let fetch: Fetch
    private let logger: Logger

    public init(interval: Duration = .seconds(30), clock: AnyClock, fetch: @escaping Fetch, logger: Logger) {
        (kickStream, kicks) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.interval = interval
        self.clock = clock
        self.fetch = fetch
        self.logger = logger
    }

    public func setWake(_ wake: @escaping @Sendable (ObjectKey) -> Void) { self.wake.withLock { $0 = wake } }

    public func watch(_ key: ObjectKey, statusURL: String) async {
        let isNew = entries.withLock { entries in
            if entries[key]?.url == statusURL { return false }
            entries[key] = Entry(url: statusURL, health: nil)
            return true
        }
        if isNew { kicks.yield() }
    }

    public func forget(_ key: ObjectKey) async { _ = entries.withLock { $0.removeValue(forKey: key) } }

    public func sourceHealth(of key: ObjectKey) -> SourceHealth? { entries.withLock { $0[key]?.health } }

    /// Reads until graceful shutdown or cancellation, and then returns: stopping is never an error.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await _ in self.kickStream { await self.checkAll(onlyNew: true) }
            }
            group.addTask {
                while (try? await self.clock.sleep(for: self.interval)) != nil {
                    await self.checkAll(onlyNew: false)
                }
            }
            try? await gracefulShutdown()
            self.kicks.finish()
            group.cancelAll()
        }
    }

    /// Reads the watched exporters' status (only those never read, with `onlyNew`).
    func checkAll(onlyNew: Bool) async {
        let targets = entries.withLock { entries in
            entries.filter { !onlyNew || $0.value.health == nil }.map { ($0.key, $0.value.url) }
        }
        for (key, url) in targets {
            let health = await check(url)
            let changed = entries.withLock { entries -> Bool in
                guard entries[key]?.url == url, entries[key]?.health != health else { return false }
                entries[key]?.health = health
                return true
            }
            if changed { wake.withLock { $0 }?(key) }
        }
    }

    func check(_ url: String) async -> SourceHealth {
        let data: Data
        do { data = try await fetch(url) } catch {
            return SourceHealth(
                status: .unknown, reason: ConditionReason.exporterStatusUnavailable,
                message: "The exporter's status at \(url) cannot be read: \(error).")
        }
        guard let report = try? ExporterStatusReport.decode(data) else {
            return SourceHealth(
                status: .unknown, reason: ConditionReason.exporterStatusUnavailable,
                message: "The exporter at \(url) answered something that is not a status report.")
        }
        return Self.health(from: report)
    }

    /// The condition for a status report.
    public static func health(from report: ExporterStatusReport) -> SourceHealth {
        guard let poll = report.lastPoll else {
            return SourceHealth(
                status: .unknown, reason: ConditionReason.noPollYet,
                message: "The exporter has not finished its first poll of \(report.source).")
        }
        if poll.succeeded, let served = report.served {
            var message = "Polled \(report.source): \(served.rows) rows"
            if let version = served.focusVersion { message += " (FOCUS \(version))" }
            if served.rejectedRows > 0 { message += ", \(served.rejectedRows) rows rejected" }
            if served.validationErrors > 0 { message += ", \(served.validationErrors) FOCUS violations" }
            if served.droppedSeries > 0 { message += ", \(served.droppedSeries) series over the cap" }
            if let fallbacks = served.fallbacks, !fallbacks.isEmpty {
                message += "; fallbacks used: "
                message += fallbacks.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(
                    separator: "; ")
                return SourceHealth(status: .true, reason: ConditionReason.sourceDegraded, message: message + ".")
            }
            return SourceHealth(status: .true, reason: ConditionReason.sourcePolled, message: message + ".")
        }
        var message = poll.message ?? "The last poll failed."
        if let served = report.served {
            message += " Still serving the \(served.rows) rows of poll \(served.pollID)."
        }
        return SourceHealth(status: .false, reason: poll.reason ?? "SourceFailed", message: message)
    }
}
