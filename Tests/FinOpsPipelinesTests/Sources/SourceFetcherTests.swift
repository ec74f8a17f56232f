import AWSSigning
import Foundation
import Testing

@testable import FinOpsPipelines

@Suite struct SourceFetcherTests {
    @Test func bodiesStreamWithTheResponseHead() async throws {
        let server = StubHTTPServer { _ in .init(headers: ["Content-Type": "text/csv"], body: Array("a,b\n1,2\n".utf8))
        }
        try await server.run { base in
            let fetcher = SourceFetcher()
            var consumer = CollectingConsumer()
            try await fetcher.fetch(
                SourceRequest(endpoint: Endpoint(serverURL: base, authentication: .bearer(token: "tok")), path: "/r"),
                into: &consumer)
            await fetcher.shutdown()
            #expect(consumer.text == "a,b\n1,2\n")
            #expect(consumer.contentType == "text/csv")
            #expect(consumer.ended)
            #expect(server.requests.first?.headers["authorization"] == "Bearer tok")
            #expect(server.requests.first?.path == "/r")
        }
    }

    @Test func verbHeadersAndPayloadAreSent() async throws {
        let server = StubHTTPServer { _ in .init() }
        try await server.run { base in
            let fetcher = SourceFetcher()
            var consumer = CollectingConsumer()
            let request = SourceRequest(
                endpoint: Endpoint(serverURL: base, authentication: .basic(username: "u", password: "p")),
                path: "/q", method: "POST", headers: [.init(name: "Accept", value: "text/csv")],
                body: Array("{\"a\":1}".utf8))
            try await fetcher.fetch(request, into: &consumer)
            await fetcher.shutdown()
            let received = try #require(server.requests.first)
            #expect(received.method == "POST")
            #expect(received.headers["accept"] == "text/csv")
            #expect(received.headers["authorization"] == "Basic dTpw")
            #expect(received.body == Array("{\"a\":1}".utf8))
        }
    }

    @Test func sigV4RequestsCarryASignatureOverWhatIsSent() async throws {
        let server = StubHTTPServer { _ in .init() }
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        try await server.run { base in
            let fetcher = SourceFetcher(now: { date })
            var consumer = CollectingConsumer()
            let credentials = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "SECRET")
            let request = SourceRequest(
                endpoint: Endpoint(
                    serverURL: base,
                    authentication: .sigV4(credentials: credentials, region: "eu-west-1", service: "s3")),
                path: "/bucket/report%20v1.csv")
            let result: Result<Void, SourceError>
            do throws(SourceError) {
                try await fetcher.fetch(request, into: &consumer)
                result = .success(())
            } catch { result = .failure(error) }
            await fetcher.shutdown()
            try result.get()
            let received = try #require(server.requests.first)
            let host = String(base.dropFirst("http://".count))
            let expected = try SigV4Signer(credentials: credentials, region: "eu-west-1", service: "s3")
                .sign(
                    method: "GET", url: "/bucket/report%20v1.csv", headers: [("Host", host)], payload: .empty,
                    date: date)
            #expect(received.headers["authorization"] == expected.authorization)
            #expect(received.headers["x-amz-date"] == "20231114T221320Z")
            #expect(received.path == "/bucket/report%20v1.csv")
        }
    }

    @Test func errorStatusesAreClassified() async throws {
        let server = StubHTTPServer { received in
            received.path == "/denied"
                ? .init(status: .unauthorized, body: Array("bad token".utf8))
                : .init(status: .internalServerError, body: Array("boom\n".utf8))
        }
        try await server.run { base in
            let fetcher = SourceFetcher()
            var consumer = CollectingConsumer()
            do throws(SourceError) {
                try await fetcher.fetch(
                    SourceRequest(endpoint: Endpoint(serverURL: base), path: "/x?key=1"), into: &consumer)
                Issue.record("expected an error")
            } catch {
                #expect(error.reason == .httpStatus)
                #expect(error.isRetriable)
                #expect(error.message == "\(base)/x answered HTTP 500 Internal Server Error: boom.")
            }
            do throws(SourceError) {
                try await fetcher.fetch(
                    SourceRequest(endpoint: Endpoint(serverURL: base), path: "/denied"), into: &consumer)
                Issue.record("expected an error")
            } catch {
                #expect(error.reason == .unauthorized)
                #expect(!error.isRetriable)
            }
            await fetcher.shutdown()
            #expect(!consumer.ended)
        }
    }

    @Test func aSilentServerTimesOut() async throws {
        let server = StubHTTPServer { _ in .init(hang: true) }
        try await server.run { base in
            var options = SourceFetcher.Options()
            options.responseTimeout = .milliseconds(300)
            let fetcher = SourceFetcher(options: options)
            var consumer = CollectingConsumer()
            do throws(SourceError) {
                try await fetcher.fetch(SourceRequest(endpoint: Endpoint(serverURL: base)), into: &consumer)
                Issue.record("expected a timeout")
            } catch {
                #expect(error.reason == .timeout)
            }
            await fetcher.shutdown()
        }
    }

    @Test func aRefusedConnectionIsAConnectionError() async throws {
        let fetcher = SourceFetcher()
        var consumer = CollectingConsumer()
        do throws(SourceError) {
            try await fetcher.fetch(SourceRequest(endpoint: Endpoint(serverURL: "http://127.0.0.1:1")), into: &consumer)
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == .connection)
            #expect(error.isRetriable)
        }
        await fetcher.shutdown()
    }

    @Test func fileURLsAreReadInChunks() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-\(UUID().uuidString).csv").path
        let content = String(repeating: "a,b\n", count: 1000)
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = SourceFetcher.Options()
        options.fileChunkBytes = 1000
        let fetcher = SourceFetcher(options: options)
        var consumer = CollectingConsumer()
        try await fetcher.fetch(SourceRequest(endpoint: Endpoint(serverURL: "file://" + path)), into: &consumer)
        #expect(consumer.text == content)
        #expect(consumer.chunks == 4)
        #expect(consumer.contentType == "text/csv")
        do throws(SourceError) {
            try await fetcher.fetch(
                SourceRequest(endpoint: Endpoint(serverURL: "file:///nonexistent.csv")), into: &consumer)
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == .configuration)
        }
    }

    /// A recorded answer saved under its URL path: the query is not part of the file name, and a file without an
    /// extension is typed by its first bytes.
    @Test func recordedAnswersAreFoundWithoutTheQueryAndTypedByTheirBytes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recorded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("model"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try " {\"data\": []}".write(
            to: directory.appendingPathComponent("model/allocation"), atomically: true, encoding: .utf8)
        let fetcher = SourceFetcher()
        var consumer = CollectingConsumer()
        try await fetcher.fetch(
            SourceRequest(
                endpoint: Endpoint(serverURL: "file://" + directory.path), path: "/model/allocation?window=1d"),
            into: &consumer)
        #expect(consumer.text == " {\"data\": []}")
        #expect(consumer.contentType == "application/json")
        #expect(SourceFetcher.contentType(forFile: "x", startingWith: Data([0x1F, 0x8B, 8])) == "application/gzip")
        #expect(SourceFetcher.contentType(forFile: "x", startingWith: Data("a,b\n".utf8)) == "text/csv")
        #expect(SourceFetcher.contentType(forFile: "x.csv", startingWith: Data("[".utf8)) == "text/csv")
        #expect(SourceFetcher.filePath(of: "file:///a%20b/c?x=1#f") == "/a b/c")
        #expect(SourceFetcher.filePath(of: "https://a/b") == nil)
    }
}
