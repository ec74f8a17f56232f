import Crypto
import FinOpsAPI
import Foundation
import KubeCore
import Yams

/// The desired children of an ExporterScraperConfig, as pure functions of the resolved spec (golden tests pin them).
///
/// Names, the selector label and the port are Krateo's (`<name>-deployment`, `<name>-configmap`, `<name>-service`,
/// `scraper: <name>`, 2112), so that users' queries keep working and a Deployment made by Krateo's operator is
/// adopted without a selector change (selectors are immutable).
public enum ExporterChildren {
    /// Field manager of every write this operator makes.
    public static let fieldManager = "finops-operator"
    /// Pod-template annotation carrying the hash of the exporter's configuration: the Deployment rolls exactly when
    /// the configuration changes.
    public static let configHashAnnotation = "finops.krateo.io/config-hash"
    /// Label value of `app.kubernetes.io/managed-by` on everything we create.
    public static let managedBy = "finops-operator"
    /// Selects every child of this operator (for the child informers).
    public static let managedBySelector = "app.kubernetes.io/managed-by=\(managedBy)"
    public static let configFileName = "config.yaml"
    public static let metricsPortName = "metrics"

    public static func deploymentName(_ owner: String) -> String { "\(owner)-deployment" }
    public static func configMapName(_ owner: String) -> String { "\(owner)-configmap" }
    public static func serviceName(_ owner: String) -> String { ExporterAddress.serviceName(owner) }

    /// Krateo's selector label, kept for compatibility.
    static func selector(_ owner: ExporterScraperConfig) -> [String: String] { ["scraper": owner.metadata.name ?? ""] }

    /// The standard `app.kubernetes.io/*` labels plus the selector label.
    static func labels(_ owner: ExporterScraperConfig) -> [String: String] {
        selector(owner).merging(
            [
                "app.kubernetes.io/name": "finops-exporter",
                "app.kubernetes.io/instance": owner.metadata.name ?? "",
                "app.kubernetes.io/component": "exporter",
                "app.kubernetes.io/part-of": "finops",
                "app.kubernetes.io/managed-by": managedBy,
            ], uniquingKeysWith: { _, new in new })
    }

    static func metadata(_ owner: ExporterScraperConfig, name: String) -> ObjectMeta {
        ObjectMeta(
            name: name, namespace: owner.metadata.namespace, labels: labels(owner),
            ownerReferences: [owner.controllerOwnerReference])
    }

    // MARK: - ConfigMap

    /// The exporter's `config.yaml`: deterministic YAML (sorted keys), so equal configurations give equal bytes.
    public static func configText(_ file: ExporterConfigFile) throws -> String {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        return try encoder.encode(file)
    }

    public static func makeConfigMap(for owner: ExporterScraperConfig, config: String) -> core.v1.ConfigMap {
        core.v1.ConfigMap(
            metadata: metadata(owner, name: configMapName(owner.metadata.name ?? "")), data: [configFileName: config])
    }

    /// First 16 hex digits of the SHA-256 of the configuration and the Secret mounts.
    public static func configHash(config: String, mounts: [SecretMount]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(config.utf8))
        for mount in mounts {
            hasher.update(data: Data("\n\(mount.volumeName)=\(mount.secretName)@\(mount.mountPath)".utf8))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined().prefix(16).description
    }

    // MARK: - Deployment

    public static func makeDeployment(
        for owner: ExporterScraperConfig, configHash: String, mounts: [SecretMount], settings: ExporterPodSettings
    ) -> apps.v1.Deployment {
        let name = owner.metadata.name ?? ""
        var container = core.v1.Container(name: "exporter", image: settings.image)
        container.imagePullPolicy = settings.imagePullPolicy
        container.args = ["exporter", "--config", "/config/\(configFileName)"]
        container.ports = [.init(name: metricsPortName, containerPort: ExporterConfigFile.defaultPort)]
        container.volumeMounts =
            [.init(name: "config", mountPath: "/config", readOnly: true)]
            + mounts.map { .init(name: $0.volumeName, mountPath: $0.mountPath, readOnly: true) }
        container.readinessProbe = .init(
            httpGet: .init(path: "/readyz", port: .string(metricsPortName)), periodSeconds: 10, failureThreshold: 3)
        container.livenessProbe = .init(
            httpGet: .init(path: "/healthz", port: .string(metricsPortName)), periodSeconds: 20, failureThreshold: 3)
        container.resources = settings.resources
        container.securityContext = .init(
            readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: .init(drop: ["ALL"]))

        var pod = core.v1.PodSpec(
            containers: [container],
            volumes: [.init(name: "config", configMap: .init(name: configMapName(name)))]
                + mounts.map { .init(name: $0.volumeName, secret: .init(secretName: $0.secretName)) })
        pod.serviceAccountName = settings.serviceAccountName
        pod.securityContext = .init(runAsNonRoot: true, seccompProfile: .init(type: "RuntimeDefault"))

        var template = core.v1.PodTemplateSpec(
            metadata: ObjectMeta(labels: labels(owner), annotations: [configHashAnnotation: configHash]), spec: pod)
        template.metadata?.namespace = nil
        return apps.v1.Deployment(
            metadata: metadata(owner, name: deploymentName(name)),
            spec: .init(
                replicas: 1, selector: LabelSelector(matchLabels: selector(owner)), template: template,
                revisionHistoryLimit: 3))
    }

    // MARK: - Service

    public static func makeService(for owner: ExporterScraperConfig) -> core.v1.Service {
        core.v1.Service(
            metadata: metadata(owner, name: serviceName(owner.metadata.name ?? "")),
            spec: .init(
                type: "ClusterIP", selector: selector(owner),
                ports: [
                    .init(
                        name: metricsPortName, port: ExporterConfigFile.defaultPort,
                        targetPort: .string(metricsPortName))
                ]))
    }
}
