import AWSSigning
import Testing

@testable import ObjectStorage

/// Which failures are retried, how long the store waits between attempts (on a clock that never sleeps), and the
/// error kinds and messages that come out.
@Suite struct S3RetryTests {
    @Test func theBackoffDoublesUpToTheCap() {
        let policy = S3RetryPolicy(
            maximumAttempts: 8, initialDelay: .milliseconds(250), maximumDelay: .seconds(2), jitter: 0)
        #expect(
            (1...8).map { policy.delay(beforeAttempt: $0, random: 0.3) } == [
                .zero, .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(2), .seconds(2),
                .seconds(2),
            ])
    }

    @Test func jitterSpreadsAWaitWithinItsBand() {
        let policy = S3RetryPolicy(initialDelay: .seconds(1), jitter: 0.2)
        #expect(policy.delay(beforeAttempt: 2, random: 0) == .milliseconds(800))
        #expect(policy.delay(beforeAttempt: 2, random: 0.5) == .seconds(1))
        #expect(policy.delay(beforeAttempt: 2, random: 0.999_999) < .milliseconds(1200))
        #expect(S3RetryPolicy.none.maximumAttempts == 1)
    }

    @Test func serverErrorsAreRetriedWithTheBackoffSequence() async throws {
        let clock = RecordingClock()
        let transport = ScriptedTransport([
            .success(S3Fixtures.error(500, "InternalError")), .success(S3Fixtures.error(503, "SlowDown")),
            .success(S3HTTPResponse(status: 429)), .success(S3HTTPResponse(status: 200, body: [1, 2, 3])),
        ])
        let store = try S3Fixtures.store(transport, clock: clock)
        #expect(try await store.read(key: "a.csv") == [1, 2, 3])
        #expect(transport.requests.count == 4)
        #expect(clock.sleeps == [.milliseconds(250), .milliseconds(500), .seconds(1)])
    }

    @Test func everyAttemptIsSignedAgain() async throws {
        let transport = ScriptedTransport([
            .success(S3Fixtures.error(503, "SlowDown")), .success(S3HTTPResponse(status: 200)),
        ])
        _ = try await S3Fixtures.store(transport).read(key: "a.csv")
        #expect(transport.requests.allSatisfy { $0.header("Authorization") != nil && $0.header("X-Amz-Date") != nil })
    }

    @Test func persistentServerErrorsEndUnavailableAfterTheLastAttempt() async throws {
        let clock = RecordingClock()
        let transport = ScriptedTransport([.success(S3Fixtures.error(503, "SlowDown", "Please reduce your rate."))])
        let store = try S3Fixtures.store(transport, clock: clock)
        let error = await #expect(throws: ObjectStoreError.self) { try await store.read(key: "a.csv") }
        #expect(error?.kind == .unavailable)
        #expect(error?.isRetriable == true)
        #expect(error?.message.contains("HTTP 503 SlowDown: Please reduce your rate.") == true)
        #expect(error?.message.contains("REQ1") == false)  // the request ID comes from a header, not the body
        #expect(error?.message.contains("Gave up after 5 attempts") == true)
        #expect(transport.requests.count == 5)
        #expect(clock.sleeps == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2)])
    }

    @Test func connectionFailuresEndUnreachable() async throws {
        let transport = ScriptedTransport([
            .failure(S3TransportError("GET http://127.0.0.1:9000/x: connection refused"))
        ])
        let store = try S3Fixtures.store(transport, retry: S3RetryPolicy(maximumAttempts: 3, jitter: 0))
        let error = await #expect(throws: ObjectStoreError.self) { try await store.list(prefix: "") }
        #expect(error?.kind == .unreachable)
        #expect(error?.message.contains("connection refused") == true)
        #expect(transport.requests.count == 3)
    }

    @Test(arguments: [
        (403, "AccessDenied", ObjectStoreError.Kind.denied),
        (403, "InvalidAccessKeyId", .denied),
        (403, "SignatureDoesNotMatch", .denied),
        (400, "ExpiredToken", .denied),
        (403, "", .denied),
        (404, "NoSuchBucket", .missing),
        (400, "InvalidArgument", .rejected),
        (409, "OperationAborted", .unavailable),
        (400, "RequestTimeout", .unavailable),
        (405, "MethodNotAllowed", .rejected),
        (301, "PermanentRedirect", .rejected),
    ])
    func failuresMapToKinds(_ status: Int, _ code: String, _ kind: ObjectStoreError.Kind) async throws {
        let response = code.isEmpty ? S3HTTPResponse(status: status) : S3Fixtures.error(status, code)
        let transport = ScriptedTransport([.success(response)])
        let store = try S3Fixtures.store(transport)
        let error = await #expect(throws: ObjectStoreError.self) { try await store.delete(key: "a.csv") }
        #expect(error?.kind == kind)
        #expect(transport.requests.count == (kind == .unavailable ? 5 : 1))
        #expect(error?.message.hasPrefix("S3 DELETE s3://finops/focus/a.csv failed: HTTP \(status)") == true)
    }

    @Test func aWrongRegionNamesTheBucketsRegion() async throws {
        let transport = ScriptedTransport([
            .success(
                S3Fixtures.xml(
                    "<Error><Code>AuthorizationHeaderMalformed</Code><Message>wrong region</Message>"
                        + "<Region>eu-central-1</Region></Error>", status: 400))
        ])
        let error = await #expect(throws: ObjectStoreError.self) {
            try await S3Fixtures.store(transport).read(key: "a")
        }
        #expect(error?.kind == .rejected)
        #expect(error?.message.contains("The bucket is in region eu-central-1") == true)
    }

    @Test func theRequestIDIsQuotedForSupport() async throws {
        var response = S3Fixtures.error(403, "AccessDenied")
        response.headers.append(("x-amz-request-id", "4442587FB7D0A2F9"))
        let error = await #expect(throws: ObjectStoreError.self) {
            try await S3Fixtures.store(ScriptedTransport([.success(response)])).read(key: "a")
        }
        #expect(error?.message.contains("(request ID 4442587FB7D0A2F9)") == true)
    }

    @Test func secretsNeverReachTheMessage() async throws {
        let credentials = AWSCredentials(
            accessKeyID: "ASIAEXAMPLE", secretAccessKey: "SECRET-KEY-1234567890", sessionToken: "SESSION-TOKEN-0987")
        // A misbehaving proxy echoing the request headers in its error, and a transport error quoting them.
        let transport = ScriptedTransport { request, index in
            let headers = request.headers.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            if index == 0 { throw S3TransportError("connection reset; sent \(headers)") }
            return S3Fixtures.error(400, "InvalidRequest", "Echo: \(headers) key=SECRET-KEY-1234567890")
        }
        let store = try S3Fixtures.store(transport, credentials: S3StaticCredentialsProvider(credentials))
        let error = await #expect(throws: ObjectStoreError.self) { try await store.read(key: "a") }
        let message = try #require(error?.message)
        let lost = ScriptedTransport { request, _ in
            throw S3TransportError("reset after \(request.headers.map { "\($0.name)=\($0.value)" })")
        }
        let unreachable = await #expect(throws: ObjectStoreError.self) {
            try await S3Fixtures.store(lost, credentials: S3StaticCredentialsProvider(credentials)).read(key: "a")
        }
        #expect(unreachable?.kind == .unreachable)
        #expect(unreachable?.message.contains("reset after") == true)
        #expect(unreachable?.message.contains("SECRET-KEY") == false)
        #expect(unreachable?.message.contains("SESSION-TOKEN") == false)
        #expect(unreachable?.message.contains("Signature=") == false)
        #expect(message.contains("Echo:"))
        #expect(!message.contains("SECRET-KEY-1234567890"))
        #expect(!message.contains("SESSION-TOKEN-0987"))
        let signature = try #require(transport.requests.last?.header("Authorization")?.split(separator: "=").last)
        #expect(!message.contains(signature))
    }

    struct FailingCredentials: S3CredentialsProvider {
        struct Broken: Error {}
        var error: any Error
        func credentials() async throws -> AWSCredentials { throw error }
    }

    @Test func credentialFailuresKeepTheirKindAndSendNothing() async throws {
        let transport = ScriptedTransport([.success(S3HTTPResponse(status: 200))])
        let outage = try S3Fixtures.store(
            transport, credentials: FailingCredentials(error: ObjectStoreError(.unavailable, "STS is down.")))
        let error = await #expect(throws: ObjectStoreError.self) { try await outage.read(key: "a") }
        #expect(error == ObjectStoreError(.unavailable, "STS is down."))
        let broken = try S3Fixtures.store(
            transport, credentials: FailingCredentials(error: FailingCredentials.Broken()))
        let brokenError = await #expect(throws: ObjectStoreError.self) { try await broken.read(key: "a") }
        #expect(brokenError?.kind == .denied)
        #expect(transport.requests.isEmpty)
    }

    @Test func aConnectionRefusedByARealSocketIsUnreachable() async throws {
        var configuration = S3Configuration(
            location: S3Location(bucket: "finops"), region: "us-east-1", endpoint: "http://127.0.0.1:1",
            credentials: S3Fixtures.credentials)
        configuration.retry = S3RetryPolicy(maximumAttempts: 2, jitter: 0)
        configuration.requestTimeout = .seconds(20)
        let clock = RecordingClock()
        let transport = S3AsyncHTTPClientTransport(configuration: S3AsyncHTTPClientTransport.recommendedConfiguration)
        let store = try S3ObjectStore(configuration: configuration, transport: transport, clock: clock)
        let error = await #expect(throws: ObjectStoreError.self) { try await store.read(key: "a") }
        try await transport.shutdown()
        #expect(error?.kind == .unreachable)
        #expect(clock.sleeps == [.milliseconds(250)])
    }

    @Test func cancellationStopsTheRetriesAtOnce() async throws {
        let transport = ScriptedTransport([.success(S3Fixtures.error(503, "SlowDown"))])
        let store = try S3Fixtures.store(transport)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await store.read(key: "a")
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(transport.requests.count <= 1)
    }
}
