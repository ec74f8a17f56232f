import FinOpsAPI
import KubeClient
import KubeCore
import KubeRuntime
import Logging
import ServiceLifecycle

/// The informers every FinOps controller reads from, one per kind, shared.
///
/// Secrets are cached without their values (only key names), so the operator's memory never holds a password;
/// children (Deployments, ConfigMaps, Services) are watched only when they carry our `managed-by` label.
public struct FinOpsCaches: ReferenceLookup {
    public let exporterScrapers: Informer<ExporterScraperConfig>
    public let databaseConfigs: Informer<DatabaseConfig>
    public let providerConfigs: Informer<ProviderConfig>
    public let resourceConfigs: Informer<ResourceConfig>
    public let metricConfigs: Informer<MetricConfig>
    public let secrets: Informer<core.v1.Secret>
    public let deployments: Informer<apps.v1.Deployment>
    public let configMaps: Informer<core.v1.ConfigMap>
    public let services: Informer<core.v1.Service>

    public init(api: any KubeAPI, scope: NamespaceScope, clock: AnyClock, metrics: RuntimeMetrics, logger: Logger) {
        func informer<T: KubernetesObject>(
            _: T.Type, selector: String? = nil, transform: @escaping @Sendable (T) -> T = { $0 }
        ) -> Informer<T> {
            Informer(
                api: api, scope: scope, labelSelector: selector, transform: transform, clock: clock, metrics: metrics,
                logger: logger)
        }
        exporterScrapers = informer(ExporterScraperConfig.self)
        databaseConfigs = informer(DatabaseConfig.self)
        providerConfigs = informer(ProviderConfig.self)
        resourceConfigs = informer(ResourceConfig.self)
        metricConfigs = informer(MetricConfig.self)
        secrets = informer(core.v1.Secret.self, transform: Self.keysOnly)
        let managed = ExporterChildren.managedBySelector
        deployments = informer(apps.v1.Deployment.self, selector: managed)
        configMaps = informer(core.v1.ConfigMap.self, selector: managed)
        services = informer(core.v1.Service.self, selector: managed)
    }

    /// Every informer, for running them as services and for readiness.
    public var all: [any Service & Sendable] {
        [
            exporterScrapers, databaseConfigs, providerConfigs, resourceConfigs, metricConfigs, secrets, deployments,
            configMaps, services,
        ]
    }

    /// Whether every cache has listed once.
    public var isReady: Bool {
        exporterScrapers.isReady && databaseConfigs.isReady && providerConfigs.isReady && resourceConfigs.isReady
            && metricConfigs.isReady && secrets.isReady && deployments.isReady && configMaps.isReady && services.isReady
    }

    /// A Secret with every value blanked: what the cache keeps.
    @Sendable static func keysOnly(_ secret: core.v1.Secret) -> core.v1.Secret {
        var stripped = secret
        stripped.data = Dictionary(uniqueKeysWithValues: secret.keys.map { ($0, "") })
        stripped.stringData = nil
        return stripped
    }

    // MARK: - ReferenceLookup

    public func secretKeys(_ key: ObjectKey) -> Set<String>? { secrets.store.get(key)?.keys }
    public func databaseConfig(_ key: ObjectKey) -> DatabaseConfig? { databaseConfigs.store.get(key) }
    public func providerConfig(_ key: ObjectKey) -> ProviderConfig? { providerConfigs.store.get(key) }
    public func resourceConfig(_ key: ObjectKey) -> ResourceConfig? { resourceConfigs.store.get(key) }
    public func metricConfig(_ key: ObjectKey) -> MetricConfig? { metricConfigs.store.get(key) }
}
