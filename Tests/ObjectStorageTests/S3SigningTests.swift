import Testing

@testable import AWSSigning
@testable import ObjectStorage

/// The store's requests are signed as botocore signs them. Expected values from botocore 1.44.5 with
/// `.venv-ci/bin/python`:
///
/// ```python
/// import datetime
/// from unittest import mock
/// from botocore.auth import S3SigV4Auth
/// from botocore.awsrequest import AWSRequest
/// from botocore.credentials import Credentials
///
/// NOW = datetime.datetime(2026, 11, 3, 10, 15, 0)
/// def show(method, url, headers, body=b""):
///     req = AWSRequest(method=method, url=url, headers=headers, data=body)
///     req.context["payload_signing_enabled"] = True
///     with mock.patch("botocore.auth.get_current_datetime", return_value=NOW):
///         S3SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "s3",
///                     "us-east-1").add_auth(req)
///     print(req.headers["Authorization"])
///
/// show("PUT", "http://127.0.0.1:9000/finops/focus/year%3D2026/month%3D11/a%20b.csv",
///      {"Host": "127.0.0.1:9000", "Content-Type": "text/csv"}, b"a,b\n1,2\n")
/// show("GET", "http://127.0.0.1:9000/finops?list-type=2&prefix=focus%2Fyear%3D2026%2F&max-keys=2"
///      "&continuation-token=1%2Fabc%3D%3D", {"Host": "127.0.0.1:9000"})
/// ```
///
/// botocore's own client sends that key as `/finops/focus/year%3D2026/month%3D11/a%20b.csv`, as the store does.
@Suite struct S3SigningTests {
    static let scope = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261103/us-east-1/s3/aws4_request"

    func client() throws -> S3Client {
        try S3Fixtures.store(ScriptedTransport([])).client
    }

    @Test func aPutOfAHiveKeyIsSignedAsBotocoreSignsIt() throws {
        let client = try client()
        let call = S3Call(
            method: "PUT", key: "focus/year=2026/month=11/a b.csv", headers: [("Content-Type", "text/csv")],
            body: Array("a,b\n1,2\n".utf8))
        let request = try client.sign(
            call, target: client.endpoint.target(key: call.key), credentials: S3Fixtures.credentials)
        #expect(request.url == "http://127.0.0.1:9000/finops/focus/year%3D2026/month%3D11/a%20b.csv")
        #expect(request.header("Host") == "127.0.0.1:9000")
        #expect(request.header("X-Amz-Date") == "20261103T101500Z")
        #expect(
            request.header("X-Amz-Content-Sha256") == "492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470"
        )
        #expect(
            request.header("Authorization")
                == Self.scope + ", SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
                + "Signature=3ae4bf73cedc01bda2381a5e478dd33c6951d0ac706a7123e137898b16a07bbc")
        #expect(request.body == Array("a,b\n1,2\n".utf8))
    }

    @Test func aListPageWithAContinuationTokenIsSignedAsBotocoreSignsIt() throws {
        let client = try client()
        let query: [(name: String, value: String?)] = [
            ("list-type", "2"), ("prefix", "focus/year=2026/"), ("max-keys", "2"), ("continuation-token", "1/abc=="),
        ]
        let call = S3Call(method: "GET", key: nil, query: query)
        let request = try client.sign(
            call, target: client.endpoint.target(key: nil, query: query), credentials: S3Fixtures.credentials)
        #expect(
            request.url
                == "http://127.0.0.1:9000/finops?list-type=2&prefix=focus%2Fyear%3D2026%2F&max-keys=2"
                + "&continuation-token=1%2Fabc%3D%3D")
        #expect(
            request.header("X-Amz-Content-Sha256") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
        #expect(
            request.header("Authorization")
                == Self.scope + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                + "Signature=7a7f930dabb9680eb987e527cecf5d74617cf5e98aed6dd5a2f8a93c1ac02753")
    }

    @Test func aSessionTokenIsSentAndSigned() throws {
        let client = try client()
        let credentials = AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "tok")
        let call = S3Call(method: "GET", key: "k")
        let request = try client.sign(call, target: client.endpoint.target(key: "k"), credentials: credentials)
        #expect(request.header("X-Amz-Security-Token") == "tok")
        #expect(request.header("Authorization")?.contains("x-amz-security-token") == true)
    }
}
