import AWSSigning
import Foundation
import Synchronization
import Testing

@testable import ObjectStorage

/// Static credentials from a Secret, the SDK environment variables, and web identity (IRSA) through a scripted STS.
@Suite struct S3CredentialsTests {
    @Test func secretValuesGiveCredentialsAndTrimNewlines() async throws {
        let sdkNames = try S3StaticCredentialsProvider(secretValues: [
            "AWS_ACCESS_KEY_ID": "AKID\n", "AWS_SECRET_ACCESS_KEY": " s3cr3t ", "AWS_SESSION_TOKEN": "",
        ])
        #expect(
            try await sdkNames.credentials()
                == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s3cr3t", sessionToken: nil))
        let projectNames = try S3StaticCredentialsProvider(secretValues: [
            "aws-access-key": "AKID2", "aws-secret-key": "s2", "aws-session-token": "t2\n", "AWS_ACCESS_KEY_ID": "x",
        ])
        #expect(
            try await projectNames.credentials()
                == AWSCredentials(accessKeyID: "AKID2", secretAccessKey: "s2", sessionToken: "t2"))
    }

    @Test func aMissingSecretKeyIsDeniedAndNamesOnlyTheKey() {
        let error = #expect(throws: ObjectStoreError.self) {
            try S3StaticCredentialsProvider(secretValues: ["AWS_ACCESS_KEY_ID": "AKID-VALUE"])
        }
        #expect(error?.kind == .denied)
        #expect(error?.message.contains("aws-secret-key or AWS_SECRET_ACCESS_KEY") == true)
        #expect(error?.message.contains("AKID-VALUE") == false)
    }

    @Test func theEnvironmentGivesRegionAndKeys() throws {
        let environment = [
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
            "AWS_DEFAULT_REGION": "eu-west-1",
        ]
        #expect(S3Environment.region(environment) == "eu-west-1")
        #expect(S3Environment.region(environment.merging(["AWS_REGION": "us-west-2"]) { $1 }) == "us-west-2")
        #expect(
            S3Environment.staticCredentials(environment)
                == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token"))
        #expect(S3Environment.staticCredentials(["AWS_ACCESS_KEY_ID": "AKID"]) == nil)
        #expect(
            try S3Environment.credentialsProvider(environment, transport: ScriptedTransport([]))
                is S3StaticCredentialsProvider)
        let error = #expect(throws: ObjectStoreError.self) {
            try S3Environment.credentialsProvider([:], transport: ScriptedTransport([]))
        }
        #expect(error?.kind == .denied)
    }

    @Test func webIdentityWinsOverKeysInTheEnvironment() throws {
        let environment = [
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/finops",
        ]
        let provider = try S3Environment.credentialsProvider(environment, transport: ScriptedTransport([]))
        let webIdentity = try #require(provider as? S3WebIdentityCredentialsProvider)
        #expect(webIdentity.roleARN == "arn:aws:iam::123456789012:role/finops")
        #expect(webIdentity.sessionName == "finops-operator")
    }

    // MARK: - Web identity

    static func stsAnswer(key: String, expiration: String) -> S3HTTPResponse {
        S3Fixtures.xml(
            """
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <SubjectFromWebIdentityToken>system:serviceaccount:finops:operator</SubjectFromWebIdentityToken>
                <Credentials>
                  <SessionToken>FwoGZXIvYXdzEXAMPLE/token==</SessionToken>
                  <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>
                  <Expiration>\(expiration)</Expiration>
                  <AccessKeyId>\(key)</AccessKeyId>
                </Credentials>
              </AssumeRoleWithWebIdentityResult>
            </AssumeRoleWithWebIdentityResponse>
            """)
    }

    final class Now: Sendable {
        let value = Mutex(Date(timeIntervalSince1970: 1_793_700_900))  // 2026-11-03T10:15:00Z
        func advance(_ seconds: TimeInterval) { value.withLock { $0 += seconds } }
        var date: Date { value.withLock { $0 } }
    }

    func tokenFile(_ token: String = "eyJhbGciOiJSUzI1NiJ9.jwt-token-value.sig") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)").path
        try Data((token + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func provider(_ transport: ScriptedTransport, now: Now, tokenFile: String) throws
        -> S3WebIdentityCredentialsProvider
    {
        try S3WebIdentityCredentialsProvider(
            roleARN: "arn:aws:iam::123456789012:role/finops", tokenFile: tokenFile, region: "eu-west-1",
            transport: transport, retry: S3RetryPolicy(maximumAttempts: 3, jitter: 0), clock: RecordingClock(),
            now: { now.date })
    }

    @Test func theTokenIsExchangedUnsignedAndTheAnswerCachedUntilNearExpiry() async throws {
        let transport = ScriptedTransport { _, index in
            Self.stsAnswer(key: "ASIA\(index)", expiration: "2026-11-03T11:15:00Z")
        }
        let now = Now()
        let file = try tokenFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let provider = try provider(transport, now: now, tokenFile: file)

        let first = try await provider.credentials()
        #expect(first.accessKeyID == "ASIA0")
        #expect(first.secretAccessKey == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        #expect(first.sessionToken == "FwoGZXIvYXdzEXAMPLE/token==")
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://sts.eu-west-1.amazonaws.com/")
        #expect(request.header("Authorization") == nil)
        let form = String(decoding: request.body, as: UTF8.self)
        #expect(form.contains("Action=AssumeRoleWithWebIdentity"))
        #expect(form.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Ffinops"))
        #expect(form.contains("WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.jwt-token-value.sig&") || form.hasSuffix(".sig"))

        now.advance(54 * 60)  // 6 minutes before expiry: still cached
        #expect(try await provider.credentials().accessKeyID == "ASIA0")
        now.advance(2 * 60)  // 4 minutes before expiry: inside the 5-minute margin
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        #expect(transport.requests.count == 2)
    }

    @Test func concurrentCallersShareOneExchange() async throws {
        let transport = ScriptedTransport { _, index in
            Self.stsAnswer(key: "ASIA\(index)", expiration: "2026-11-03T11:15:00.000Z")
        }
        let file = try tokenFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let provider = try provider(transport, now: Now(), tokenFile: file)
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try await provider.credentials().accessKeyID } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys == ["ASIA0"])
        #expect(transport.requests.count == 1)
    }

    @Test func aRefusedTokenIsDeniedAndNeverQuoted() async throws {
        let token = "eyJhbGciOiJSUzI1NiJ9.very-secret-jwt.sig"
        let transport = ScriptedTransport([
            .success(
                S3Fixtures.xml(
                    "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>"
                        + "<Message>Bad token \(token)</Message></Error></ErrorResponse>", status: 400))
        ])
        let file = try tokenFile(token)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let error = await #expect(throws: ObjectStoreError.self) {
            try await provider(transport, now: Now(), tokenFile: file).credentials()
        }
        #expect(error?.kind == .denied)
        #expect(error?.message.contains("InvalidIdentityToken") == true)
        #expect(error?.message.contains(token) == false)
        #expect(transport.requests.count == 1)
    }

    @Test func stsOutagesAreRetriedAndValidKeysBridgeThem() async throws {
        let transport = ScriptedTransport { _, index in
            if index == 0 { return Self.stsAnswer(key: "ASIA0", expiration: "2026-11-03T11:15:00Z") }
            return S3Fixtures.xml(
                "<ErrorResponse><Error><Code>IDPCommunicationError</Code><Message>later</Message></Error>"
                    + "</ErrorResponse>",
                status: 400)
        }
        let now = Now()
        let file = try tokenFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let provider = try provider(transport, now: now, tokenFile: file)
        _ = try await provider.credentials()
        now.advance(57 * 60)  // inside the margin, not yet expired
        #expect(try await provider.credentials().accessKeyID == "ASIA0")
        #expect(transport.requests.count == 4)  // 1 + 3 attempts
        now.advance(4 * 60)  // expired
        let error = await #expect(throws: ObjectStoreError.self) { try await provider.credentials() }
        #expect(error?.kind == .unavailable)
    }

    @Test func aMissingTokenFileIsDenied() async throws {
        let provider = try provider(ScriptedTransport([]), now: Now(), tokenFile: "/nonexistent/token")
        let error = await #expect(throws: ObjectStoreError.self) { try await provider.credentials() }
        #expect(error?.kind == .denied)
        #expect(error?.message.contains("/nonexistent/token") == true)
    }

    @Test func theStoreSignsWithTheProvidersCredentials() async throws {
        let transport = ScriptedTransport { request, _ in
            if request.url.contains("sts.") {
                return Self.stsAnswer(key: "ASIAWEBIDENTITY", expiration: "2026-11-03T11:15:00Z")
            }
            return S3HTTPResponse(status: 200, body: [42])
        }
        let file = try tokenFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let store = try S3Fixtures.store(transport, credentials: try provider(transport, now: Now(), tokenFile: file))
        #expect(try await store.read(key: "a") == [42])
        let s3Request = try #require(transport.requests.last)
        #expect(s3Request.header("Authorization")?.contains("Credential=ASIAWEBIDENTITY/") == true)
        #expect(s3Request.header("X-Amz-Security-Token") == "FwoGZXIvYXdzEXAMPLE/token==")
    }
}
