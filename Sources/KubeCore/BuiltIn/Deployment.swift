extension apps.v1 {
    /// `apps/v1 Deployment`.
    public struct Deployment: KubernetesObject, HasStatus, Hashable {
        public static let resource = ResourceType(
            group: "apps", version: "v1", kind: "Deployment", plural: "deployments")
        public var apiVersion = Self.resource.apiVersion
        public var kind = Self.resource.kind
        public var metadata: ObjectMeta
        public var spec: DeploymentSpec?
        public var status: DeploymentStatus?

        public init(metadata: ObjectMeta, spec: DeploymentSpec?) {
            self.metadata = metadata
            self.spec = spec
        }

        /// Whether the Deployment controller has seen the latest spec and every desired replica is available.
        public var isAvailable: Bool {
            guard let status, let generation = metadata.generation else { return false }
            let desired = spec?.replicas ?? 1
            return (status.observedGeneration ?? 0) >= generation && (status.availableReplicas ?? 0) >= desired
                && (status.updatedReplicas ?? 0) >= desired
        }
    }

    public struct DeploymentSpec: Codable, Sendable, Hashable {
        public var replicas: Int?
        public var selector: LabelSelector
        public var template: core.v1.PodTemplateSpec
        public var revisionHistoryLimit: Int?

        public init(
            replicas: Int?, selector: LabelSelector, template: core.v1.PodTemplateSpec, revisionHistoryLimit: Int? = nil
        ) {
            self.replicas = replicas
            self.selector = selector
            self.template = template
            self.revisionHistoryLimit = revisionHistoryLimit
        }
    }

    public struct DeploymentStatus: Codable, Sendable, Hashable {
        public var observedGeneration: Int64?
        public var replicas: Int?
        public var updatedReplicas: Int?
        public var readyReplicas: Int?
        public var availableReplicas: Int?
        public var conditions: [DeploymentCondition]?

        public init(
            observedGeneration: Int64?, replicas: Int?, updatedReplicas: Int?, readyReplicas: Int?,
            availableReplicas: Int?
        ) {
            self.observedGeneration = observedGeneration
            self.replicas = replicas
            self.updatedReplicas = updatedReplicas
            self.readyReplicas = readyReplicas
            self.availableReplicas = availableReplicas
        }
    }

    public struct DeploymentCondition: Codable, Sendable, Hashable {
        public var type: String
        public var status: String
        public var reason: String?
        public var message: String?
    }
}

// MARK: - Pod template

extension core.v1 {
    public struct PodTemplateSpec: Codable, Sendable, Hashable {
        public var metadata: ObjectMeta?
        public var spec: PodSpec?
        public init(metadata: ObjectMeta?, spec: PodSpec?) {
            self.metadata = metadata
            self.spec = spec
        }
    }

    public struct PodSpec: Codable, Sendable, Hashable {
        public var containers: [Container]
        public var volumes: [Volume]?
        public var serviceAccountName: String?
        public var automountServiceAccountToken: Bool?
        public var securityContext: PodSecurityContext?
        public var terminationGracePeriodSeconds: Int?

        public init(containers: [Container], volumes: [Volume]? = nil) {
            self.containers = containers
            self.volumes = volumes
        }
    }

    public struct Container: Codable, Sendable, Hashable {
        public var name: String
        public var image: String?
        public var imagePullPolicy: String?
        public var command: [String]?
        public var args: [String]?
        public var env: [EnvVar]?
        public var ports: [ContainerPort]?
        public var volumeMounts: [VolumeMount]?
        public var readinessProbe: Probe?
        public var livenessProbe: Probe?
        public var resources: ResourceRequirements?
        public var securityContext: SecurityContext?

        public init(name: String, image: String?) {
            self.name = name
            self.image = image
        }
    }

    public struct EnvVar: Codable, Sendable, Hashable {
        public var name: String
        public var value: String?
        public var valueFrom: EnvVarSource?
        public init(name: String, value: String? = nil, valueFrom: EnvVarSource? = nil) {
            self.name = name
            self.value = value
            self.valueFrom = valueFrom
        }
    }

    public struct EnvVarSource: Codable, Sendable, Hashable {
        public var secretKeyRef: KeySelector?
        public var fieldRef: FieldSelector?
        public init(secretKeyRef: KeySelector? = nil, fieldRef: FieldSelector? = nil) {
            self.secretKeyRef = secretKeyRef
            self.fieldRef = fieldRef
        }
    }

    public struct KeySelector: Codable, Sendable, Hashable {
        public var name: String
        public var key: String
        public var optional: Bool?
        public init(name: String, key: String, optional: Bool? = nil) {
            self.name = name
            self.key = key
            self.optional = optional
        }
    }

    public struct FieldSelector: Codable, Sendable, Hashable {
        public var fieldPath: String
        public init(fieldPath: String) { self.fieldPath = fieldPath }
    }

    public struct ContainerPort: Codable, Sendable, Hashable {
        public var name: String?
        public var containerPort: Int
        public var `protocol`: String?
        public init(name: String?, containerPort: Int, protocol: String? = "TCP") {
            self.name = name
            self.containerPort = containerPort
            self.protocol = `protocol`
        }
    }

    public struct Volume: Codable, Sendable, Hashable {
        public var name: String
        public var configMap: ConfigMapVolumeSource?
        public var secret: SecretVolumeSource?
        public var emptyDir: EmptyDirVolumeSource?
        public init(
            name: String, configMap: ConfigMapVolumeSource? = nil, secret: SecretVolumeSource? = nil,
            emptyDir: EmptyDirVolumeSource? = nil
        ) {
            self.name = name
            self.configMap = configMap
            self.secret = secret
            self.emptyDir = emptyDir
        }
    }

    public struct ConfigMapVolumeSource: Codable, Sendable, Hashable {
        public var name: String
        public init(name: String) { self.name = name }
    }

    public struct SecretVolumeSource: Codable, Sendable, Hashable {
        public var secretName: String
        public var optional: Bool?
        public init(secretName: String, optional: Bool? = nil) {
            self.secretName = secretName
            self.optional = optional
        }
    }

    public struct EmptyDirVolumeSource: Codable, Sendable, Hashable {
        public var sizeLimit: String?
        public init(sizeLimit: String? = nil) { self.sizeLimit = sizeLimit }
    }

    public struct VolumeMount: Codable, Sendable, Hashable {
        public var name: String
        public var mountPath: String
        public var readOnly: Bool?
        public init(name: String, mountPath: String, readOnly: Bool? = nil) {
            self.name = name
            self.mountPath = mountPath
            self.readOnly = readOnly
        }
    }

    public struct Probe: Codable, Sendable, Hashable {
        public var httpGet: HTTPGetAction?
        public var initialDelaySeconds: Int?
        public var periodSeconds: Int?
        public var timeoutSeconds: Int?
        public var failureThreshold: Int?
        public init(httpGet: HTTPGetAction?, periodSeconds: Int? = nil, failureThreshold: Int? = nil) {
            self.httpGet = httpGet
            self.periodSeconds = periodSeconds
            self.failureThreshold = failureThreshold
        }
    }

    public struct HTTPGetAction: Codable, Sendable, Hashable {
        public var path: String?
        public var port: IntOrString
        public init(path: String?, port: IntOrString) {
            self.path = path
            self.port = port
        }
    }

    public struct ResourceRequirements: Codable, Sendable, Hashable {
        public var requests: [String: String]?
        public var limits: [String: String]?
        public init(requests: [String: String]?, limits: [String: String]?) {
            self.requests = requests
            self.limits = limits
        }
    }

    public struct SecurityContext: Codable, Sendable, Hashable {
        public var runAsNonRoot: Bool?
        public var readOnlyRootFilesystem: Bool?
        public var allowPrivilegeEscalation: Bool?
        public var capabilities: Capabilities?
        public init(
            runAsNonRoot: Bool? = nil, readOnlyRootFilesystem: Bool? = nil, allowPrivilegeEscalation: Bool? = nil,
            capabilities: Capabilities? = nil
        ) {
            self.runAsNonRoot = runAsNonRoot
            self.readOnlyRootFilesystem = readOnlyRootFilesystem
            self.allowPrivilegeEscalation = allowPrivilegeEscalation
            self.capabilities = capabilities
        }
    }

    public struct Capabilities: Codable, Sendable, Hashable {
        public var drop: [String]?
        public init(drop: [String]?) { self.drop = drop }
    }

    public struct PodSecurityContext: Codable, Sendable, Hashable {
        public var runAsNonRoot: Bool?
        public var runAsUser: Int?
        public var seccompProfile: SeccompProfile?
        public init(runAsNonRoot: Bool? = nil, runAsUser: Int? = nil, seccompProfile: SeccompProfile? = nil) {
            self.runAsNonRoot = runAsNonRoot
            self.runAsUser = runAsUser
            self.seccompProfile = seccompProfile
        }
    }

    public struct SeccompProfile: Codable, Sendable, Hashable {
        public var type: String
        public init(type: String) { self.type = type }
    }
}
