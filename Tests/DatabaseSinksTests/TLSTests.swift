import Foundation
import KubeTesting
import Testing

@testable import DatabaseSinks

@Suite struct TLSConfigurationTests {
    static func settings(_ mode: DatabaseSettings.TLSMode) -> DatabaseSettings {
        .postgresql(host: "db.example", database: "d", username: "u", tlsMode: mode)
    }

    @Test func modesFollowLibpq() {
        #expect(PostgresTLS.verification(for: Self.settings(.disable), hasCACertificate: false) == .none)
        #expect(PostgresTLS.verification(for: Self.settings(.require), hasCACertificate: false) == .none)
        #expect(PostgresTLS.verification(for: Self.settings(.require), hasCACertificate: true) == .chain)
        #expect(PostgresTLS.verification(for: Self.settings(.verifyCA), hasCACertificate: false) == .chain)
        #expect(PostgresTLS.verification(for: Self.settings(.verifyFull), hasCACertificate: true) == .chainAndHost)
    }

    @Test func configurationsBuild() throws {
        for mode in DatabaseSettings.TLSMode.allCases {
            _ = try PostgresTLS.configuration(for: Self.settings(mode))
        }
    }

    @Test func anUnreadableCACertificateIsATLSError() {
        var settings = Self.settings(.verifyCA)
        settings.caCertificatePEM = "not a certificate"
        #expect(throws: DatabaseError.self) { try PostgresTLS.tlsConfiguration(for: settings) }
        settings.caCertificatePEM = nil
        settings.caCertificateFile = "/nonexistent/ca.pem"
        let error = #expect(throws: DatabaseError.self) { try PostgresTLS.tlsConfiguration(for: settings) }
        #expect(error?.code == .tls)
        #expect(error?.message.contains("/nonexistent/ca.pem") == true)
    }
}

/// A PostgreSQL of its own with `ssl=on`, a certificate from a test CA (for `localhost` and `127.0.0.1`) and only
/// `hostssl` connections allowed. Needs the PostgreSQL 15 binaries, openssl and root (to run it as `postgres`).
@Suite(.enabled(if: TLSServer.available, "needs root, openssl and /usr/lib/postgresql/15/bin"))
struct TLSServerTests {
    @Test func tlsModesAgainstAServerWithACertificate() async throws {
        let server = try TLSServer.start()
        defer { server.stop() }
        func settings(_ host: String, _ mode: DatabaseSettings.TLSMode, ca: String?) -> DatabaseSettings {
            var settings = DatabaseSettings.postgresql(
                host: host, port: server.port, database: "postgres", username: "postgres", password: "postgres",
                tlsMode: mode)
            settings.caCertificatePEM = ca
            return settings
        }
        func check(_ settings: DatabaseSettings) async -> DatabaseError? {
            let sink = makeDatabaseSink(settings, logger: TestDatabase.logger)
            do {
                try await sink.check()
                await sink.shutdown()
                return nil
            } catch {
                await sink.shutdown()
                return error
            }
        }
        // Verified against the test CA, by chain and by name (DNS and IP address).
        #expect(await check(settings("127.0.0.1", .verifyCA, ca: server.caPEM)) == nil)
        #expect(await check(settings("localhost", .verifyFull, ca: server.caPEM)) == nil)
        #expect(await check(settings("127.0.0.1", .verifyFull, ca: server.caPEM)) == nil)
        // Encrypted without verification.
        #expect(await check(settings("127.0.0.1", .require, ca: nil)) == nil)
        // Another CA, or the system roots: refused.
        #expect(await check(settings("127.0.0.1", .verifyCA, ca: server.otherCAPEM))?.code == .tls)
        #expect(await check(settings("localhost", .verifyFull, ca: nil))?.code == .tls)
        #expect(await check(settings("127.0.0.1", .require, ca: server.otherCAPEM))?.code == .tls)
        // Plaintext: the server only takes TLS connections.
        #expect(await check(settings("127.0.0.1", .disable, ca: nil))?.code == .authentication)

        // A load over TLS.
        let table = TestDatabase.uniqueTable("tls")
        let report = try await TestDatabase.load(
            settings("localhost", .verifyFull, ca: server.caPEM), LoadRequest(table: table, kind: .focus, pollID: "p"),
            try Fixtures.focus50)
        #expect(report.rowsInserted == 50)
    }
}

/// Starts and stops the TLS server of ``TLSServerTests``.
struct TLSServer {
    static let binaries = "/usr/lib/postgresql/15/bin"

    static var available: Bool {
        TestDatabase.postgresEnabled && getuid() == 0
            && FileManager.default.isExecutableFile(atPath: "\(binaries)/initdb")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
    }

    let directory: String
    let port: Int
    let caPEM: String
    let otherCAPEM: String

    static func start() throws -> TLSServer {
        let directory = "/tmp/finops-pgtls-\(UUID().uuidString.prefix(8))"
        let port = try FreePort.take()
        let script = """
            set -e
            mkdir -p \(directory) && cd \(directory)
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=finops-test-ca 2>/dev/null
            openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.crt -days 2 -subj /CN=other-ca 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null
            printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > ext
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 \
                -extfile ext 2>/dev/null
            echo postgres > pw
            chown -R postgres:postgres . && chmod 600 server.key
            su postgres -s /bin/sh -c "\(binaries)/initdb -D data -U postgres --pwfile=pw --auth-local=trust \
                --auth-host=scram-sha-256 -E UTF8 --no-locale --no-sync" > initdb.log 2>&1
            printf 'local all all trust\\nhostssl all all 127.0.0.1/32 scram-sha-256\\nhostssl all all ::1/128 scram-sha-256\\n' \
                > data/pg_hba.conf
            chown postgres:postgres data/pg_hba.conf
            su postgres -s /bin/sh -c "\(binaries)/pg_ctl -D data -l pg.log -w -t 30 -o '-c listen_addresses=127.0.0.1 \
                -p \(port) -k \(directory) -c ssl=on -c ssl_cert_file=\(directory)/server.crt \
                -c ssl_key_file=\(directory)/server.key -c fsync=off' start" > /dev/null
            """
        try run(script)
        return TLSServer(
            directory: directory, port: port,
            caPEM: try String(contentsOfFile: "\(directory)/ca.crt", encoding: .utf8),
            otherCAPEM: try String(contentsOfFile: "\(directory)/other.crt", encoding: .utf8))
    }

    func stop() {
        try? Self.run(
            "su postgres -s /bin/sh -c '\(Self.binaries)/pg_ctl -D \(directory)/data -m immediate -w stop' >/dev/null 2>&1; "
                + "rm -rf \(directory)")
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `script` with `/bin/sh`, its output in a file (a pipe would stay open in the server it starts).
    /// `posix_spawn` and `waitpid` rather than Foundation's `Process`, whose `waitUntilExit` never returned here.
    static func run(_ script: String) throws {
        let log = "/tmp/finops-pgtls-\(UUID().uuidString).log"
        let command = "(\(script)) > \(log) 2>&1 < /dev/null"
        var pid: pid_t = 0
        let words: [String] = ["/bin/sh", "-c", command]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { (word: String) in strdup(word) } + [nil]
        defer { for argument in arguments { free(argument) } }
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, arguments, environ)
        guard spawned == 0 else { throw Failure(description: "posix_spawn failed: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        unlink(log)
        // WIFEXITED and WEXITSTATUS: a normal exit with status 0.
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            throw Failure(description: "exit status \(status): \(output)")
        }
    }
}
