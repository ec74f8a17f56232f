import FinOpsAPI
import FinOpsPipelines
import KubeCore
import Synchronization

/// The real ``PipelineSupervisor`` with a log of the calls the ExporterScraperConfig reconciler made to it.
///
/// Every reconcile that gets past reference resolution ends with `ensure` or `stop`, and so does the reconcile of a
/// key that no longer exists: the log is how tests see that a reconcile ran (see ``ControllerHarness/barrier()``).
final class RecordingPipelines: PipelineSupervising {
    enum Call: Sendable, Hashable {
        case ensure(ObjectKey)
        case stop(ObjectKey)
    }

    let supervisor: PipelineSupervisor
    private let log = Mutex<[Call]>([])

    init(_ supervisor: PipelineSupervisor) { self.supervisor = supervisor }

    var calls: [Call] { log.withLock { $0 } }

    /// How many `ensure` calls were made for `key`: one per reconcile that reached the pipeline step with scraping.
    func ensures(of key: ObjectKey) -> Int { calls.count { $0 == .ensure(key) } }

    func ensure(_ key: ObjectKey, spec: ResolvedExporterScraper) async {
        await supervisor.ensure(key, spec: spec)
        log.withLock { $0.append(.ensure(key)) }
    }

    func stop(_ key: ObjectKey) async {
        await supervisor.stop(key)
        log.withLock { $0.append(.stop(key)) }
    }

    /// Progress a test reports in place of the supervisor's (pipelines do not run in controller tests).
    let reported = Mutex<[ObjectKey: PipelineProgress]>([:])

    func progress(of key: ObjectKey) -> PipelineProgress? {
        reported.withLock { $0[key] } ?? supervisor.progress(of: key)
    }

    /// Export progress a test reports in place of the supervisor's.
    let reportedExports = Mutex<[ObjectKey: ExportProgress]>([:])

    func exportProgress(of key: ObjectKey) -> ExportProgress? {
        reportedExports.withLock { $0[key] } ?? supervisor.exportProgress(of: key)
    }

    func setWake(_ wake: @escaping @Sendable (ObjectKey) -> Void) { supervisor.setWake(wake) }
}
