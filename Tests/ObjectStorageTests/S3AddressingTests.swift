import Testing

@testable import ObjectStorage

/// `s3://` URLs, the prefix's normal form, endpoints, and the URLs of path-style and virtual-host requests.
@Suite struct S3AddressingTests {
    @Test(arguments: [
        ("s3://bucket", "bucket", ""),
        ("s3://bucket/", "bucket", ""),
        ("s3://bucket/focus", "bucket", "focus/"),
        ("s3://bucket/focus/exports/", "bucket", "focus/exports/"),
        ("S3://my.bucket//a//", "my.bucket", "a/"),
    ])
    func s3URLsGiveBucketAndNormalisedPrefix(_ url: String, _ bucket: String, _ prefix: String) throws {
        let location = try S3Location(url: url)
        #expect(location.bucket == bucket)
        #expect(location.prefix == prefix)
        #expect(location.description == "s3://\(bucket)/\(prefix)")
    }

    @Test(arguments: ["http://bucket/x", "s3://", "s3:///prefix", "s3://bucket/p?versionId=1", "bucket/prefix"])
    func notAnS3URLIsRejected(_ url: String) {
        let error = #expect(throws: ObjectStoreError.self) { try S3Location(url: url) }
        #expect(error?.kind == .rejected)
    }

    @Test func prefixIsNormalisedWhenSet() {
        var location = S3Location(bucket: "b", prefix: "/reports")
        #expect(location.prefix == "reports/")
        location.prefix = "a/b//"
        #expect(location.prefix == "a/b/")
    }

    @Test func awsUsesVirtualHostAndEncodesHivePathsAndSpaces() throws {
        let configuration = S3Configuration(
            location: S3Location(bucket: "finops-data"), region: "eu-west-1", credentials: S3Fixtures.credentials)
        #expect(configuration.resolvedAddressing == .virtualHost)
        let target = try S3Endpoint(configuration).target(key: "focus/year=2026/month=11/part 0.parquet")
        #expect(
            target.url == "https://finops-data.s3.eu-west-1.amazonaws.com/focus/year%3D2026/month%3D11/part%200.parquet"
        )
        #expect(target.host == "finops-data.s3.eu-west-1.amazonaws.com")
        #expect(target.pathAndQuery == "/focus/year%3D2026/month%3D11/part%200.parquet")
    }

    @Test func aCustomEndpointUsesPathStyleWithItsPortAndBasePath() throws {
        let configuration = S3Configuration(
            location: S3Location(bucket: "finops"), region: "us-east-1", endpoint: "http://MinIO.local:9000/s3/",
            credentials: S3Fixtures.credentials)
        #expect(configuration.resolvedAddressing == .pathStyle)
        let endpoint = try S3Endpoint(configuration)
        let object = endpoint.target(key: "a+b/ü~.csv")
        #expect(object.url == "http://minio.local:9000/s3/finops/a%2Bb/%C3%BC~.csv")
        #expect(object.host == "minio.local:9000")
        let list = endpoint.target(
            key: nil, query: [("list-type", "2"), ("prefix", "focus/year=2026/"), ("uploads", nil)])
        #expect(list.pathAndQuery == "/s3/finops?list-type=2&prefix=focus%2Fyear%3D2026%2F&uploads")
    }

    @Test func theDefaultPortIsLeftOutOfTheHost() throws {
        let configuration = S3Configuration(
            location: S3Location(bucket: "finops"), region: "us-east-1", endpoint: "https://s3.example.net:443",
            credentials: S3Fixtures.credentials)
        let target = try S3Endpoint(configuration).target(key: nil)
        #expect(target.url == "https://s3.example.net/finops")
        #expect(target.host == "s3.example.net")
    }

    @Test func virtualHostOnACustomEndpointPutsTheBucketInTheHost() throws {
        let configuration = S3Configuration(
            location: S3Location(bucket: "finops"), region: "us-east-1", endpoint: "http://127.0.0.1:9000",
            addressing: .virtualHost, credentials: S3Fixtures.credentials)
        let endpoint = try S3Endpoint(configuration)
        #expect(endpoint.target(key: "k").url == "http://finops.127.0.0.1:9000/k")
        #expect(endpoint.target(key: nil).pathAndQuery == "/")
    }

    @Test func bucketsWithDotsOrUpperCaseFallBackToPathStyleOnAWS() {
        for bucket in ["my.bucket", "Legacy_Bucket"] {
            let configuration = S3Configuration(
                location: S3Location(bucket: bucket), region: "us-east-1", credentials: S3Fixtures.credentials)
            #expect(configuration.resolvedAddressing == .pathStyle)
        }
        let awsEndpoint = S3Configuration(
            location: S3Location(bucket: "b-1"), region: "us-east-1", endpoint: "https://s3.us-east-1.amazonaws.com",
            credentials: S3Fixtures.credentials)
        #expect(awsEndpoint.resolvedAddressing == .virtualHost)
    }

    @Test func chinaRegionsUseTheirOwnDomain() throws {
        let configuration = S3Configuration(
            location: S3Location(bucket: "b-1"), region: "cn-north-1", credentials: S3Fixtures.credentials)
        #expect(try S3Endpoint(configuration).target(key: "k").url == "https://b-1.s3.cn-north-1.amazonaws.com.cn/k")
    }

    @Test(arguments: [
        "ftp://host", "http://user:secret-password@host:9000", "http://host:0", "http://host:99999", "http://",
        "http://host/?x=1", "127.0.0.1:9000",
    ])
    func invalidEndpointsAreRejectedWithoutUserInfo(_ endpoint: String) {
        let configuration = S3Configuration(
            location: S3Location(bucket: "finops"), region: "us-east-1", endpoint: endpoint,
            credentials: S3Fixtures.credentials)
        let error = #expect(throws: ObjectStoreError.self) { try S3Endpoint(configuration) }
        #expect(error?.kind == .rejected)
        #expect(error?.message.contains("secret-password") == false)
    }

    @Test func virtualHostWithAnInvalidHostNameIsRejected() {
        let configuration = S3Configuration(
            location: S3Location(bucket: "Not_DNS"), region: "us-east-1", addressing: .virtualHost,
            credentials: S3Fixtures.credentials)
        #expect(throws: ObjectStoreError.self) { try S3Endpoint(configuration) }
    }

    @Test func keysAreRelativeToThePrefixAndValidated() throws {
        let store = try S3Fixtures.store(ScriptedTransport([.success(S3HTTPResponse(status: 200))]))
        #expect(store.location == "s3://finops/focus/")
        #expect(try store.fullKey("year=2026/a b.csv") == "focus/year=2026/a b.csv")
        for bad in ["", "/abs", "a/../b", "./a", "a\nb", String(repeating: "k", count: 1020)] {
            #expect(throws: ObjectStoreError.self, "\(bad.prefix(20))") { try store.fullKey(bad) }
        }
    }

    @Test func invalidSettingsAreRejectedWhenTheStoreIsMade() {
        #expect(throws: ObjectStoreError.self) { try S3Fixtures.store(ScriptedTransport([]), partSize: 1 << 20) }
        #expect(throws: ObjectStoreError.self) { try S3Fixtures.store(ScriptedTransport([]), listPageSize: 1001) }
    }
}
