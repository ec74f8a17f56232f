import KubeCore

/// Follows the references of an ExporterScraperConfig: endpoint and bearer-token Secrets, the DatabaseConfig and
/// its password Secret, and the ProviderConfig → ResourceConfig → MetricConfig chain. Pure: it reads only through
/// a ``ReferenceLookup``.
///
/// Problems are split by what they block: an exporter problem (its source cannot be reached) keeps the exporter's
/// children from being changed; a scraper problem (database) only stops the in-process scrape.
public struct ExporterScraperResolver: Sendable {
    /// Keys an endpoint Secret must have.
    public static let endpointRequiredKeys = ["server-url"]

    public struct Result: Sendable {
        /// Set when nothing blocks the exporter; `database` is `nil` if the scraper part has problems.
        public var resolved: ResolvedExporterScraper?
        public var exporterProblems: [ReferenceProblem]
        public var scraperProblems: [ReferenceProblem]
        /// Every object looked at, found or not.
        public var dependencies: Set<ObjectReference>

        public var problems: [ReferenceProblem] { exporterProblems + scraperProblems }
    }

    public init() {}

    public func resolve(
        _ key: ObjectKey, spec: NormalizedExporterScraper, lookup: some ReferenceLookup
    ) -> Result {
        var exporter = ReferenceCheck()
        if case .api(let request) = spec.source, let endpoint = request.endpoint {
            exporter.secret(
                endpoint, requiredKeys: Self.endpointRequiredKeys, field: "spec.exporterConfig.api.endpointRef",
                in: lookup)
        }
        if case .bearerToken(let token) = spec.authentication {
            exporter.secret(
                token.secret, requiredKeys: [token.key], field: "spec.exporterConfig.bearerToken", in: lookup)
        }
        let provider = spec.provider.flatMap { resolveProvider($0, check: &exporter, lookup: lookup) }

        var scraper = ReferenceCheck()
        var database: ResolvedDatabase?
        if let scrape = spec.scraper {
            if case .api(let request) = scrape.source, let endpoint = request.endpoint {
                scraper.secret(
                    endpoint, requiredKeys: Self.endpointRequiredKeys, field: "spec.scraperConfig.api.endpointRef",
                    in: lookup)
            }
            database = resolveDatabase(scrape.databaseConfig, check: &scraper, lookup: lookup)
        }

        let resolved =
            exporter.problems.isEmpty
            ? ResolvedExporterScraper(
                key: key, spec: spec, provider: provider, database: scraper.problems.isEmpty ? database : nil)
            : nil
        return Result(
            resolved: resolved, exporterProblems: exporter.problems, scraperProblems: scraper.problems,
            dependencies: exporter.dependencies.union(scraper.dependencies))
    }

    private func resolveDatabase(
        _ key: ObjectKey, check: inout ReferenceCheck, lookup: some ReferenceLookup
    ) -> ResolvedDatabase? {
        let field = "spec.scraperConfig.scraperDatabaseConfigRef"
        guard let config = check.object(key, field: field, find: lookup.databaseConfig) else { return nil }
        do {
            let target = try config.spec.validated(defaultNamespace: key.namespace ?? "")
            for (secretField, secret) in target.secrets {
                check.secret(
                    secret.secret, requiredKeys: [secret.key], field: "\(field) → \(secretField)", in: lookup)
            }
            return ResolvedDatabase(key: key, target: target)
        } catch {
            check.invalid(config, field: field, error: error)
            return nil
        }
    }

    private func resolveProvider(
        _ key: ObjectKey, check: inout ReferenceCheck, lookup: some ReferenceLookup
    ) -> ResolvedProvider? {
        let field = "spec.exporterConfig.provider"
        guard let provider = check.object(key, field: field, find: lookup.providerConfig) else { return nil }
        let resourceKeys: [ObjectKey]
        do {
            resourceKeys = try provider.spec.resourceConfigs(defaultNamespace: key.namespace ?? "")
        } catch {
            check.invalid(provider, field: field, error: error)
            return nil
        }
        var resources: [ResolvedResource] = []
        for (index, resourceKey) in resourceKeys.enumerated() {
            let resourceField = "\(field) → spec.resourcesRef[\(index)]"
            guard let resource = check.object(resourceKey, field: resourceField, find: lookup.resourceConfig) else {
                continue
            }
            let metricKeys: [ObjectKey]
            do {
                metricKeys = try resource.spec.metricConfigs(defaultNamespace: resourceKey.namespace ?? "")
            } catch {
                check.invalid(resource, field: resourceField, error: error)
                continue
            }
            var metrics: [NormalizedMetric] = []
            for (metricIndex, metricKey) in metricKeys.enumerated() {
                let metricField = "\(resourceField) → spec.metricsRef[\(metricIndex)]"
                guard let metric = check.object(metricKey, field: metricField, find: lookup.metricConfig) else {
                    continue
                }
                do {
                    let normalized = try metric.spec.normalized(defaultNamespace: metricKey.namespace ?? "")
                    if let endpoint = normalized.request?.endpoint {
                        check.secret(
                            endpoint, requiredKeys: Self.endpointRequiredKeys,
                            field: "\(metricField) → spec.endpoint.resourcePrefixAPI.endpointRef", in: lookup)
                    }
                    metrics.append(normalized)
                } catch {
                    check.invalid(metric, field: metricField, error: error)
                }
            }
            resources.append(
                ResolvedResource(key: resourceKey, resourceFocusName: resource.spec.resourceFocusName, metrics: metrics)
            )
        }
        return ResolvedProvider(key: key, resources: resources)
    }
}
