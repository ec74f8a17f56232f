import Foundation
import Testing

@testable import AWSSigning

/// Expected headers produced by botocore 1.44.5 (the reference SigV4 implementation behind the AWS CLI) with this
/// script, run with `.venv-ci/bin/python`:
///
/// ```python
/// import datetime
/// from unittest import mock
/// from botocore.auth import SigV4Auth, S3SigV4Auth, S3SigV4QueryAuth
/// from botocore.awsrequest import AWSRequest
/// from botocore.credentials import Credentials
///
/// NOW = datetime.datetime(2024, 5, 1, 12, 34, 56)
/// SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
/// TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+example=="
///
/// def show(name, auth_cls, service, method, url, headers, body=b"", token=None, **kw):
///     creds = Credentials("AKIDEXAMPLE", SECRET, token)
///     req = AWSRequest(method=method, url=url, headers=headers, data=body)
///     req.context["payload_signing_enabled"] = True
///     with mock.patch("botocore.auth.get_current_datetime", return_value=NOW):
///         auth_cls(creds, service, "us-east-1", **kw).add_auth(req)
///     print("==", name)
///     if auth_cls is S3SigV4QueryAuth:
///         print(req.url)
///     else:
///         for k in ("X-Amz-Date", "X-Amz-Content-SHA256", "X-Amz-Security-Token", "Authorization"):
///             if k in req.headers:
///                 print(f"{k}: {req.headers[k]}")
///
/// show("s3-put-space", S3SigV4Auth, "s3", "PUT",
///      "https://examplebucket.s3.us-east-1.amazonaws.com/reports/report%20v1.csv",
///      {"Host": "examplebucket.s3.us-east-1.amazonaws.com", "Content-Type": "text/csv"}, b"a,b\n1,2\n")
/// show("s3-get-list", S3SigV4Auth, "s3", "GET",
///      "https://examplebucket.s3.us-east-1.amazonaws.com/?list-type=2&prefix=reports%2F2024&max-keys=100",
///      {"Host": "examplebucket.s3.us-east-1.amazonaws.com"})
/// show("monitoring-get-query", SigV4Auth, "monitoring", "GET",
///      "https://monitoring.us-east-1.amazonaws.com/?Version=2010-08-01&Action=ListMetrics&Namespace=AWS%2FEC2",
///      {"Host": "monitoring.us-east-1.amazonaws.com"})
/// show("execute-api-get-space", SigV4Auth, "execute-api", "GET",
///      "https://abc123.execute-api.us-east-1.amazonaws.com/prod/cost%20report/./daily"
///      "?to=2024-01-31&from=2024-01-01&from=2023-12-31",
///      {"Host": "abc123.execute-api.us-east-1.amazonaws.com"})
/// show("ce-post-token", SigV4Auth, "ce", "POST", "https://ce.us-east-1.amazonaws.com/",
///      {"Host": "ce.us-east-1.amazonaws.com", "Content-Type": "application/x-amz-json-1.1",
///       "X-Amz-Target": "AWSInsightsIndexService.GetCostAndUsage"},
///      b'{"TimePeriod":{"Start":"2024-04-01","End":"2024-05-01"},"Granularity":"DAILY","Metrics":["UnblendedCost"]}',
///      token=TOKEN)
/// show("s3-presign-get", S3SigV4QueryAuth, "s3", "GET",
///      "https://examplebucket.s3.us-east-1.amazonaws.com/reports/report%20v1.csv",
///      {"Host": "examplebucket.s3.us-east-1.amazonaws.com"}, token=TOKEN, expires=3600)
/// ```
@Suite struct BotocoreCrossCheckTests {
    static let date = Date(timeIntervalSince1970: 1_714_566_896)  // 2024-05-01T12:34:56Z
    static let token = "IQoJb3JpZ2luX2VjEXAMPLETOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+example=="

    static func signer(_ service: String, token: String? = nil) -> SigV4Signer {
        SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                sessionToken: token),
            region: "us-east-1", service: service)
    }

    static func authorization(_ service: String, _ signedHeaders: String, _ signature: String) -> String {
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/\(service)/aws4_request, "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    @Test func s3PutOfKeyWithSpaceIsSignedAsSentEncodedOnce() throws {
        let signed = try Self.signer("s3").sign(
            method: "PUT", url: "/reports/report%20v1.csv",
            headers: [("Host", "examplebucket.s3.us-east-1.amazonaws.com"), ("Content-Type", "text/csv")],
            payload: .bytes(Array("a,b\n1,2\n".utf8)), date: Self.date)
        #expect(signed.value(of: "X-Amz-Date") == "20240501T123456Z")
        #expect(
            signed.value(of: "X-Amz-Content-Sha256")
                == "492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470")
        #expect(
            signed.authorization
                == Self.authorization(
                    "s3", "content-type;host;x-amz-content-sha256;x-amz-date",
                    "427b3e4b1965e6fdc041ffb8e7053d74e2424b09f4fadc0bf29a5e1da804d4e4"))
        #expect(signed.canonicalRequest.split(separator: "\n")[1] == "/reports/report%20v1.csv")
    }

    @Test func s3KeyBuiltWithThePercentEncoderSignsTheSame() throws {
        let path = "/" + SigV4PercentEncoding.encode("reports/report v1.csv", keepingSlashes: true)
        #expect(path == "/reports/report%20v1.csv")
        let signed = try Self.signer("s3").sign(
            method: "PUT", url: path,
            headers: [("Host", "examplebucket.s3.us-east-1.amazonaws.com"), ("Content-Type", "text/csv")],
            payload: .sha256Hex("492D5EA496056F1A6A6592241032FAB764C321596317930B4FA0E1E8BC3B7470"), date: Self.date)
        #expect(signed.signature == "427b3e4b1965e6fdc041ffb8e7053d74e2424b09f4fadc0bf29a5e1da804d4e4")
    }

    @Test func s3ListWithEncodedQuery() throws {
        let signed = try Self.signer("s3").sign(
            method: "GET", url: "/?list-type=2&prefix=reports%2F2024&max-keys=100",
            headers: [("Host", "examplebucket.s3.us-east-1.amazonaws.com")], date: Self.date)
        #expect(
            signed.authorization
                == Self.authorization(
                    "s3", "host;x-amz-content-sha256;x-amz-date",
                    "d42421f8c7c36cadda75ace97e50dbba2a96655e9a173a6e74a7e19f70c72acf"))
    }

    @Test func getWithQueryIsSortedByName() throws {
        let signed = try Self.signer("monitoring").sign(
            method: "GET", url: "/?Version=2010-08-01&Action=ListMetrics&Namespace=AWS%2FEC2",
            headers: [("Host", "monitoring.us-east-1.amazonaws.com")], date: Self.date)
        #expect(
            signed.authorization
                == Self.authorization(
                    "monitoring", "host;x-amz-date",
                    "d5e05d41e1eb743c462ce1462d4515bcd7c569aa69ee68f2d3460072dbd74cce"))
        #expect(signed.value(of: "X-Amz-Content-Sha256") == nil)
    }

    @Test func nonS3PathIsNormalisedAndEncodedTwice() throws {
        let signed = try Self.signer("execute-api").sign(
            method: "GET", url: "/prod/cost%20report/./daily?to=2024-01-31&from=2024-01-01&from=2023-12-31",
            headers: [("Host", "abc123.execute-api.us-east-1.amazonaws.com")], date: Self.date)
        let lines = signed.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "/prod/cost%2520report/daily")
        #expect(lines[2] == "from=2023-12-31&from=2024-01-01&to=2024-01-31")
        #expect(
            signed.authorization
                == Self.authorization(
                    "execute-api", "host;x-amz-date",
                    "adefafe6c58170107bda8e2faa885caba2e77ea59491f115cc8b913e320d5a81"))
    }

    @Test func postWithBodyAndSessionTokenSignsTheToken() throws {
        let body =
            #"{"TimePeriod":{"Start":"2024-04-01","End":"2024-05-01"},"Granularity":"DAILY","#
            + #""Metrics":["UnblendedCost"]}"#
        let signed = try Self.signer("ce", token: Self.token).sign(
            method: "POST", url: "/",
            headers: [
                ("Host", "ce.us-east-1.amazonaws.com"), ("Content-Type", "application/x-amz-json-1.1"),
                ("X-Amz-Target", "AWSInsightsIndexService.GetCostAndUsage"),
            ],
            payload: .bytes(Array(body.utf8)), date: Self.date)
        #expect(signed.value(of: "X-Amz-Security-Token") == Self.token)
        #expect(
            signed.authorization
                == Self.authorization(
                    "ce", "content-type;host;x-amz-date;x-amz-security-token;x-amz-target",
                    "10265dcbd58543a01847b81a869c5a6e4e0ea11a126fb75cc5ea074bac36406d"))
        #expect(signed.headers.map(\.name) == ["X-Amz-Date", "X-Amz-Security-Token", "Authorization"])
    }

    @Test func presignedS3GetMatchesBotocore() throws {
        let url = try Self.signer("s3", token: Self.token).presignedURL(
            method: "GET", url: "/reports/report%20v1.csv", host: "examplebucket.s3.us-east-1.amazonaws.com",
            expires: 3600, date: Self.date)
        // botocore orders the authentication parameters as it adds them; AWS accepts any order, so compare the
        // parameters as a set and the signature exactly.
        let expected =
            "/reports/report%20v1.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIDEXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T123456Z"
            + "&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
            + "&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLETOKEN%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F"
            + "wEaCXVzLWVhc3QtMSJHMEUCIQ%2Bexample%3D%3D"
            + "&X-Amz-Signature=7f7f5a9e430e5bede92ea97e577be6b055c197faf35bfb154e306608d6a95139"
        #expect(Self.queryItems(url) == Self.queryItems(expected))
        #expect(url.hasPrefix("/reports/report%20v1.csv?"))
        #expect(url.hasSuffix("&X-Amz-Signature=7f7f5a9e430e5bede92ea97e577be6b055c197faf35bfb154e306608d6a95139"))
    }

    static func queryItems(_ url: String) -> Set<Substring> {
        guard let question = url.firstIndex(of: "?") else { return [] }
        return Set(url[url.index(after: question)...].split(separator: "&"))
    }
}
