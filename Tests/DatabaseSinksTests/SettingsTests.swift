import Testing

@testable import DatabaseSinks

@Suite struct DSNTests {
    @Test func postgresDSNWithEveryPart() throws {
        let settings = try DatabaseSettings.parse(
            dsn: "postgres://fin%40ops:p%40ss%3Aw0rd@db.example.com:6543/costs%20db?sslmode=verify-ca"
                + "&sslrootcert=/etc/ca.pem&connect_timeout=3")
        #expect(settings.driver == .postgresql)
        #expect(settings.username == "fin@ops")
        #expect(settings.password == "p@ss:w0rd")
        #expect(settings.host == "db.example.com")
        #expect(settings.port == 6543)
        #expect(settings.database == "costs db")
        #expect(settings.tlsMode == .verifyCA)
        #expect(settings.caCertificateFile == "/etc/ca.pem")
        #expect(settings.connectTimeoutSeconds == 3)
    }

    @Test func defaults() throws {
        let remote = try DatabaseSettings.parse(dsn: "postgresql://finops@db.internal")
        #expect(remote.port == 5432)
        #expect(remote.database == "finops")
        #expect(remote.password == nil)
        #expect(remote.tlsMode == .verifyFull)
        for host in ["127.0.0.1", "localhost", "[::1]", "127.3.2.1"] {
            #expect(try DatabaseSettings.parse(dsn: "postgres://u:p@\(host):1/d").tlsMode == .disable, "\(host)")
        }
        let ipv6 = try DatabaseSettings.parse(dsn: "postgres://u@[fd00::5]:7000/d")
        #expect(ipv6.host == "fd00::5" && ipv6.port == 7000 && ipv6.tlsMode == .verifyFull)
    }

    @Test func anUnescapedAtInThePasswordStillParses() throws {
        let settings = try DatabaseSettings.parse(dsn: "postgres://u:a@b@host/db")
        #expect(settings.password == "a@b")
        #expect(settings.host == "host")
    }

    @Test func sqliteDSNs() throws {
        #expect(
            try DatabaseSettings.parse(dsn: "sqlite:///var/lib/finops/costs.db").sqlitePath
                == "/var/lib/finops/costs.db")
        #expect(try DatabaseSettings.parse(dsn: "sqlite:data/costs.db").sqlitePath == "data/costs.db")
        #expect(try DatabaseSettings.parse(dsn: "sqlite:///tmp/a%20b.db").sqlitePath == "/tmp/a b.db")
        let error = #expect(throws: DatabaseError.self) { try DatabaseSettings.parse(dsn: "sqlite://costs.db") }
        #expect(error?.message.contains("sqlite:///absolute") == true)
    }

    @Test(arguments: [
        "mysql://u@h/d", "postgres://host/db", "postgres://u@:5432/db", "postgres://u@h:99999/d",
        "postgres://u@h/d?sslmode=prefer", "postgres://u@h/d?sslmode=allow", "postgres://u@h/d?sslmode=nope",
        "postgres://u@h/d?application_name=x", "postgres:u@h", "no-scheme", "postgres://u:%zz@h/d",
    ])
    func invalidDSNs(_ dsn: String) {
        let error = #expect(throws: DatabaseError.self) { try DatabaseSettings.parse(dsn: dsn) }
        #expect(error?.code == .invalidInput)
    }

    @Test func errorsAndDescriptionsNeverShowThePassword() throws {
        let secret = "s3cr%2Ft"
        let error = #expect(throws: DatabaseError.self) {
            try DatabaseSettings.parse(dsn: "postgres://user:\(secret)@host/db?sslmode=prefer")
        }
        #expect(error?.message.contains("s3cr") == false)
        #expect(error?.message.contains("user:***@host") == true)
        let withQueryPassword = #expect(throws: DatabaseError.self) {
            try DatabaseSettings.parse(dsn: "postgres://user@host/db?password=s3cret&bad=1")
        }
        #expect(withQueryPassword?.message.contains("s3cret") == false)

        let settings = try DatabaseSettings.parse(dsn: "postgres://user:\(secret)@host:5433/db?sslmode=require")
        #expect(settings.description == "postgresql://user:***@host:5433/db?sslmode=require")
        #expect(!"\(settings)".contains("s3cr"))
        #expect(DatabaseSettings.sqlite(path: "/a/b.db").description == "sqlite:///a/b.db")
    }
}

@Suite struct NameTests {
    @Test(arguments: ["focus", "Focus_Costs", "_x", String(repeating: "a", count: 63)])
    func validTableNames(_ name: String) throws {
        #expect(try TableName(validating: name).name == name)
    }

    @Test(arguments: [
        "", "1abc", "a-b", "a b", "a\"b", "a;DROP TABLE x", "ümlaut", String(repeating: "a", count: 64), "finops_loads",
        "FINOPS_LOADS",
    ])
    func invalidTableNames(_ name: String) {
        let error = #expect(throws: DatabaseError.self) { try TableName(validating: name) }
        #expect(error?.code == .invalidTable)
    }

    @Test func headerNames() throws {
        var reader = CSVHeaderReader()
        let bytes = Array("\u{FEFF}\r\n\n\"BilledCost\",x_Tag,ResourceId\r\n1,2,3\n".utf8)
        let header = try #require(try bytes.withBytes { bytes throws(DatabaseError) in try reader.feed(bytes) })
        #expect(header.names == ["BilledCost", "x_Tag", "ResourceId"])
        #expect(header.firstRowLine == 4)
        #expect(header.leftover == Array("1,2,3\n".utf8))
    }

    @Test(arguments: [
        "a,\"b\"\";DROP TABLE t;--\"", "a,b c", "a,,b", "a,A", "a,a", "a,finops_row_key", "a,\"\"", "a,2b",
    ])
    func invalidHeaderNames(_ line: String) {
        #expect(throws: DatabaseError.self) { try CSVHeaderReader.parse(ArraySlice(line.utf8)) }
    }

    @Test func aBodyWithoutAHeaderIsInvalid() {
        var reader = CSVHeaderReader()
        let error = #expect(throws: DatabaseError.self) { try reader.finish() }
        #expect(error?.code == .invalidInput)
    }
}
