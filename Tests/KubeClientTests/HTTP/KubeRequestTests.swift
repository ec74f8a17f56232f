import Foundation
import KubeCore
import Testing

@testable import KubeClient

/// URLs, query parameters and bodies of each operation, built without a server.
@Suite struct KubeRequestTests {
    static let configMaps = core.v1.ConfigMap.resource
    static let deployments = apps.v1.Deployment.resource

    @Test func getAddressesOneObject() {
        let request = KubeRequest.get(Self.deployments, namespace: "ns", name: "web")
        #expect(request.verb == .GET)
        #expect(request.pathAndQuery == "/apis/apps/v1/namespaces/ns/deployments/web")
        #expect(request.body == nil)
    }

    @Test func listEncodesEveryOptionInOrder() {
        let options = ListOptions(
            labelSelector: "app.kubernetes.io/managed-by=finops-operator,tier in (a,b),!legacy",
            fieldSelector: "metadata.name!=x", limit: 50, continue: "eyJydiI6IjEyIn0=", resourceVersion: "0")
        let request = KubeRequest.list(Self.configMaps, namespace: nil, options: options)
        #expect(
            request.pathAndQuery
                == "/api/v1/configmaps?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dfinops-operator%2Ctier%20in%20"
                + "%28a%2Cb%29%2C%21legacy&fieldSelector=metadata.name%21%3Dx&limit=50&continue=eyJydiI6IjEyIn0%3D"
                + "&resourceVersion=0")
    }

    @Test func listWithoutOptionsHasNoQuery() {
        #expect(
            KubeRequest.list(Self.configMaps, namespace: "a", options: ListOptions()).pathAndQuery
                == "/api/v1/namespaces/a/configmaps")
    }

    @Test func watchAsksForEventsBookmarksAndATimeout() {
        let options = WatchOptions(labelSelector: "a=b", resourceVersion: "42", timeoutSeconds: 290)
        let request = KubeRequest.watch(Self.configMaps, namespace: "ns", options: options)
        #expect(request.isWatch)
        #expect(
            request.pathAndQuery
                == "/api/v1/namespaces/ns/configmaps?watch=true&labelSelector=a%3Db&resourceVersion=42"
                + "&allowWatchBookmarks=true&timeoutSeconds=290")
        let plain = KubeRequest.watch(
            Self.configMaps, namespace: nil, options: WatchOptions(allowWatchBookmarks: false))
        #expect(plain.pathAndQuery == "/api/v1/configmaps?watch=true")
    }

    @Test func applyCarriesFieldManagerForceAndTheApplyContentType() {
        let patch = PatchRequest(kind: .apply, body: Data("{}".utf8), fieldManager: "finops-operator", force: true)
        let request = KubeRequest.patch(Self.deployments, namespace: "ns", name: "web", subresource: nil, patch: patch)
        #expect(request.verb == .PATCH)
        #expect(request.contentType == "application/apply-patch+yaml")
        #expect(
            request.pathAndQuery
                == "/apis/apps/v1/namespaces/ns/deployments/web?fieldManager=finops-operator&force=true")
    }

    @Test func mergePatchOfAStatusNeverSendsForce() {
        let patch = PatchRequest(kind: .merge, body: Data("{}".utf8), fieldManager: "m", force: true)
        let request = KubeRequest.patch(
            Self.deployments, namespace: "ns", name: "web", subresource: "status", patch: patch)
        #expect(request.contentType == "application/merge-patch+json")
        #expect(request.pathAndQuery == "/apis/apps/v1/namespaces/ns/deployments/web/status?fieldManager=m")
    }

    @Test func replaceOfTheStatusSubresourcePutsJSON() {
        let request = KubeRequest.replace(
            Self.deployments, namespace: "ns", name: "web", subresource: "status", body: Data("{}".utf8))
        #expect(request.verb == .PUT)
        #expect(request.contentType == "application/json")
        #expect(request.path == "/apis/apps/v1/namespaces/ns/deployments/web/status")
    }

    @Test func deleteSendsDeleteOptionsWithPreconditions() throws {
        let options = DeleteOptions(
            propagationPolicy: .foreground, preconditions: .init(resourceVersion: "7"))
        let request = try KubeRequest.delete(Self.configMaps, namespace: "ns", name: "a", options: options)
        let body = try JSONSerialization.jsonObject(with: try #require(request.body)) as? [String: Any]
        #expect(body?["kind"] as? String == "DeleteOptions")
        #expect(body?["propagationPolicy"] as? String == "Foreground")
        #expect((body?["preconditions"] as? [String: Any])?["resourceVersion"] as? String == "7")
    }

    @Test func queryEscapingKeepsOnlyUnreservedCharacters() {
        #expect(PercentEncoding.escape("aZ09-._~") == "aZ09-._~")
        #expect(PercentEncoding.escape("a b+c&d=e/f?g#h") == "a%20b%2Bc%26d%3De%2Ff%3Fg%23h")
        #expect(PercentEncoding.escape("é") == "%C3%A9")
    }

    // MARK: - Endpoint

    @Test func endpointKeepsAServerPathPrefix() throws {
        let config = KubeConfig(server: URL(string: "https://rancher.example/k8s/clusters/c-1/")!)
        let endpoint = try APIEndpoint(config: config)
        let request = KubeRequest.get(Self.configMaps, namespace: "a", name: "b")
        #expect(
            endpoint.url(for: request) == "https://rancher.example/k8s/clusters/c-1/api/v1/namespaces/a/configmaps/b")
        #expect(endpoint.dnsOverride.isEmpty)
    }

    @Test func tlsServerNameAddressesTheNameAndDialsTheServer() throws {
        let config = KubeConfig(server: URL(string: "https://10.0.0.5:6443")!, tlsServerName: "kubernetes.default.svc")
        let endpoint = try APIEndpoint(config: config)
        #expect(endpoint.baseURL == "https://kubernetes.default.svc:6443")
        #expect(endpoint.dnsOverride == ["kubernetes.default.svc": "10.0.0.5"])
    }

    @Test func plainHTTPIgnoresTLSServerName() throws {
        let config = KubeConfig(server: URL(string: "http://127.0.0.1:18080")!, tlsServerName: "x")
        let endpoint = try APIEndpoint(config: config)
        #expect(endpoint.baseURL == "http://127.0.0.1:18080")
        #expect(!endpoint.usesTLS)
    }
}
