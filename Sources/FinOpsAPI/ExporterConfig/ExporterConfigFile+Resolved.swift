import KubeCore

/// A Secret mounted into the exporter pod, read-only, one file per key.
public struct SecretMount: Sendable, Hashable {
    /// Pod volume name (`secret-0`, `secret-1`, … in order of Secret name).
    public var volumeName: String
    public var secretName: String
    /// `/secrets/<secretName>`.
    public var mountPath: String
}

extension ExporterConfigFile {
    /// Where mounted Secrets live in the exporter pod.
    public static let secretsRoot = "/secrets"

    /// The file for `resolved`, and the Secrets the exporter pod must mount for it.
    ///
    /// Secrets in the pod's own namespace are mounted; a Secret in another namespace is referenced by namespace and
    /// name, for the exporter to read through the API (a pod cannot mount it). With `mountsSecrets` false every
    /// Secret is referenced that way (an exporter that runs in the operator's process, as in local mode, has no
    /// mounts).
    public static func make(
        for resolved: ResolvedExporterScraper, mountsSecrets: Bool = true
    ) -> (file: ExporterConfigFile, mounts: [SecretMount]) {
        let podNamespace = resolved.key.namespace ?? ""
        let spec = resolved.spec
        var secrets: Set<ObjectKey> = []
        func source(_ key: ObjectKey?, field: String? = nil) -> SecretSource? {
            guard let key else { return nil }
            guard mountsSecrets, key.namespace == podNamespace else {
                return SecretSource(secretRef: SecretRef(namespace: key.namespace ?? "", name: key.name), key: field)
            }
            secrets.insert(key)
            return SecretSource(mountPath: "\(secretsRoot)/\(key.name)", key: field)
        }

        var fileSource = Source()
        var cluster: ClusterAllocation?
        switch spec.source {
        case .url(let url): fileSource.url = url
        case .api(let request):
            fileSource.request = Request(request)
            fileSource.endpoint = source(request.endpoint)
        case .cluster(let allocation): cluster = allocation
        }
        switch spec.authentication {
        case .none: break
        case .bearerToken(let token): fileSource.bearerToken = source(token.secret, field: token.key)
        case .certFile(let path): fileSource.tokenFilePath = path
        }
        let resources = (resolved.provider?.resources ?? []).map { resource in
            Resource(
                resourceFocusName: resource.resourceFocusName,
                metrics: resource.metrics.map { metric in
                    Metric(
                        metricName: metric.metricName, resourceSuffix: metric.resourceSuffix,
                        timespan: metric.timespan.rawValue, interval: metric.interval.text,
                        request: metric.request.map(Request.init), endpoint: source(metric.request?.endpoint))
                })
        }
        let file = ExporterConfigFile(
            version: currentVersion,
            owner: Owner(namespace: podNamespace, name: resolved.key.name),
            port: defaultPort,
            source: fileSource,
            // Whole seconds, at least one: a valid sub-second interval (e.g. 500ms) must not become 0.
            pollingIntervalSeconds: max(1, Int(spec.pollingInterval.components.seconds)),
            metricType: spec.metricType.rawValue,
            additionalVariables: spec.additionalVariables,
            generic: spec.generic.map { Generic(metricName: $0.metricName, valueColumnIndex: $0.valueColumnIndex) },
            resources: resources, exposition: spec.exposition, costModel: spec.costModel, cluster: cluster,
            castAI: spec.castAI)
        let mounts = secrets.sorted().enumerated().map { index, key in
            SecretMount(volumeName: "secret-\(index)", secretName: key.name, mountPath: "\(secretsRoot)/\(key.name)")
        }
        return (file, mounts)
    }
}

extension ExporterConfigFile.Request {
    init(_ template: HTTPRequestTemplate) {
        self.init(
            path: template.path, method: template.method, headers: template.headers.map { "\($0.name): \($0.value)" },
            body: template.body)
    }
}

extension ExporterConfigFile.Source {
    /// A scraper's own source (`scraperConfig.url` or `scraperConfig.api`), which the operator reads itself: its
    /// Secrets through the Kubernetes API. `nil` for the exporter's rows.
    public init?(scraper source: ScraperSource) {
        switch source {
        case .exporter: return nil
        case .url(let url): self.init(url: url)
        case .api(let request):
            self.init(
                request: .init(request),
                endpoint: request.endpoint.map {
                    ExporterConfigFile.SecretSource(
                        secretRef: .init(namespace: $0.namespace ?? "", name: $0.name), key: nil)
                })
        }
    }
}
