import Foundation
import Testing

@testable import AWSSigning

@Suite struct CanonicalizationTests {
    @Test func s3PathKeepsEscapesAndEncodesTheRest() {
        #expect(CanonicalURI.make(path: "/a%2fb/c d/(x)", s3Rules: true) == "/a%2Fb/c%20d/%28x%29")
        #expect(CanonicalURI.make(path: "/a//b/../c", s3Rules: true) == "/a//b/../c", "S3 keys are not normalised")
        #expect(CanonicalURI.make(path: "/100%", s3Rules: true) == "/100%25", "a stray % is encoded")
        #expect(CanonicalURI.make(path: "", s3Rules: true) == "/")
    }

    @Test func otherServicesNormaliseThenEncodeAgain() {
        #expect(CanonicalURI.make(path: "/a%2Fb/./c/../d", s3Rules: false) == "/a%252Fb/d")
        #expect(CanonicalURI.make(path: "/../..", s3Rules: false) == "/")
        #expect(CanonicalURI.make(path: "/a/b/", s3Rules: false) == "/a/b/")
        #expect(CanonicalURI.make(path: "", s3Rules: false) == "/")
    }

    @Test func queryIsEncodedAndSortedByteWise() {
        #expect(CanonicalQuery.make(query: "b=2&a=1&B=0&a") == "B=0&a=&a=1&b=2")
        #expect(CanonicalQuery.make(query: "q=a+b c&x=%7e") == "q=a%2Bb%20c&x=~")
        #expect(CanonicalQuery.make(query: "&&k=v&&") == "k=v")
        #expect(CanonicalQuery.make(query: "k=a=b") == "k=a%3Db")
        #expect(CanonicalQuery.make(query: "") == "")
    }

    @Test func headersAreLowercasedTrimmedCollapsedAndSorted() throws {
        let headers = try CanonicalHeaders([
            ("X-B", "  two\t\tspaces  here "), ("host", "h"), (" X-A ", "1"), ("x-a", "2"),
        ])
        #expect(headers.canonical == "host:h\nx-a:1,2\nx-b:two spaces here\n")
        #expect(headers.signedNames == "host;x-a;x-b")
    }

    @Test func controlCharactersInHeadersAreRejected() {
        #expect(throws: SigV4Error.self) { try CanonicalHeaders([("X-A", "line\nbreak")]) }
        #expect(throws: SigV4Error.self) { try CanonicalHeaders([("Bad Name", "v")]) }
        #expect(throws: SigV4Error.self) { try CanonicalHeaders([("", "v")]) }
    }

    @Test func percentEncoderLeavesOnlyUnreservedCharacters() {
        #expect(SigV4PercentEncoding.encode("a b/ü~*'") == "a%20b%2F%C3%BC~%2A%27")
        #expect(SigV4PercentEncoding.encode("dir/file name", keepingSlashes: true) == "dir/file%20name")
    }

    @Test func missingHostAndRelativeURLAreErrors() {
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"), region: "us-east-1",
            service: "s3")
        #expect(throws: SigV4Error(.missingHost, "the headers to sign have no Host header; SigV4 requires it")) {
            try signer.sign(method: "GET", url: "/", headers: [], date: Date(timeIntervalSince1970: 0))
        }
        #expect {
            try signer.sign(
                method: "GET", url: "https://h/x", headers: [("Host", "h")], date: Date(timeIntervalSince1970: 0))
        } throws: { ($0 as? SigV4Error)?.code == .invalidURL }
    }

    @Test func callerSuppliedAuthenticationHeadersAreReplaced() throws {
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"), region: "us-east-1",
            service: "s3")
        let signed = try signer.sign(
            method: "get", url: "/k#fragment",
            headers: [("Host", "h"), ("X-Amz-Date", "19990101T000000Z"), ("Authorization", "old")],
            payload: .unsigned, date: Date(timeIntervalSince1970: 0))
        #expect(signed.canonicalRequest.hasPrefix("GET\n/k\n\n"))
        #expect(signed.canonicalRequest.contains("x-amz-date:19700101T000000Z\n"))
        #expect(!signed.canonicalRequest.contains("1999"))
        #expect(signed.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
        #expect(signed.value(of: "x-amz-content-sha256") == "UNSIGNED-PAYLOAD")
    }
}
