import FinOpsAPI
import FinOpsControllers
import Foundation
import KubeCore

/// The objects scenario tests create, in the `finops` namespace.
///
/// Every Secret value contains `SECRETVALUE` and is listed in ``secretValues``, so that the leak test can search
/// every status, Event, ConfigMap and log line for them (and for their base64 form, as the API stores them).
enum Fixture {
    static let namespace = "finops"

    /// The current-shape ExporterScraperConfig most scenarios use.
    static let escKey = ObjectKey(namespace: namespace, name: "costs")
    /// The older-shape ExporterScraperConfig.
    static let olderKey = ObjectKey(namespace: namespace, name: "legacy-costs")

    static let endpointServerURL = "https://SECRETVALUE-endpoint-4b1d.example.com"
    static let endpointToken = "SECRETVALUE-endpoint-token-9f2e"
    static let databasePassword = "SECRETVALUE-db-password-77a1"
    static let bearerToken = "SECRETVALUE-bearer-token-3c5d"
    static let metricToken = "SECRETVALUE-metric-token-1e0f"

    /// Every Secret value a fixture holds.
    static let secretValues = [endpointServerURL, endpointToken, databasePassword, bearerToken, metricToken]

    static func key(_ name: String) -> ObjectKey { ObjectKey(namespace: namespace, name: name) }

    /// The key of a child of `owner`, e.g. `child(escKey, ExporterChildren.deploymentName)`.
    static func child(_ owner: ObjectKey, _ name: (String) -> String) -> ObjectKey {
        ObjectKey(namespace: owner.namespace, name: name(owner.name))
    }

    // MARK: - Secrets

    static func secret(_ name: String, _ values: [String: String]) -> core.v1.Secret {
        core.v1.Secret(
            metadata: ObjectMeta(name: name, namespace: namespace), data: values.mapValues { Data($0.utf8) })
    }

    /// An endpoint Secret in Krateo's convention (`server-url`, `token`).
    static func endpointSecret(_ name: String = "cost-endpoint") -> core.v1.Secret {
        secret(name, ["server-url": endpointServerURL, "token": endpointToken])
    }

    static func passwordSecret(_ name: String = "db-password", key: String = "password") -> core.v1.Secret {
        secret(name, [key: databasePassword])
    }

    static func bearerTokenSecret(_ name: String = "bearer-token") -> core.v1.Secret {
        secret(name, ["token": bearerToken])
    }

    // MARK: - Configs

    static func databaseConfig(
        _ name: String = "db", secret: String = "db-password", key: String = "password"
    ) -> DatabaseConfig {
        DatabaseConfig(
            metadata: ObjectMeta(name: name, namespace: namespace),
            spec: DatabaseConfigSpec(username: "finops", passwordSecretRef: SecretKeyRef(name: secret, key: key)))
    }

    static func providerConfig(_ name: String = "azure", resources: [String] = ["vms"]) -> ProviderConfig {
        ProviderConfig(
            metadata: ObjectMeta(name: name, namespace: namespace),
            spec: ProviderConfigSpec(resourcesRef: resources.map { ObjectRef(name: $0) }))
    }

    static func resourceConfig(_ name: String = "vms", metrics: [String] = ["cpu"]) -> ResourceConfig {
        ResourceConfig(
            metadata: ObjectMeta(name: name, namespace: namespace),
            spec: ResourceConfigSpec(
                resourceFocusName: "Virtual machine", metricsRef: metrics.map { ObjectRef(name: $0) }))
    }

    static func metricConfig(
        _ name: String = "cpu", timespan: String = "day", endpointSecret: String? = nil
    ) -> MetricConfig {
        MetricConfig(
            metadata: ObjectMeta(name: name, namespace: namespace),
            spec: MetricConfigSpec(
                metricName: "Percentage CPU",
                endpoint: MetricEndpointSpec(
                    resourcePrefixAPI: endpointSecret.map { APIRequest(verb: "GET", endpointRef: ObjectRef(name: $0)) },
                    resourceSuffix: "/providers/microsoft.insights/metrics?metricnames=%s&timespan=%s&interval=%s"),
                timespan: timespan, interval: "PT1H"))
    }

    // MARK: - ExporterScraperConfigs

    /// Current shape: `api` with an `endpointRef`, `pollingInterval`; scraped into a table with `database`
    /// unless it is `nil`.
    static func currentESC(
        _ name: String = escKey.name, pollingInterval: String = "1h", endpoint: String = "cost-endpoint",
        database: String? = "db", provider: String? = nil
    ) -> ExporterScraperConfig {
        ExporterScraperConfig(
            metadata: ObjectMeta(name: name, namespace: namespace),
            spec: ExporterScraperConfigSpec(
                exporterConfig: ExporterConfigSpec(
                    provider: provider.map { ObjectRef(name: $0) },
                    api: APIRequest(
                        path: "/subscriptions/<subscription_id>/costs", verb: "GET", headers: ["Accept: text/csv"],
                        endpointRef: ObjectRef(name: endpoint)),
                    metricType: "cost", pollingInterval: pollingInterval,
                    additionalVariables: ["subscription_id": "00000000-0000-0000-0000-000000000000"]),
                scraperConfig: database.map {
                    ScraperConfigSpec(
                        tableName: "costs", scraperDatabaseConfigRef: ObjectRef(name: $0), pollingInterval: "1h")
                }))
    }

    /// Older shape: `url`, `bearer-token` authentication, `pollingIntervalHours`.
    static func olderESC(_ name: String = olderKey.name, token: String = "bearer-token") -> ExporterScraperConfig {
        ExporterScraperConfig(
            metadata: ObjectMeta(name: name, namespace: namespace),
            spec: ExporterScraperConfigSpec(
                exporterConfig: ExporterConfigSpec(
                    url: "https://management.azure.com/subscriptions/<subscription_id>/costs",
                    requireAuthentication: true, authenticationMethod: "bearer-token",
                    bearerToken: SecretKeyRef(name: token, key: "token"), metricType: "cost",
                    pollingIntervalHours: 2,
                    additionalVariables: ["subscription_id": "00000000-0000-0000-0000-000000000000"]),
                scraperConfig: ScraperConfigSpec(
                    tableName: "legacy_costs", scraperDatabaseConfigRef: ObjectRef(name: "db"), pollingIntervalHours: 2)
            ))
    }
}
