import FinOpsPipelines
import Testing

@Suite struct EndpointTests {
    func secret(_ values: [String: String]) -> SecretValues {
        SecretValues(origin: "/secrets/cost-endpoint", values: values.mapValues { Array($0.utf8) })
    }

    @Test func aTokenMeansBearerAuthentication() throws {
        let endpoint = try Endpoint(secret: secret(["server-url": "https://cost.example.com\n", "token": "s3cr3t\n"]))
        #expect(endpoint.serverURL == "https://cost.example.com")
        #expect(endpoint.authentication == .bearer(token: "s3cr3t"))
        #expect(!"\(endpoint.authentication)".contains("s3cr3t"))
    }

    @Test func usernameAndPasswordMeanBasicAuthentication() throws {
        let endpoint = try Endpoint(
            secret: secret(["server-url": "http://h", "username": "u", "password": "p", "insecure": "true"]))
        #expect(endpoint.authentication == .basic(username: "u", password: "p"))
        #expect(endpoint.tls.insecure)
    }

    @Test func awsKeysMeanSigV4() throws {
        let endpoint = try Endpoint(
            secret: secret([
                "server-url": "https://bucket.s3.amazonaws.com", "aws-access-key": "AKID", "aws-secret-key": "SECRET",
                "aws-region": "eu-west-1",
            ]))
        guard case .sigV4(let credentials, let region, let service) = endpoint.authentication else {
            Issue.record("expected SigV4, got \(endpoint.authentication)")
            return
        }
        #expect(credentials.accessKeyID == "AKID")
        #expect(region == "eu-west-1")
        #expect(service == "s3")
        #expect(!"\(endpoint.authentication)".contains("SECRET"))
    }

    @Test func proxyAndTLSMaterialAreRead() throws {
        let endpoint = try Endpoint(
            secret: secret([
                "server-url": "https://h", "proxy-url": "http://user:pw@proxy.local:3128/",
                "certificate-authority-data": "CA", "client-certificate-data": "C", "client-key-data": "K",
            ]))
        #expect(endpoint.proxy == Endpoint.Proxy(host: "proxy.local", port: 3128))
        #expect(endpoint.tls.certificateAuthorityPEM == Array("CA".utf8))
    }

    /// Only local mode lets an endpoint Secret name a directory of files; an exporter pod refuses it.
    @Test func fileServerURLsOnlyWhenAllowed() throws {
        #expect(throws: SourceError.self) { try Endpoint(secret: secret(["server-url": "file://examples"])) }
        let endpoint = try Endpoint(secret: secret(["server-url": "file://examples"]), allowsFileURLs: true)
        #expect(endpoint.serverURL == "file://examples")
    }

    @Test func problemsNameTheKeyNeverTheValue() {
        #expect(throws: SourceError.self) { try Endpoint(secret: secret(["token": "abc"])) }
        do throws(SourceError) {
            _ = try Endpoint(secret: secret(["server-url": "ftp://x", "token": "tok-value"]))
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == .secret)
            #expect(!error.message.contains("tok-value"))
        }
        #expect(throws: SourceError.self) {
            try Endpoint(secret: secret(["server-url": "https://h", "client-certificate-data": "C"]))
        }
        #expect(throws: SourceError.self) {
            try Endpoint(secret: secret(["server-url": "https://h", "aws-access-key": "A"]))
        }
        #expect(
            "\(secret(["server-url": "https://h", "token": "abc"]))"
                == "SecretValues(/secrets/cost-endpoint, keys: [\"server-url\", \"token\"])")
    }

    @Test func requestURLsJoinPathsAndRedactCredentials() {
        var request = SourceRequest(endpoint: Endpoint(serverURL: "https://u:p@h.example/base/"), path: "/x?sig=1")
        #expect(request.url == "https://u:p@h.example/base/x?sig=1")
        #expect(request.redactedURL == "https://h.example/base/x")
        request.path = "y"
        #expect(request.url == "https://u:p@h.example/base/y")
        request.path = ""
        #expect(request.url == "https://u:p@h.example/base/")
    }
}
