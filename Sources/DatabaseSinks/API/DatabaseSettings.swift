/// Where and how a sink connects: PostgreSQL (host, port, database, user, password, TLS) or an SQLite file.
///
/// ``description`` never shows the password (`postgresql://finops:***@db:5432/finops?sslmode=verify-full`), so
/// settings can be logged and put into conditions and error messages.
///
/// TLS follows libpq's `sslmode` names, without the modes that fall back to plaintext silently (`allow`, `prefer`):
/// - `disable`: no TLS.
/// - `require`: TLS, the server's certificate is not checked, unless a CA certificate is given, in which case it is
///   checked as with `verify-ca` (libpq does the same when a root certificate file exists).
/// - `verify-ca`: TLS, the certificate must chain to the CA certificate (or the system's roots when none is given);
///   the host name is not checked.
/// - `verify-full`: as `verify-ca`, and the certificate must name the host (DNS name or IP address).
///
/// When no mode is given the default is `disable` for a loopback host (`localhost`, `127.0.0.0/8`, `::1`: the
/// traffic never leaves the machine, and the test and demo servers have no certificate) and `verify-full` for any
/// other host: a database across the network is verified unless the DSN says otherwise.
public struct DatabaseSettings: Sendable, Hashable, CustomStringConvertible {
    public enum Driver: String, Sendable, Hashable, CaseIterable {
        case postgresql
        /// The embedded default: a local file, no server.
        case sqlite
    }

    /// libpq's `sslmode` values that never fall back to plaintext.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        case disable
        case require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var driver: Driver
    /// PostgreSQL: server host name or IP address.
    public var host: String
    /// PostgreSQL: server port.
    public var port: Int
    /// PostgreSQL: database name.
    public var database: String
    /// PostgreSQL: user name.
    public var username: String
    /// PostgreSQL: password (SCRAM-SHA-256, MD5 or clear-text, as the server asks); `nil` for none.
    public var password: String?
    public var tlsMode: TLSMode
    /// PEM of the CA certificate(s) that the server's certificate must chain to (`verify-ca`, `verify-full`, and
    /// `require` when given). `nil`: the system's roots, or ``caCertificateFile``.
    public var caCertificatePEM: String?
    /// A file holding ``caCertificatePEM`` (the DSN's `sslrootcert`), read when connecting.
    public var caCertificateFile: String?
    /// Seconds to wait for a connection (the DSN's `connect_timeout`).
    public var connectTimeoutSeconds: Int
    /// SQLite: the database file.
    public var sqlitePath: String

    /// PostgreSQL settings. `tlsMode` defaults as described in the type's documentation.
    public static func postgresql(
        host: String, port: Int = 5432, database: String, username: String, password: String? = nil,
        tlsMode: TLSMode? = nil, caCertificatePEM: String? = nil, connectTimeoutSeconds: Int = 10
    ) -> DatabaseSettings {
        DatabaseSettings(
            driver: .postgresql, host: host, port: port, database: database, username: username, password: password,
            tlsMode: tlsMode ?? defaultTLSMode(host: host), caCertificatePEM: caCertificatePEM,
            caCertificateFile: nil, connectTimeoutSeconds: connectTimeoutSeconds, sqlitePath: "")
    }

    /// SQLite settings for the file at `path` (created when missing).
    public static func sqlite(path: String) -> DatabaseSettings {
        DatabaseSettings(
            driver: .sqlite, host: "", port: 0, database: "", username: "", password: nil, tlsMode: .disable,
            caCertificatePEM: nil, caCertificateFile: nil, connectTimeoutSeconds: 10, sqlitePath: path)
    }

    /// `disable` for loopback hosts, `verify-full` for every other.
    public static func defaultTLSMode(host: String) -> TLSMode {
        isLoopback(host) ? .disable : .verifyFull
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "[::1]" || host.hasSuffix(".localhost") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The settings as a DSN with the password replaced by `***`.
    public var description: String {
        switch driver {
        case .sqlite:
            return sqlitePath.hasPrefix("/") ? "sqlite://" + sqlitePath : "sqlite:" + sqlitePath
        case .postgresql:
            let user = DSNEncoding.encode(username) + (password == nil ? "" : ":***")
            let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            var text = "postgresql://\(user)@\(hostPart):\(port)/\(DSNEncoding.encode(database))"
            text += "?sslmode=\(tlsMode.rawValue)"
            if let caCertificateFile { text += "&sslrootcert=\(DSNEncoding.encode(caCertificateFile))" }
            return text
        }
    }
}

// MARK: - DSN parsing

extension DatabaseSettings {
    /// Parses a DSN.
    ///
    /// - `postgres://user:password@host:port/database?sslmode=verify-full&sslrootcert=/ca.pem&connect_timeout=10`
    ///   (`postgresql://` too). User, password and database are percent-decoded (`p%40ss` is `p@ss`); an IPv6 host
    ///   is bracketed (`[::1]`). The port defaults to 5432, the database to the user name, `sslmode` as described in
    ///   the type's documentation. Unknown query parameters and `sslmode=allow|prefer` are errors.
    /// - `sqlite:///absolute/path.db` (three slashes: an empty host, then the absolute path) or
    ///   `sqlite:relative/path.db` (relative to the working directory). `sqlite://name.db` is refused: in URL syntax
    ///   `name.db` would be a host name, and guessing would put the file somewhere unexpected.
    ///
    /// Errors never repeat the password: they quote the DSN with it replaced.
    public static func parse(dsn: String) throws(DatabaseError) -> DatabaseSettings {
        let redacted = DSNEncoding.redact(dsn)
        func invalid(_ why: String) -> DatabaseError {
            DatabaseError(.invalidInput, "invalid DSN \(redacted): \(why)")
        }
        guard let colon = dsn.firstIndex(of: ":") else {
            throw invalid("expected postgres://user:password@host:port/database or sqlite:///path/to/file.db")
        }
        let scheme = dsn[..<colon].lowercased()
        let rest = dsn[dsn.index(after: colon)...]
        switch scheme {
        case "sqlite", "sqlite3":
            return try parseSQLite(String(rest), invalid: invalid)
        case "postgres", "postgresql":
            guard rest.hasPrefix("//") else { throw invalid("expected // after \(scheme):") }
            return try parsePostgres(String(rest.dropFirst(2)), invalid: invalid)
        default:
            throw invalid("unknown scheme \(scheme); use postgres://, postgresql:// or sqlite://")
        }
    }

    private static func parseSQLite(
        _ rest: String, invalid: (String) -> DatabaseError
    ) throws(DatabaseError) -> DatabaseSettings {
        var path: String
        if rest.hasPrefix("//") {
            let afterHost = rest.dropFirst(2)
            guard afterHost.hasPrefix("/") else {
                throw invalid(
                    "sqlite://\(afterHost) names a host, not a file; use sqlite:///absolute/path.db or "
                        + "sqlite:relative/path.db")
            }
            path = String(afterHost)
        } else {
            path = rest
        }
        if let query = path.firstIndex(of: "?") {
            throw invalid("SQLite DSNs take no parameters (\(path[query...]))")
        }
        guard let decoded = DSNEncoding.decode(path) else { throw invalid("bad percent-encoding in the path") }
        path = decoded
        guard !path.isEmpty, path != "/" else { throw invalid("no file path") }
        return .sqlite(path: path)
    }

    private static func parsePostgres(
        _ rest: String, invalid: (String) -> DatabaseError
    ) throws(DatabaseError) -> DatabaseSettings {
        var authority = Substring(rest)
        var pathAndQuery: Substring = ""
        if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) {
            authority = rest[..<slash]
            pathAndQuery = rest[slash...]
        }
        // The user information ends at the last `@`, so an unencoded `@` in a password still parses.
        var userInfo: Substring = ""
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
        }
        var username = ""
        var password: String?
        if !userInfo.isEmpty {
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let user = DSNEncoding.decode(parts[0]) else { throw invalid("bad percent-encoding in the user") }
            username = user
            if parts.count == 2 {
                guard let decoded = DSNEncoding.decode(parts[1]) else {
                    throw invalid("bad percent-encoding in the password")
                }
                password = decoded
            }
        }
        guard !username.isEmpty else { throw invalid("no user name (postgres://user@host/database)") }

        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw invalid("unclosed [ in the host") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 host") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = hostPort
        }
        guard !host.isEmpty else { throw invalid("no host (Unix sockets are not supported)") }
        var port = 5432
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw invalid("port \(portText) is not a number from 1 to 65535")
            }
            port = value
        }

        var databasePart = pathAndQuery
        var query: Substring = ""
        if let mark = pathAndQuery.firstIndex(of: "?") {
            databasePart = pathAndQuery[..<mark]
            query = pathAndQuery[pathAndQuery.index(after: mark)...]
        }
        if databasePart.hasPrefix("/") { databasePart = databasePart.dropFirst() }
        guard let databaseName = DSNEncoding.decode(databasePart) else {
            throw invalid("bad percent-encoding in the database name")
        }
        var settings = DatabaseSettings.postgresql(
            host: String(host), port: port, database: databaseName.isEmpty ? username : databaseName,
            username: username, password: password)
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard parts.count == 2, let value = DSNEncoding.decode(parts[1]) else {
                throw invalid("parameter \(key) has no value or bad percent-encoding")
            }
            switch key {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    if value == "prefer" || value == "allow" {
                        throw invalid(
                            "sslmode=\(value) falls back to plaintext without telling anyone; use disable, require, "
                                + "verify-ca or verify-full")
                    }
                    throw invalid("sslmode must be disable, require, verify-ca or verify-full, not \(value)")
                }
                settings.tlsMode = mode
            case "sslrootcert":
                settings.caCertificateFile = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw invalid("connect_timeout must be a positive number of seconds, not \(value)")
                }
                settings.connectTimeoutSeconds = seconds
            case "user":
                settings.username = value
            case "password":
                settings.password = value
            case "dbname":
                settings.database = value
            default:
                throw invalid("unknown parameter \(key) (known: sslmode, sslrootcert, connect_timeout)")
            }
        }
        return settings
    }
}

/// Percent-encoding for the parts of a DSN.
enum DSNEncoding {
    /// Decodes `%XX` escapes; `nil` for a malformed escape or bytes that are not UTF-8.
    static func decode(_ text: some StringProtocol) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Encodes everything but unreserved characters (RFC 3986) and `/`.
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF".utf8)
                result += "%"
                result.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 15)]))
            }
        }
        return result
    }

    /// The DSN with any password (between `//user:` and the last `@` of the authority, or a `password=` parameter)
    /// replaced by `***`.
    static func redact(_ dsn: String) -> String {
        var text = dsn
        if let schemeEnd = text.firstRange(of: "://") {
            let authorityStart = schemeEnd.upperBound
            let authorityEnd = text[authorityStart...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? text.endIndex
            let authority = text[authorityStart..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                text.replaceSubrange(text.index(after: colon)..<at, with: "***")
            }
        }
        if let range = text.firstRange(of: "password=") {
            let end = text[range.upperBound...].firstIndex(of: "&") ?? text.endIndex
            text.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
