import FinOpsAPI
import KubeCore

/// What each referenced configuration kind checks: its own spec, then the objects it points at.
public enum ConfigEvaluations {
    /// How often a usable database is checked again (a failing one: ``databaseRetry``).
    public static let databaseRecheck: Duration = .seconds(300)
    public static let databaseRetry: Duration = .seconds(30)

    /// The spec and its Secrets; with a `checker`, then a connection and a trivial query.
    public static func databaseConfig(
        _ object: DatabaseConfig, _ caches: FinOpsCaches, checker: (any DatabaseChecking)? = nil
    ) -> ConfigReconciler<DatabaseConfig>.Evaluation {
        var evaluation = ConfigReconciler<DatabaseConfig>.Evaluation()
        do {
            let target = try object.spec.validated(defaultNamespace: object.metadata.namespace ?? "default")
            for (field, secret) in target.secrets {
                evaluation.check.secret(secret.secret, requiredKeys: [secret.key], field: field, in: caches)
            }
            if let checker {
                let database = ResolvedDatabase(key: object.key, target: target)
                evaluation.probe = {
                    let check = await checker.check(database)
                    return .init(
                        ready: check.usable, reason: check.reason, message: check.message,
                        recheckAfter: check.usable ? databaseRecheck : databaseRetry)
                }
            }
        } catch {
            evaluation.invalid = error
        }
        return evaluation
    }

    public static func providerConfig(_ object: ProviderConfig, _ caches: FinOpsCaches)
        -> ConfigReconciler<ProviderConfig>.Evaluation
    {
        var evaluation = ConfigReconciler<ProviderConfig>.Evaluation()
        do {
            let keys = try object.spec.resourceConfigs(defaultNamespace: object.metadata.namespace ?? "default")
            for (index, key) in keys.enumerated() {
                _ = evaluation.check.object(key, field: "spec.resourcesRef[\(index)]", find: caches.resourceConfig)
            }
        } catch {
            evaluation.invalid = error
        }
        return evaluation
    }

    public static func resourceConfig(_ object: ResourceConfig, _ caches: FinOpsCaches)
        -> ConfigReconciler<ResourceConfig>.Evaluation
    {
        var evaluation = ConfigReconciler<ResourceConfig>.Evaluation()
        do {
            let keys = try object.spec.metricConfigs(defaultNamespace: object.metadata.namespace ?? "default")
            for (index, key) in keys.enumerated() {
                _ = evaluation.check.object(key, field: "spec.metricsRef[\(index)]", find: caches.metricConfig)
            }
        } catch {
            evaluation.invalid = error
        }
        return evaluation
    }

    public static func metricConfig(_ object: MetricConfig, _ caches: FinOpsCaches)
        -> ConfigReconciler<MetricConfig>.Evaluation
    {
        var evaluation = ConfigReconciler<MetricConfig>.Evaluation()
        do {
            let metric = try object.spec.normalized(defaultNamespace: object.metadata.namespace ?? "default")
            if let endpoint = metric.request?.endpoint {
                evaluation.check.secret(
                    endpoint, requiredKeys: ExporterScraperResolver.endpointRequiredKeys,
                    field: "spec.endpoint.resourcePrefixAPI.endpointRef", in: caches)
            }
        } catch {
            evaluation.invalid = error
        }
        return evaluation
    }
}
