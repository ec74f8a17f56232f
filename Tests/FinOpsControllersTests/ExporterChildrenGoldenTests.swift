import FinOpsAPI
import FinOpsControllers
import Foundation
import KubeCore
import Testing

/// One ExporterScraperConfig of `examples/`, resolved against the other objects of its directory.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    /// `examples/<directory>`.
    var directory: String
    /// The ExporterScraperConfig's name.
    var name: String
    /// Prefix of its golden files.
    var golden: String
    /// A fixed uid, as the API server would have assigned.
    var uid: String

    var testDescription: String { "\(directory)/\(name)" }

    /// Older shape: `url`, `bearer-token` from a Secret, `pollingIntervalHours`, a ProviderConfig chain.
    static let older = GoldenCase(
        directory: "older-shape", name: "azure-costs-legacy", golden: "older-bearer-token",
        uid: "0a0a0a0a-0000-4000-8000-000000000001")
    /// Current shape: `api` with an `endpointRef` (no namespace), `pollingInterval`, `metricType: Generic`.
    static let current = GoldenCase(
        directory: "current-shape", name: "cluster-cpu", golden: "current-generic",
        uid: "0c0c0c0c-0000-4000-8000-000000000002")
    /// Current shape with the ProviderConfig chain and a MetricConfig `resourcePrefixAPI` (config text only).
    static let currentCost = GoldenCase(
        directory: "current-shape", name: "azure-costs", golden: "current-cost",
        uid: "0c0c0c0c-0000-4000-8000-000000000003")

    static let all = [older, current, currentCost]

    /// The pod settings golden files are made with.
    static let settings = ExporterPodSettings(image: "ghcr.io/krateoplatformops/finops-operator:golden")

    /// The ESC with the fixed uid, its config text and mounts, and the three children.
    func build() throws -> Built {
        let examples = try ExampleSet(directory)
        var esc = try examples.object(ExporterScraperConfig.self, named: name)
        esc.metadata.uid = uid
        esc.metadata.generation = 1
        let spec = try esc.spec.normalized(defaultNamespace: esc.metadata.namespace ?? "default")
        let resolution = ExporterScraperResolver().resolve(esc.key, spec: spec, lookup: examples)
        #expect(resolution.problems.isEmpty, "\(resolution.problems)")
        let resolved = try #require(resolution.resolved)
        let (file, mounts) = ExporterConfigFile.make(for: resolved)
        let config = try ExporterChildren.configText(file)
        let hash = ExporterChildren.configHash(config: config, mounts: mounts)
        return Built(
            esc: esc, file: file, config: config, mounts: mounts, hash: hash,
            configMap: ExporterChildren.makeConfigMap(for: esc, config: config),
            deployment: ExporterChildren.makeDeployment(
                for: esc, configHash: hash, mounts: mounts, settings: Self.settings),
            service: ExporterChildren.makeService(for: esc))
    }

    struct Built {
        var esc: ExporterScraperConfig
        var file: ExporterConfigFile
        var config: String
        var mounts: [SecretMount]
        var hash: String
        var configMap: core.v1.ConfigMap
        var deployment: apps.v1.Deployment
        var service: core.v1.Service
    }
}

/// Golden tests of the exporter's desired children and configuration file (see `Golden/README.md`).
@Suite struct ExporterChildrenGoldenTests {
    @Test(arguments: [GoldenCase.older, GoldenCase.current])
    func childrenMatchTheirGoldenFiles(_ golden: GoldenCase) throws {
        let built = try golden.build()
        try Golden.check(try Golden.json(built.configMap), matches: "\(golden.golden).configmap.json")
        try Golden.check(try Golden.json(built.deployment), matches: "\(golden.golden).deployment.json")
        try Golden.check(try Golden.json(built.service), matches: "\(golden.golden).service.json")
    }

    @Test(arguments: GoldenCase.all)
    func configFileMatchesItsGoldenFile(_ golden: GoldenCase) throws {
        let built = try golden.build()
        try Golden.check(built.config, matches: "\(golden.golden).config.yaml")
        #expect(built.configMap.data == [ExporterChildren.configFileName: built.config])
    }

    @Test(arguments: [GoldenCase.older, GoldenCase.current])
    func childrenCarryKrateoNamesLabelsAndTheControllerReference(_ golden: GoldenCase) throws {
        let built = try golden.build()
        let name = golden.name
        #expect(built.configMap.metadata.name == "\(name)-configmap")
        #expect(built.deployment.metadata.name == "\(name)-deployment")
        #expect(built.service.metadata.name == "\(name)-service")

        let expectedLabels = [
            "scraper": name,
            "app.kubernetes.io/name": "finops-exporter",
            "app.kubernetes.io/instance": name,
            "app.kubernetes.io/component": "exporter",
            "app.kubernetes.io/part-of": "finops",
            "app.kubernetes.io/managed-by": "finops-operator",
        ]
        let owner = OwnerReference(
            apiVersion: "finops.krateo.io/v1", kind: "ExporterScraperConfig", name: name, uid: golden.uid,
            controller: true, blockOwnerDeletion: true)
        for metadata in [built.configMap.metadata, built.deployment.metadata, built.service.metadata] {
            #expect(metadata.namespace == "finops")
            #expect(metadata.labels == expectedLabels)
            #expect(metadata.ownerReferences == [owner])
        }
        // Krateo's selector, so that a Deployment made by Krateo's operator is adopted (selectors are immutable).
        #expect(built.deployment.spec?.selector == LabelSelector(matchLabels: ["scraper": name]))
        #expect(built.deployment.spec?.template.metadata?.labels == expectedLabels)
        #expect(built.service.spec?.selector == ["scraper": name])
    }

    @Test(arguments: [GoldenCase.older, GoldenCase.current])
    func exporterPodRunsTheConfigFileAndServesPort2112(_ golden: GoldenCase) throws {
        let built = try golden.build()
        let pod = try #require(built.deployment.spec?.template.spec)
        let container = try #require(pod.containers.first)
        #expect(pod.containers.count == 1)
        #expect(container.image == GoldenCase.settings.image)
        #expect(container.args == ["exporter", "--config", "/config/config.yaml"])
        #expect(container.ports?.map(\.containerPort) == [2112])
        #expect(container.volumeMounts?.first?.mountPath == "/config")
        #expect(pod.volumes?.first?.configMap?.name == "\(golden.name)-configmap")
        #expect(built.deployment.spec?.template.metadata?.annotations == ["finops.krateo.io/config-hash": built.hash])

        let port = try #require(built.service.spec?.ports?.first)
        #expect(port.port == 2112)
        #expect(port.targetPort == .string("metrics"))
        #expect(
            ExporterAddress.url(of: built.esc.key, path: "/metrics")
                == "http://\(golden.name)-service.finops.svc:2112/metrics")
    }

    @Test(arguments: [GoldenCase.older, GoldenCase.current])
    func referencedSecretsInTheSameNamespaceAreMountedReadOnly(_ golden: GoldenCase) throws {
        let built = try golden.build()
        let secretName = golden == .older ? "azure-bearer-token" : "prometheus-endpoint"
        #expect(built.mounts.map(\.volumeName) == ["secret-0"])
        #expect(built.mounts.map(\.secretName) == [secretName])
        #expect(built.mounts.map(\.mountPath) == ["/secrets/\(secretName)"])
        let pod = try #require(built.deployment.spec?.template.spec)
        #expect(pod.volumes?.contains { $0.name == "secret-0" && $0.secret?.secretName == secretName } == true)
        let mount = try #require(pod.containers.first?.volumeMounts?.first { $0.name == "secret-0" })
        #expect(mount.mountPath == "/secrets/\(secretName)")
        #expect(mount.readOnly == true)
        // The configuration names where the values are, never the values.
        #expect(built.config.contains("/secrets/\(secretName)"))
        for value in [
            "fake-azure-bearer-token", "http://prometheus-operated.monitoring.svc:9090", "not-a-real-password",
        ] {
            #expect(!built.config.contains(value))
            #expect(!(try Golden.json(built.deployment)).contains(value))
        }
    }

    @Test func secretInAnotherNamespaceIsReadThroughTheAPIInsteadOfMounted() throws {
        let spec = try Fixture.currentESC(endpoint: "shared-endpoint", database: nil).spec.normalized(
            defaultNamespace: "team-a")
        var crossNamespace = spec
        if case .api(var request) = spec.source {
            request.endpoint = ObjectKey(namespace: "finops", name: "shared-endpoint")
            crossNamespace.source = .api(request)
        }
        let resolved = ResolvedExporterScraper(key: ObjectKey(namespace: "team-a", name: "costs"), spec: crossNamespace)
        let (file, mounts) = ExporterConfigFile.make(for: resolved)
        #expect(mounts.isEmpty)
        #expect(file.source.endpoint?.secretRef?.namespace == "finops")
        #expect(file.source.endpoint?.secretRef?.name == "shared-endpoint")
        #expect(file.source.endpoint?.mountPath == nil)
    }

    @Test(arguments: [("500ms", 1), ("90s", 90), ("1h30m", 5400)])
    func pollingIntervalIsWrittenInWholeSecondsNeverZero(_ interval: String, _ seconds: Int) throws {
        let spec = try Fixture.currentESC(pollingInterval: interval, database: nil).spec.normalized(
            defaultNamespace: "finops")
        let (file, _) = ExporterConfigFile.make(for: ResolvedExporterScraper(key: Fixture.escKey, spec: spec))
        #expect(file.pollingIntervalSeconds == seconds)
    }

    @Test func expositionSettingsReachTheExporterFile() throws {
        var esc = Fixture.currentESC(database: nil)
        esc.spec.exporterConfig?.exposition = ExpositionSpec(labelMode: "krateo", maxSeries: 10)
        let spec = try esc.spec.normalized(defaultNamespace: "finops")
        let (file, _) = ExporterConfigFile.make(for: ResolvedExporterScraper(key: Fixture.escKey, spec: spec))
        #expect(file.exposition == ExporterConfigFile.Exposition(labelMode: "krateo", maxSeries: 10))
        let text = try ExporterChildren.configText(file)
        #expect(text.contains("labelMode: krateo"))
        // Without the block the file has no exposition key at all, as before the field existed.
        let plain = try Fixture.currentESC(database: nil).spec.normalized(defaultNamespace: "finops")
        let (plainFile, _) = ExporterConfigFile.make(for: ResolvedExporterScraper(key: Fixture.escKey, spec: plain))
        #expect(try !ExporterChildren.configText(plainFile).contains("exposition"))
    }

    @Test func configHashIsStableAndChangesWithTheConfiguration() throws {
        let built = try GoldenCase.current.build()
        let again = try GoldenCase.current.build()
        #expect(again.config == built.config)
        #expect(again.hash == built.hash)
        #expect(built.hash.count == 16 && built.hash.allSatisfy(\.isHexDigit))

        var file = built.file
        file.pollingIntervalSeconds += 60
        let changedConfig = try ExporterChildren.configText(file)
        #expect(ExporterChildren.configHash(config: changedConfig, mounts: built.mounts) != built.hash)

        var mounts = built.mounts
        mounts[0].secretName = "another-endpoint"
        #expect(ExporterChildren.configHash(config: built.config, mounts: mounts) != built.hash)

        // The golden Deployment pins the hash itself: it must not change from one run or machine to the next.
        guard !Golden.isUpdating else { return }
        let golden = try KubeJSON.decode(
            apps.v1.Deployment.self,
            from: Data(contentsOf: Golden.directory.appendingPathComponent("current-generic.deployment.json")))
        #expect(golden.spec?.template.metadata?.annotations?[ExporterChildren.configHashAnnotation] == built.hash)
    }
}

extension GoldenCase: Equatable {
    static func == (lhs: GoldenCase, rhs: GoldenCase) -> Bool { lhs.golden == rhs.golden }
}
