import Foundation
import KubeCore

/// The built-in kinds a ``FakeKubeAPI`` serves from the start, and the server defaults it fills for them.
///
/// Only defaults a controller of ours can see in a live object are filled: enough that a controller which compares
/// its desired object with the live one by equality (instead of `contains(subset:)`) sees a difference here, as it
/// would against a real cluster. Values are kube-apiserver's.
public enum BuiltInDefaults {
    static let registrations: [FakeCluster.Registration] = [
        .init(type: core.v1.ConfigMap.resource, hasStatusSubresource: false, defaulter: nil),
        .init(type: core.v1.Secret.resource, hasStatusSubresource: false, defaulter: secret),
        .init(type: core.v1.Service.resource, hasStatusSubresource: true, defaulter: service),
        .init(type: core.v1.Event.resource, hasStatusSubresource: false, defaulter: nil),
        .init(type: coordination.v1.Lease.resource, hasStatusSubresource: false, defaulter: nil),
        .init(type: apps.v1.Deployment.resource, hasStatusSubresource: true, defaulter: deployment),
        .init(type: core.v1.Pod.resource, hasStatusSubresource: true, defaulter: nil),
        .init(type: core.v1.Node.resource, hasStatusSubresource: true, defaulter: nil),
    ]

    /// `spec.replicas` 1, `revisionHistoryLimit` 10, `progressDeadlineSeconds` 600, a 25 % rolling update; in the
    /// pod template, `restartPolicy`, `dnsPolicy`, `schedulerName`, `terminationGracePeriodSeconds` and, per
    /// container, `imagePullPolicy` and the termination message settings.
    public static let deployment: ResourceDefaulter = { object, _ in
        guard case .object(var spec)? = object["spec"] else { return }
        spec["replicas"] = spec["replicas"] ?? 1
        spec["revisionHistoryLimit"] = spec["revisionHistoryLimit"] ?? 10
        spec["progressDeadlineSeconds"] = spec["progressDeadlineSeconds"] ?? 600
        spec["strategy"] =
            spec["strategy"] ?? [
                "type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"],
            ]
        if case .object(var template)? = spec["template"], case .object(var pod)? = template["spec"] {
            pod["restartPolicy"] = pod["restartPolicy"] ?? "Always"
            pod["dnsPolicy"] = pod["dnsPolicy"] ?? "ClusterFirst"
            pod["schedulerName"] = pod["schedulerName"] ?? "default-scheduler"
            pod["terminationGracePeriodSeconds"] = pod["terminationGracePeriodSeconds"] ?? 30
            pod["securityContext"] = pod["securityContext"] ?? [:]
            pod["containers"] = pod["containers"]?.arrayValue.map { .array($0.map(defaultedContainer)) }
            template["spec"] = .object(pod)
            spec["template"] = .object(template)
        }
        object["spec"] = .object(spec)
    }

    /// `type` ClusterIP, `sessionAffinity` None, per port `protocol` TCP and `targetPort` = `port`; a cluster IP
    /// derived from namespace and name on create, kept from the stored object on update (as the real allocator
    /// keeps it when an update omits it).
    public static let service: ResourceDefaulter = { object, previous in
        guard case .object(var spec)? = object["spec"] else { return }
        spec["type"] = spec["type"] ?? "ClusterIP"
        spec["sessionAffinity"] = spec["sessionAffinity"] ?? "None"
        if spec["type"]?.stringValue != "ExternalName", spec["clusterIP"] == nil {
            spec["clusterIP"] = previous?[path: ["spec", "clusterIP"]] ?? .string(clusterIP(for: object.storedKey))
        }
        if let ips = spec["clusterIP"], spec["clusterIPs"] == nil { spec["clusterIPs"] = [ips] }
        spec["ports"] = spec["ports"]?.arrayValue.map { ports in
            .array(
                ports.map { port in
                    var port = port
                    port["protocol"] = port["protocol"] ?? "TCP"
                    port["targetPort"] = port["targetPort"] ?? port["port"]
                    return port
                })
        }
        object["spec"] = .object(spec)
    }

    /// `stringData` is write-only: merged into `data` (base64) and dropped; `type` Opaque.
    public static let secret: ResourceDefaulter = { object, _ in
        object["type"] = object["type"] ?? "Opaque"
        guard case .object(let plain)? = object["stringData"] else { return }
        var data = object["data"]?.objectValue ?? [:]
        for (key, value) in plain {
            if let text = value.stringValue { data[key] = .string(Data(text.utf8).base64EncodedString()) }
        }
        object["data"] = .object(data)
        object["stringData"] = nil
    }

    private static func defaultedContainer(_ container: JSONValue) -> JSONValue {
        var container = container
        let image = container["image"]?.stringValue ?? ""
        let latest = !image.contains(":") || image.hasSuffix(":latest")
        container["imagePullPolicy"] = container["imagePullPolicy"] ?? (latest ? "Always" : "IfNotPresent")
        container["terminationMessagePath"] = container["terminationMessagePath"] ?? "/dev/termination-log"
        container["terminationMessagePolicy"] = container["terminationMessagePolicy"] ?? "File"
        return container
    }

    /// A stable address in 10.96.0.0/16 (the default service range) from FNV-1a of `namespace/name`.
    private static func clusterIP(for key: ObjectKey) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in key.description.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return "10.96.\((hash >> 8) & 0xff).\(max(1, hash & 0xff))"
    }
}
