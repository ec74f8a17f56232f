import Foundation
import KubeCore
import Testing

@Suite struct KubeTimeTests {
    @Test func formatsWholeSecondsWithoutFraction() {
        #expect(KubeTime.format(Date(timeIntervalSince1970: 1_767_225_600)) == "2026-01-01T00:00:00Z")
    }

    @Test func microTimeAlwaysCarriesSixDigits() {
        #expect(
            KubeTime.format(Date(timeIntervalSince1970: 1_767_225_600), microseconds: true)
                == "2026-01-01T00:00:00.000000Z")
        #expect(KubeTime.format(Date(timeIntervalSince1970: 1_767_225_600.25)) == "2026-01-01T00:00:00.250000Z")
    }

    @Test(arguments: [
        ("2026-01-01T00:00:00Z", 1_767_225_600.0), ("2026-01-01T00:00:00.5Z", 1_767_225_600.5),
        ("2026-01-01T01:00:00+01:00", 1_767_225_600.0), ("2025-12-31T19:00:00-05:00", 1_767_225_600.0),
    ])
    func parsesRFC3339(text: String, seconds: Double) {
        #expect(KubeTime.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: [
        "2026-01-01", "2026-13-01T00:00:00Z", "2026-01-01T00:00:00", "yesterday", "2026-01-01T00:00:00.Z",
    ])
    func rejectsAnythingElse(text: String) {
        #expect(KubeTime.parse(text) == nil)
    }
}

@Suite struct ResourceTypeTests {
    @Test func coreGroupPaths() {
        #expect(core.v1.Secret.resource.path(namespace: "ns", name: "s") == "/api/v1/namespaces/ns/secrets/s")
        #expect(core.v1.Secret.resource.path(namespace: nil) == "/api/v1/secrets")
    }

    @Test func namedGroupPathsWithSubresource() {
        #expect(
            apps.v1.Deployment.resource.path(namespace: "ns", name: "d", subresource: "status")
                == "/apis/apps/v1/namespaces/ns/deployments/d/status")
        #expect(apps.v1.Deployment.resource.qualifiedName == "deployments.apps")
    }

    @Test func namesCannotEscapeTheirPathSegment() {
        #expect(
            core.v1.ConfigMap.resource.path(namespace: "ns", name: "../x?y")
                == "/api/v1/namespaces/ns/configmaps/..%2Fx%3Fy")
    }

    @Test func listItemsWithoutTypeMetaDecode() throws {
        let json =
            #"{"metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"a","namespace":"n"},"data":{"k":"v"}}]}"#
        let list = try KubeJSON.decode(ObjectList<core.v1.ConfigMap>.self, from: Data(json.utf8))
        #expect(list.items.first?.kind == "ConfigMap")
        #expect(list.items.first?.apiVersion == "v1")
        #expect(list.metadata.resourceVersion == "7")
    }
}
