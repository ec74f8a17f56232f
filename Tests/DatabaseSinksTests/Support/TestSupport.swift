import Foundation
import Logging
import NIOCore
import Testing

@testable import DatabaseSinks

/// Shared helpers: the servers, fixtures, bodies, unique names and queries.
enum TestDatabase {
    static let logger: Logger = {
        var logger = Logger(label: "database-sinks-tests")
        logger.logLevel = .error
        return logger
    }()

    /// The PostgreSQL of `make test` (`FINOPS_TEST_POSTGRES_URL`), or `nil` when the suites are off.
    static var postgresURL: String? { ProcessInfo.processInfo.environment["FINOPS_TEST_POSTGRES_URL"] }
    static var postgresEnabled: Bool { postgresURL != nil }

    static func postgresSettings() throws -> DatabaseSettings {
        try DatabaseSettings.parse(dsn: #require(postgresURL))
    }

    /// A table name no other test uses.
    static func uniqueTable(_ prefix: String = "t") -> TableName {
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        return try! TableName(validating: "\(prefix)_\(suffix)")
    }

    /// A fresh SQLite file in a directory of its own.
    static func sqliteSettings() -> DatabaseSettings {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "finops-sqlite-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return .sqlite(path: directory.appendingPathComponent("test.db").path)
    }

    static func rows(_ settings: DatabaseSettings, _ sql: String) async throws -> [[String: String?]] {
        try await DatabaseProbe.rows(settings, sql, logger: logger)
    }

    static func execute(_ settings: DatabaseSettings, _ sql: String) async throws {
        try await DatabaseProbe.execute(settings, sql, logger: logger)
    }

    static func count(_ settings: DatabaseSettings, _ table: TableName) async throws -> Int {
        let rows = try await rows(settings, "SELECT count(*) AS n FROM \"\(table.name)\"")
        return Int((rows.first?["n"] ?? nil) ?? "") ?? -1
    }

    /// Loads `csv` with a fresh sink that is shut down afterwards.
    static func load(
        _ settings: DatabaseSettings, _ request: LoadRequest, _ csv: String, chunkSize: Int = 1000,
        options: DatabaseSinkOptions = .init()
    ) async throws(DatabaseError) -> LoadReport {
        let sink = makeDatabaseSink(settings, logger: logger, options: options)
        do {
            let report = try await sink.load(request, body: Body(csv, chunkSize: chunkSize))
            await sink.shutdown()
            return report
        } catch {
            await sink.shutdown()
            throw error
        }
    }
}

/// CSV fixtures in `Tests/DatabaseSinksTests/Fixtures`.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// 50 FOCUS 1.3 rows from focus-data-toolkit (`--provider aws --rows 50 --seed 3`).
    static var focus50: String { get throws { try text("focus-1.3-aws-50.csv") } }

    /// The CSV rows (without the header) of `csv`, split on line feeds (the fixtures have no line feed in a value).
    static func lines(_ csv: String) -> [String] {
        csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }
}

/// A body: the bytes of a string in chunks of a given size, optionally failing or waiting for cancellation after
/// some chunks.
struct Body: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    typealias Failure = any Error

    enum Interruption: Sendable {
        /// Throws this error instead of the chunk at the index.
        case fail(atChunk: Int)
        /// Signals the gate, then waits for the task to be cancelled, at the chunk index.
        case waitForCancellation(atChunk: Int, gate: Gate)
    }

    let chunks: [ByteBuffer]
    let interruption: Interruption?

    init(_ text: String, chunkSize: Int = 1000, interruption: Interruption? = nil) {
        let bytes = Array(text.utf8)
        var chunks: [ByteBuffer] = []
        var start = 0
        while start < bytes.count {
            let end = Swift.min(start + Swift.max(chunkSize, 1), bytes.count)
            chunks.append(ByteBuffer(bytes: bytes[start..<end]))
            start = end
        }
        self.chunks = chunks
        self.interruption = interruption
    }

    struct BodyFailure: Error, Equatable {}

    struct AsyncIterator: AsyncIteratorProtocol {
        let body: Body
        var index = 0

        mutating func next() async throws -> ByteBuffer? {
            defer { index += 1 }
            switch body.interruption {
            case .fail(let at) where at == index:
                throw BodyFailure()
            case .waitForCancellation(let at, let gate) where at == index:
                gate.open()
                try await Gate.waitForCancellation()
                throw CancellationError()
            default:
                return index < body.chunks.count ? body.chunks[index] : nil
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: self) }
}

/// A one-shot signal between a body and a test, without sleeping.
final class Gate: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self)
    }

    func open() {
        continuation.yield()
        continuation.finish()
    }

    /// Returns once ``open()`` was called.
    func wait() async {
        for await _ in stream { return }
    }

    /// Suspends until the current task is cancelled.
    static func waitForCancellation() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        await withTaskCancellationHandler {
            for await _ in stream {}
        } onCancel: {
            continuation.finish()
        }
        try Task.checkCancellation()
    }
}

/// Editing CSV fixtures by column name.
struct CSVTable {
    var header: [String]
    var rows: [[String]]

    /// Parses simple CSV (RFC 4180, no line feed inside values).
    init(_ text: String) {
        var lines = Fixtures.lines(text)
        header = Self.split(lines.removeFirst())
        rows = lines.map(Self.split)
    }

    init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    func index(_ column: String) -> Int { header.firstIndex(of: column)! }

    subscript(row: Int, column: String) -> String {
        get { rows[row][index(column)] }
        set { rows[row][index(column)] = newValue }
    }

    var csv: String {
        ([header] + rows).map { $0.map(Self.quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = iterator.next()
        while let character = pending {
            pending = iterator.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }
}
