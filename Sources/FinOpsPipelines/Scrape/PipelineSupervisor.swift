import FinOpsAPI
import Foundation
import KubeCore
import KubeRuntime
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Owns the in-process pipelines of every ExporterScraperConfig: per owner a ``ScrapePipeline`` when it asks for
/// scraping and an ``ExportPipeline`` when it asks for FOCUS files, started, restarted on a changed spec and stopped
/// as the controller says.
///
/// Pipelines run only while ``run()`` runs (the operator runs it with the controllers, so only the leader scrapes);
/// before, and after it returns, ``ensure(_:spec:)`` only records what is wanted and the next ``run()`` starts it.
/// Without a runner (controller tests) nothing ever runs. Progress changes wake the owner's reconcile, which copies
/// ``progress(of:)`` into its status.
public final class PipelineSupervisor: PipelineSupervising, Service {
    private struct Entry {
        var spec: ResolvedExporterScraper
        var task: Task<Void, Never>?
        var generation: Int
        var progress: PipelineProgress?
        var exportProgress: ExportProgress?
    }

    private struct State {
        var running = false
        var entries: [ObjectKey: Entry] = [:]
        var nextGeneration = 0
    }

    private let state = Mutex(State())
    private let wake = Mutex<(@Sendable (ObjectKey) -> Void)?>(nil)
    private let runner: (any ScrapeRunning)?
    private let exporter: (any ExportRunning)?
    private let schedule: ScrapeSchedule
    private let clock: AnyClock
    private let metricsFactory: (any MetricsFactory)?
    private let logger: Logger

    /// - Parameter metricsFactory: where the pipelines' metrics go; `nil` means the bootstrapped `MetricsSystem`.
    public init(
        runner: (any ScrapeRunning)? = nil, exporter: (any ExportRunning)? = nil, schedule: ScrapeSchedule = .init(),
        clock: AnyClock = .continuous, metricsFactory: (any MetricsFactory)? = nil, logger: Logger
    ) {
        self.runner = runner
        self.exporter = exporter
        self.schedule = schedule
        self.clock = clock
        self.metricsFactory = metricsFactory
        self.logger = logger
    }

    private var scrapeMetrics: ScrapeMetrics {
        ScrapeMetrics(
            now: { [clock] in clock.wallNow().timeIntervalSince1970 },
            factory: metricsFactory ?? MetricsSystem.factory)
    }

    private var exportMetrics: ExportMetrics { ExportMetrics(factory: metricsFactory ?? MetricsSystem.factory) }

    public func setWake(_ wake: @escaping @Sendable (ObjectKey) -> Void) { self.wake.withLock { $0 = wake } }

    public func ensure(_ key: ObjectKey, spec: ResolvedExporterScraper) async {
        let (previous, replaced) = state.withLock { state -> (ResolvedExporterScraper?, Task<Void, Never>?) in
            let previous = state.entries[key]
            if let previous, previous.spec == spec, previous.task != nil || !state.running { return (spec, nil) }
            state.nextGeneration += 1
            var entry = Entry(
                spec: spec, task: nil, generation: state.nextGeneration, progress: previous?.progress,
                exportProgress: previous?.exportProgress)
            if state.running { entry.task = start(entry, key: key) }
            state.entries[key] = entry
            return (previous?.spec, previous?.task)
        }
        if let replaced {
            replaced.cancel()
            await replaced.value
        }
        if let previous, previous != spec {
            // A pipeline the new spec drops is stopped for good: its gauges go.
            if previous.wantsScrape && !spec.wantsScrape { scrapeMetrics.forget(owner: key) }
            if previous.wantsExport && !spec.wantsExport { exportMetrics.forget(owner: key) }
        }
        if previous != spec {
            logger.info(
                previous == nil ? "pipelines wanted" : "pipelines' spec changed",
                metadata: ["object": "\(key)"])
        }
    }

    public func stop(_ key: ObjectKey) async {
        guard let entry = state.withLock({ $0.entries.removeValue(forKey: key) }) else { return }
        entry.task?.cancel()
        await entry.task?.value
        scrapeMetrics.forget(owner: key)
        exportMetrics.forget(owner: key)
        logger.info("pipelines stopped", metadata: ["object": "\(key)"])
    }

    public func progress(of key: ObjectKey) -> PipelineProgress? { state.withLock { $0.entries[key]?.progress } }

    public func exportProgress(of key: ObjectKey) -> ExportProgress? {
        state.withLock { $0.entries[key]?.exportProgress }
    }

    /// The specs of the pipelines currently wanted, by owner.
    public var wantedPipelines: [ObjectKey: ResolvedExporterScraper] {
        state.withLock { $0.entries.mapValues(\.spec) }
    }

    /// Runs the wanted pipelines until graceful shutdown or cancellation, then stops them all (a load in flight
    /// rolls back) and returns: stopping is never an error.
    public func run() async {
        state.withLock { state in
            state.running = true
            for (key, entry) in state.entries where entry.task == nil {
                state.entries[key]?.task = start(entry, key: key)
            }
        }
        try? await gracefulShutdown()
        let tasks = state.withLock { state -> [Task<Void, Never>] in
            state.running = false
            var tasks: [Task<Void, Never>] = []
            for key in state.entries.keys {
                if let task = state.entries[key]?.task { tasks.append(task) }
                state.entries[key]?.task = nil
            }
            return tasks
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Starts `entry`'s pipelines (both in one task); called with the state locked.
    private func start(_ entry: Entry, key: ObjectKey) -> Task<Void, Never>? {
        let generation = entry.generation
        var scrape: ScrapePipeline?
        if let runner, entry.spec.wantsScrape {
            scrape = ScrapePipeline(
                spec: entry.spec, runner: runner, schedule: schedule, clock: clock,
                metrics: scrapeMetrics,
                report: { [weak self] progress in
                    self?.reported(key: key, generation: generation) { $0.progress = progress }
                },
                logger: logger)
        }
        var export: ExportPipeline?
        if let exporter, entry.spec.wantsExport {
            export = ExportPipeline(
                spec: entry.spec, runner: exporter, schedule: schedule, clock: clock, metrics: exportMetrics,
                report: { [weak self] progress in
                    self?.reported(key: key, generation: generation) { $0.exportProgress = progress }
                },
                logger: logger)
        }
        guard scrape != nil || export != nil else { return nil }
        return Task {
            await withTaskGroup(of: Void.self) { group in
                if let scrape { group.addTask { await scrape.run() } }
                if let export { group.addTask { await export.run() } }
            }
        }
    }

    /// Applies a pipeline's report to its entry, if it is still the current one, and wakes the owner on a change.
    private func reported(key: ObjectKey, generation: Int, _ change: (inout Entry) -> Void) {
        let changed = state.withLock { state -> Bool in
            guard var entry = state.entries[key], entry.generation == generation else { return false }
            let before = (entry.progress, entry.exportProgress)
            change(&entry)
            guard before != (entry.progress, entry.exportProgress) else { return false }
            state.entries[key] = entry
            return true
        }
        if changed { wake.withLock { $0 }?(key) }
    }
}
