import FinOpsAPI
import KubeCore
import Logging
import Synchronization

/// Owns the in-process pipelines of every ExporterScraperConfig.
///
/// This first version keeps the set of wanted scrape pipelines and their specs (start, restart on a changed spec,
/// stop) without running them: the scrape pipeline itself arrives with the database sinks. Controllers already talk
/// to it through ``PipelineSupervising``, so that step changes no controller.
public final class PipelineSupervisor: PipelineSupervising {
    private let wanted = Mutex<[ObjectKey: ResolvedExporterScraper]>([:])
    private let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func ensure(_ key: ObjectKey, spec: ResolvedExporterScraper) async {
        let previous = wanted.withLock { $0.updateValue(spec, forKey: key) }
        if previous != spec {
            logger.info(
                previous == nil ? "scrape pipeline wanted" : "scrape pipeline spec changed",
                metadata: ["object": "\(key)"])
        }
    }

    public func stop(_ key: ObjectKey) async {
        if wanted.withLock({ $0.removeValue(forKey: key) }) != nil {
            logger.info("scrape pipeline stopped", metadata: ["object": "\(key)"])
        }
    }

    public func progress(of key: ObjectKey) -> PipelineProgress? { nil }

    /// The specs of the pipelines currently wanted, by owner.
    public var wantedPipelines: [ObjectKey: ResolvedExporterScraper] { wanted.withLock { $0 } }
}
