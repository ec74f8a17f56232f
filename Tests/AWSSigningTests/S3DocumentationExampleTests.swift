import Foundation
import Testing

@testable import AWSSigning

/// The worked examples of the S3 API reference ("Signature calculations for the Authorization header" and
/// "Authenticating requests: using query parameters"): bucket `examplebucket`, key `test.txt`, access key
/// `AKIAIOSFODNN7EXAMPLE`, secret `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, 2013-05-24T00:00:00Z, us-east-1.
@Suite struct S3DocumentationExampleTests {
    static let signer = SigV4Signer(
        credentials: AWSCredentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "s3")
    static let date = Date(timeIntervalSince1970: 1_369_353_600)

    @Test func getObjectWithRangeHeader() throws {
        let signed = try Self.signer.sign(
            method: "GET", url: "/test.txt",
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")],
            payload: .empty, date: Self.date)
        #expect(
            signed.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func presignedGetObject() throws {
        let url = try Self.signer.presignedURL(
            method: "GET", url: "/test.txt", host: "examplebucket.s3.amazonaws.com", expires: 86_400, date: Self.date)
        #expect(
            url
                == "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test func presignRejectsExpiryBeyondSevenDays() {
        #expect(throws: SigV4Error.self) {
            try Self.signer.presignedURL(method: "GET", url: "/x", host: "h", expires: 604_801, date: Self.date)
        }
        #expect(throws: SigV4Error.self) {
            try Self.signer.presignedURL(method: "GET", url: "/x", host: "h", expires: 0, date: Self.date)
        }
    }
}
