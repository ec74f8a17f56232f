import ArgumentParser
import Foundation
import Gzip
import Logging
import Testing

@testable import DatabaseSinks
@testable import FinOpsOperator

/// `finops-operator load`: the command as a user runs it (parsed arguments, a file on disk, a database), on SQLite
/// and, with `FINOPS_TEST_POSTGRES_URL`, on PostgreSQL. Each test loads into tables of its own.
@Suite struct LoadCommandTests {
    // MARK: - Exactly once

    @Test(arguments: LoadTarget.available)
    func loadingTheSameFileTwiceWritesItsRowsOnce(_ target: LoadTarget) async throws {
        let database = try target.database()
        let table = LoadTarget.uniqueTable("twice")
        let file = LoadFixtures.path("focus-1.3-aws-50.csv")

        let first = try await database.load(file, into: table)
        #expect(first.exitCode == .success)
        #expect(first.report?.rowsRead == 50)
        #expect(first.report?.rowsInserted == 50)
        #expect(first.report?.alreadyLoaded == false)
        #expect(first.output.contains("rows read 50, inserted 50, updated 0, unchanged 0, rejected 0"))

        let second = try await database.load(file, into: table)
        #expect(second.exitCode == .success)
        #expect(second.report?.alreadyLoaded == true)
        #expect(second.report?.rowsRead == 0 && second.report?.rowsInserted == 0)
        #expect(second.output.contains("already loaded; nothing written"))

        #expect(try await database.count(table) == 50)
        // The poll id is the hash of the file's bytes: one poll recorded, named after them.
        let pollID = try await "file-" + FileHash.contentHash(path: file).identifier
        #expect(first.report?.pollID == pollID)
        #expect(try await database.pollIDs(table) == [pollID])
        try await database.drop(table)
    }

    @Test func thePollIDIsTheHashOfTheFileAsStored() async throws {
        let bytes = try LoadFixtures.bytes("focus-1.3-aws-50.csv")
        var expected = ContentHash()
        expected.update(bytes)
        let hash = try await FileHash.contentHash(path: LoadFixtures.path("focus-1.3-aws-50.csv"))
        #expect(hash.identifier == expected.identifier)
        #expect(hash.count == bytes.count)

        let directory = try LoadFixtures.temporaryDirectory()
        let empty = directory.appendingPathComponent("empty.csv").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(try await FileHash.contentHash(path: empty).identifier == ContentHash().identifier)
        await #expect(throws: (any Error).self) {
            try await FileHash.contentHash(path: directory.appendingPathComponent("no").path)
        }
    }

    // MARK: - Gzip

    @Test(arguments: LoadTarget.available)
    func aGzipFileLoadsTheSameRowsAsThePlainFile(_ target: LoadTarget) async throws {
        let database = try target.database()
        let plainTable = LoadTarget.uniqueTable("plain")
        let gzipTable = LoadTarget.uniqueTable("gzip")
        let plain = LoadFixtures.path("focus-1.3-aws-50.csv")
        let gzip = try LoadFixtures.write(
            Gzip.compress(try LoadFixtures.bytes("focus-1.3-aws-50.csv")), named: "focus.csv.gz")

        let plainLoad = try await database.load(plain, into: plainTable)
        let gzipLoad = try await database.load(gzip, into: gzipTable)
        #expect(plainLoad.exitCode == .success && gzipLoad.exitCode == .success)
        #expect(gzipLoad.report?.rowsInserted == 50)
        #expect(gzipLoad.report?.focusVersion == "1.3")
        let plainRows = try await database.rows(plainTable)
        #expect(plainRows.count == 50)
        #expect(try await database.rows(gzipTable) == plainRows)

        // Another file (the compressed bytes hash differently), the same rows: a new poll that changes nothing.
        let again = try await database.load(gzip, into: plainTable)
        #expect(again.report?.alreadyLoaded == false)
        #expect(again.report?.rowsUnchanged == 50)
        #expect(again.report?.rowsInserted == 0 && again.report?.rowsUpdated == 0)
        #expect(try await database.rows(plainTable) == plainRows)
        try await database.drop(plainTable)
        try await database.drop(gzipTable)
    }

    /// Cut in the middle of the deflate stream, and cut inside the trailer (every row decodes, the CRC and size
    /// do not arrive).
    @Test(arguments: LoadTarget.available, [0.5, 0.999])
    func aTruncatedGzipFileLoadsNothingAndFails(_ target: LoadTarget, keptFraction: Double) async throws {
        let database = try target.database()
        let table = LoadTarget.uniqueTable("truncated")
        let compressed = Gzip.compress(try LoadFixtures.bytes("focus-1.3-aws-50.csv"))
        let kept = min(Int(Double(compressed.count) * keptFraction), compressed.count - 4)
        let truncated = try LoadFixtures.write(Array(compressed[..<kept]), named: "cut.csv.gz")

        let outcome = try await database.load(truncated, into: table)
        #expect(outcome.exitCode == ExitCode(2))
        #expect(outcome.report == nil)
        #expect(outcome.output.contains("invalidInput"))
        #expect(outcome.output.contains("incomplete"))
        #expect(try await database.count(table) == 0)
        #expect(try await database.pollIDs(table).isEmpty)

        // Nothing was recorded, so the complete file loads in full afterwards.
        let complete = try LoadFixtures.write(compressed, named: "complete.csv.gz")
        let retry = try await database.load(complete, into: table)
        #expect(retry.report?.rowsInserted == 50)
        try await database.drop(table)
    }

    @Test func aDamagedGzipFileLoadsNothingAndFails() async throws {
        let database = try LoadTarget.sqlite.database()
        let table = LoadTarget.uniqueTable("damaged")
        var compressed = Gzip.compress(try LoadFixtures.bytes("focus-1.3-aws-50.csv"))
        for index in stride(from: 20, to: compressed.count - 8, by: 97) { compressed[index] ^= 0x5A }
        let damaged = try LoadFixtures.write(compressed, named: "damaged.csv.gz")

        let outcome = try await database.load(damaged, into: table)
        #expect(outcome.exitCode == ExitCode(2))
        #expect(outcome.output.contains("damaged"))
        #expect(try await database.count(table) == 0)
    }

    // MARK: - Rejected rows

    @Test(arguments: LoadTarget.available)
    func rejectedLinesAreReportedAndTheRestIsLoaded(_ target: LoadTarget) async throws {
        let database = try target.database()
        let table = LoadTarget.uniqueTable("bad")
        let file = LoadFixtures.path("focus-1.3-aws-50-bad.csv")

        let outcome = try await database.load(file, into: table)
        #expect(outcome.exitCode == .success)
        #expect(outcome.report?.rejected.map(\.line) == [3, 5, 7, 10, 12])
        #expect(outcome.report?.rejectedCount == 5)
        #expect(outcome.report?.rowsInserted == 45)
        let rejectedLines = outcome.output.split(separator: "\n").filter { $0.hasPrefix("  rejected line ") }
        #expect(rejectedLines.count == 5)
        #expect(rejectedLines.first?.hasPrefix("  rejected line 3, column BilledCost: ") == true)
        #expect(try await database.count(table) == 45)
        try await database.drop(table)
    }

    @Test func strictFailsOnRejectedRowsAfterLoadingTheRest() async throws {
        let database = try LoadTarget.sqlite.database()
        let table = LoadTarget.uniqueTable("strict")
        let file = LoadFixtures.path("focus-1.3-aws-50-bad.csv")

        let outcome = try await database.load(file, into: table, ["--strict", "--samples", "2"])
        #expect(outcome.exitCode == .failure)
        #expect(outcome.report?.rejected.map(\.line) == [3, 5])
        #expect(outcome.output.contains("… and 3 more rejected rows"))
        #expect(try await database.count(table) == 45)
    }

    @Test func jsonReportsTheCountsAndRejections() async throws {
        let database = try LoadTarget.sqlite.database()
        let table = LoadTarget.uniqueTable("json")
        let file = LoadFixtures.path("focus-1.3-aws-50-bad.csv")

        let outcome = try await database.load(file, into: table, ["--json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
        #expect(object["rowsRead"] as? Int == 50)
        #expect(object["rowsInserted"] as? Int == 45)
        #expect(object["rejectedCount"] as? Int == 5)
        #expect(object["alreadyLoaded"] as? Bool == false)
        #expect(object["focusVersion"] as? String == "1.3")
        #expect((object["rejected"] as? [String])?.first?.hasPrefix("line 3, column BilledCost") == true)
    }

    @Test func aRowCountOtherThanTheExpectedLoadsNothing() async throws {
        let database = try LoadTarget.sqlite.database()
        let table = LoadTarget.uniqueTable("expected")
        let file = LoadFixtures.path("focus-1.3-aws-50.csv")

        let outcome = try await database.load(file, into: table, ["--expected-rows", "49"])
        #expect(outcome.exitCode == ExitCode(2))
        #expect(try await database.count(table) == 0)
    }

    @Test func aMissingFileFailsWithItsPath() async throws {
        let database = try LoadTarget.sqlite.database()
        let missing = try LoadFixtures.temporaryDirectory().appendingPathComponent("missing.csv").path

        let outcome = try await database.load(missing, into: "focus")
        #expect(outcome.exitCode == ExitCode(2))
        #expect(outcome.output.hasPrefix("\(missing): cannot open \(missing)"))
    }

    // MARK: - Password

    @Test func thePasswordComesFromPGPASSWORDWhenTheDSNHasNone() throws {
        let command = try LoadCommand.parse(["f.csv", "--dsn", "postgres://finops@db/finops", "--table", "t"])
        #expect(try command.databaseSettings(environment: ["PGPASSWORD": "from-env"]).password == "from-env")
        #expect(try command.databaseSettings(environment: [:]).password == nil)

        let withPassword = try LoadCommand.parse([
            "f.csv", "--dsn", "postgres://finops:in-dsn@db/finops", "--table", "t",
        ])
        #expect(try withPassword.databaseSettings(environment: ["PGPASSWORD": "from-env"]).password == "in-dsn")
    }

    @Test(arguments: [
        ("s3cret\n", "s3cret"), ("s3cret\r\n", "s3cret"), ("s3cret\n\n", "s3cret"), ("s3cret", "s3cret"),
        ("with space \n", "with space "),
    ])
    func thePasswordFileWinsWithoutItsTrailingLineBreaks(contents: String, password: String) throws {
        let file = try LoadFixtures.write(Array(contents.utf8), named: "password")
        let command = try LoadCommand.parse([
            "f.csv", "--dsn", "postgres://finops:in-dsn@db/finops", "--table", "t", "--password-file", file,
        ])
        #expect(try command.databaseSettings(environment: ["PGPASSWORD": "from-env"]).password == password)
    }

    @Test func anUnreadablePasswordFileIsAnAuthenticationError() async throws {
        let missing = try LoadFixtures.temporaryDirectory().appendingPathComponent("password").path
        let command = try LoadCommand.parse([
            LoadFixtures.path("focus-1.3-aws-50.csv"), "--dsn", "postgres://finops@127.0.0.1:1/finops", "--table",
            "t", "--password-file", missing,
        ])
        let error = #expect(throws: DatabaseError.self) { try command.databaseSettings(environment: [:]) }
        #expect(error?.code == .authentication)

        let outcome = await command.load(environment: [:], logger: LoadFixtures.logger)
        #expect(outcome.exitCode == ExitCode(2))
        #expect(outcome.output.contains("cannot read the password file \(missing)"))
    }

    /// On the real server: a DSN without a password authenticates with `PGPASSWORD` or `--password-file`, and a
    /// wrong password fails as an authentication error that does not repeat it.
    @Test(.enabled(if: LoadTarget.postgresEnabled))
    func postgresAuthenticatesWithThePasswordFromTheEnvironmentOrAFile() async throws {
        let server = try LoadTarget.postgres.database()
        var settings = try server.settings
        let password = try #require(settings.password)
        settings.password = nil
        let database = LoadDatabase(dsn: settings.description)
        let file = LoadFixtures.path("focus-1.3-aws-50.csv")
        let table = LoadTarget.uniqueTable("auth")

        let fromEnvironment = try await database.load(file, into: table, environment: ["PGPASSWORD": password])
        #expect(fromEnvironment.exitCode == .success)
        #expect(fromEnvironment.report?.rowsInserted == 50)

        let passwordFile = try LoadFixtures.write(Array((password + "\n").utf8), named: "password")
        let fromFile = try await database.load(
            file, into: table, ["--password-file", passwordFile], environment: ["PGPASSWORD": "not-the-password"])
        #expect(fromFile.exitCode == .success)
        #expect(fromFile.report?.alreadyLoaded == true)

        let wrong = "wrong-Pa55word-xyz"
        let refused = try await database.load(
            file, into: table, ["--poll-id", "other"], environment: ["PGPASSWORD": wrong])
        #expect(refused.exitCode == ExitCode(2))
        #expect(refused.output.contains("authentication"))
        #expect(!refused.output.contains(wrong))
        try await server.drop(table)
    }

    // MARK: - Never print a password

    @Test func thePrintedSettingsMaskThePassword() async throws {
        let secret = "hunter2-Sup3r-secret"
        let settings = try DatabaseSettings.parse(dsn: "postgres://finops:\(secret)@127.0.0.1:1/finops")
        #expect(settings.description == "postgresql://finops:***@127.0.0.1:1/finops?sslmode=disable")
        let report = LoadReport(pollID: "p", rowsRead: 1, rowsInserted: 1)
        let text = LoadCommand.text(report, path: "f.csv", table: "t", settings: settings, seconds: 1)
        #expect(text.contains("postgresql://finops:***@127.0.0.1:1/finops"))
        #expect(!text.contains(secret))

        // Nothing listens on port 1: the connection error names the server, never the password, from the DSN,
        // the environment or a file.
        let file = LoadFixtures.path("focus-1.3-aws-50.csv")
        let passwordFile = try LoadFixtures.write(Array(secret.utf8), named: "password")
        for (dsn, arguments, environment) in [
            ("postgres://finops:\(secret)@127.0.0.1:1/finops", [], [:]),
            ("postgres://finops@127.0.0.1:1/finops", [], ["PGPASSWORD": secret]),
            ("postgres://finops@127.0.0.1:1/finops", ["--password-file", passwordFile], [:]),
        ] as [(String, [String], [String: String])] {
            let outcome = try await LoadDatabase(dsn: dsn).load(file, into: "t", arguments, environment: environment)
            #expect(outcome.exitCode == ExitCode(2))
            #expect(outcome.output.contains("finops:***@127.0.0.1:1"))
            #expect(outcome.output.contains("unreachable"))
            #expect(!outcome.output.contains(secret))
        }
    }

    @Test(.enabled(if: LoadTarget.postgresEnabled))
    func aSuccessfulPostgresLoadPrintsTheSettingsWithoutThePassword() async throws {
        let database = try LoadTarget.postgres.database()
        let password = try #require(try DatabaseSettings.parse(dsn: database.dsn).password)
        let table = LoadTarget.uniqueTable("masked")
        let outcome = try await database.load(LoadFixtures.path("focus-1.3-aws-50.csv"), into: table)
        #expect(outcome.exitCode == .success)
        #expect(outcome.output.contains(":***@"))
        #expect(!outcome.output.contains(":\(password)@"))
        try await database.drop(table)
    }

    // MARK: - Arguments

    @Test func kindAndValueColumnAreValidated() throws {
        let base = ["f.csv", "--dsn", "sqlite:///tmp/x.db", "--table", "t"]
        #expect(try LoadCommand.parse(base).kind == "focus")
        #expect(try LoadCommand.parse(base + ["--kind", "usage"]).kind == "usage")
        #expect(try LoadCommand.parse(base + ["--kind", "generic", "--value-column", "3"]).valueColumn == 3)

        func refusal(_ arguments: [String]) -> String? {
            do {
                _ = try LoadCommand.parse(base + arguments)
                return nil
            } catch {
                return LoadCommand.message(for: error)
            }
        }
        #expect(refusal(["--kind", "parquet"]) == "--kind must be focus, usage or generic, not parquet")
        #expect(refusal(["--kind", "generic"]) == "--kind generic needs --value-column N")
        #expect(refusal(["--value-column", "3"]) == "--value-column is for --kind generic")
        #expect(refusal(["--kind", "usage", "--value-column", "3"]) == "--value-column is for --kind generic")
        #expect(refusal(["--kind", "generic", "--value-column", "x"]) != nil)
    }

    @Test func anInvalidTableNameLoadsNothing() async throws {
        let database = try LoadTarget.sqlite.database()
        let outcome = try await database.load(LoadFixtures.path("focus-1.3-aws-50.csv"), into: "bad name;")
        #expect(outcome.exitCode == ExitCode(2))
        #expect(outcome.report == nil)
    }
}
