import Focus
import Logging
import NIOCore
import SQLiteNIO

/// The SQLite sink, the embedded default: one file, no server.
///
/// Each load waits for its turn on the file (``SQLiteFileTurns``: loads in this process queue instead of racing for
/// SQLite's one write lock), opens its own connection (WAL journal, `busy_timeout` 30 s for other processes) and runs in one `BEGIN IMMEDIATE` transaction: the same semantics as PostgreSQL (table
/// created or widened, `finops_loads` row, all or nothing), with the rows read, keyed and checked on the client
/// (``ExactRowReader``, ``ValueChecks/sqlite(_:as:)``) and written with bound multi-row
/// `INSERT … ON CONFLICT (finops_row_key) DO UPDATE … WHERE <a value differs>` statements.
final class SQLiteSink: DatabaseSink {
    let settings: DatabaseSettings
    let logger: Logger
    let options: DatabaseSinkOptions

    init(settings: DatabaseSettings, logger: Logger, options: DatabaseSinkOptions) {
        self.settings = settings
        self.logger = logger
        self.options = options
    }

    func check() async throws(DatabaseError) {
        try await withConnection(doing: "running SELECT 1") { connection in
            _ = try await connection.query("SELECT 1")
        }
    }

    func load(
        _ request: LoadRequest, body: some AsyncSequence<ByteBuffer, any Error> & Sendable
    ) async throws(DatabaseError) -> LoadReport {
        if Task.isCancelled { throw DatabaseError(.cancelled, "the load of \(request.table) was cancelled") }
        return try await SQLiteFileTurns.withTurn(on: settings.sqlitePath) { () async throws(DatabaseError) in
            try await withConnection(doing: "loading poll \(request.pollID) into \(request.table)") { connection in
                let load = SQLiteLoad(connection: connection, request: request, options: options)
                do {
                    return try await load.run(body: body)
                } catch {
                    _ = try? await connection.query("ROLLBACK")
                    throw error
                }
            }
        }
    }

    func shutdown() async {}

    private func withConnection<T>(
        doing action: String, _ body: (SQLiteConnection) async throws -> T
    ) async throws(DatabaseError) -> T {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: settings.sqlitePath), logger: logger)
        } catch {
            throw DatabaseError(.unreachable, "cannot open the SQLite database \(settings.sqlitePath): \(error)")
        }
        do {
            _ = try await connection.query("PRAGMA busy_timeout = 30000")
            _ = try await connection.query("PRAGMA journal_mode = WAL")
            _ = try await connection.query("PRAGMA synchronous = NORMAL")
        } catch {
            await Self.close(connection)
            throw DatabaseError(.unreachable, "cannot open the SQLite database \(settings.sqlitePath): \(error)")
        }
        do {
            let result = try await body(connection)
            await Self.close(connection)
            return result
        } catch {
            await Self.close(connection)
            throw map(error, doing: action)
        }
    }

    /// Closes even when the task is cancelled (the future is not tied to it); SQLite rolls back an open transaction.
    static func close(_ connection: SQLiteConnection) async {
        let closed: EventLoopFuture<Void> = connection.close()
        try? await closed.get()
    }

    private func map(_ error: any Error, doing action: String) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        if error is CancellationError { return DatabaseError(.cancelled, "\(action) was cancelled") }
        if let error = error as? SQLiteError {
            switch error.reason {
            case .busy, .busyTimeout, .locked:
                return DatabaseError(
                    .unreachable,
                    "the SQLite database \(settings.sqlitePath) is locked while \(action): \(error.message)")
            case .readOnly, .permission, .cantOpen, .readonlyDirectory, .readonlyCantLock, .auth:
                return DatabaseError(
                    .permission,
                    "cannot write the SQLite database \(settings.sqlitePath) while \(action): \(error.message)")
            default:
                return DatabaseError(
                    .server, "SQLite (\(settings.sqlitePath)) failed while \(action): \(error.message)")
            }
        }
        return DatabaseError(.server, "SQLite (\(settings.sqlitePath)) failed while \(action): \(error)")
    }
}

/// One poll into one SQLite table.
struct SQLiteLoad {
    let connection: SQLiteConnection
    let request: LoadRequest
    let options: DatabaseSinkOptions

    private var table: SQLIdentifier { request.table.identifier }

    func run(body: some AsyncSequence<ByteBuffer, any Error>) async throws -> LoadReport {
        _ = try await connection.query("BEGIN IMMEDIATE")
        _ = try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS finops_loads (
                table_name TEXT NOT NULL,
                poll_id TEXT NOT NULL,
                rows_read INTEGER NOT NULL,
                rows_inserted INTEGER NOT NULL,
                rows_updated INTEGER NOT NULL,
                rows_unchanged INTEGER NOT NULL,
                rows_rejected INTEGER NOT NULL,
                focus_version TEXT,
                loaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                PRIMARY KEY (table_name, poll_id))
            """)
        let loaded = try await connection.query(
            "SELECT 1 FROM finops_loads WHERE table_name = ? AND poll_id = ?",
            [.text(table.name), .text(request.pollID)])
        if !loaded.isEmpty {
            _ = try await connection.query("ROLLBACK")
            return LoadReport(pollID: request.pollID, alreadyLoaded: true, focusVersion: request.focusVersion)
        }

        var body = BodyReader(body.makeAsyncIterator())
        var headerReader = CSVHeaderReader()
        var header: CSVHeaderReader.Header?
        while header == nil, let chunk = try await body.next() {
            header = try chunk.withBytes { bytes throws(DatabaseError) in try headerReader.feed(bytes) }
        }
        let found = try header ?? headerReader.finish()
        let names = found.names
        if case .generic(let index) = request.kind, !names.indices.contains(index) {
            throw DatabaseError(
                .invalidInput, "the value column index \(index) is outside the header's \(names.count) columns")
        }
        let types = try await prepareTable(header: names)
        let before = try await count("SELECT count(*) FROM \(table.quoted)")
        let changesBefore = try await count("SELECT total_changes()")

        var writer = SQLiteRowWriter(
            connection: connection, table: table, header: names, types: types,
            rowsPerStatement: min(options.sqliteRowsPerStatement, 32_766 / (names.count + 1)))
        var log = RejectionLog(sampleLimit: options.maxRejectionSamples)
        var keyer = RowKeyer(plan: TableLayout.keyPlan(for: request.kind, header: names))
        var reader = ExactRowReader(header: names, firstLine: found.firstRowLine)
        var batches = try found.leftover.withBytes { bytes throws(DatabaseError) in
            try reader.feed(bytes, log: &log)
        }
        while true {
            for batch in batches {
                try await writer.write(batch, reader: reader, keyer: &keyer, log: &log)
            }
            guard let chunk = try await body.next() else { break }
            batches = try chunk.withBytes { bytes throws(DatabaseError) in
                try reader.feed(bytes, log: &log)
            }
        }
        for batch in try reader.finish(log: &log) {
            try await writer.write(batch, reader: reader, keyer: &keyer, log: &log)
        }
        try await writer.flush(log: &log)

        let rowsRead = reader.rowsRead
        if let expected = request.expectedRows, expected != rowsRead {
            throw DatabaseError(
                .invalidInput,
                "incomplete poll \(request.pollID): the body has \(rowsRead) rows, \(expected) were announced; "
                    + "nothing was written")
        }
        let after = try await count("SELECT count(*) FROM \(table.quoted)")
        let changes = try await count("SELECT total_changes()") - changesBefore
        let inserted = after - before
        let updated = changes - inserted
        let focusVersion =
            request.focusVersion
            ?? (request.kind == .focus ? FocusSchema.detect(FocusHeader(names)).version.rawValue : nil)
        let report = LoadReport(
            pollID: request.pollID, rowsRead: rowsRead, rowsInserted: inserted, rowsUpdated: updated,
            rowsUnchanged: writer.rowsWritten - inserted - updated, rejected: log.report, rejectedCount: log.count,
            alreadyLoaded: false, focusVersion: focusVersion)
        _ = try await connection.query(
            """
            INSERT INTO finops_loads (table_name, poll_id, rows_read, rows_inserted, rows_updated, rows_unchanged,
                rows_rejected, focus_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(table.name), .text(request.pollID), .integer(rowsRead), .integer(inserted), .integer(updated),
                .integer(report.rowsUnchanged), .integer(report.rejectedCount),
                focusVersion.map { .text($0) } ?? .null,
            ])
        _ = try await connection.query("COMMIT")
        return report
    }

    private func count(_ sql: String) async throws -> Int {
        try await connection.query(sql).first?.columns.first?.data.integer ?? 0
    }

    /// Creates or widens the table; returns the type of each header column in it.
    private func prepareTable(header: [String]) async throws -> [ColumnType] {
        let info = try await connection.query("SELECT name, type FROM pragma_table_info(?)", [.text(table.name)])
        let existing = info.compactMap { row -> (String, String)? in
            guard let name = row.column("name")?.string else { return nil }
            return (name, row.column("type")?.string ?? "")
        }
        let headerColumns = header.enumerated().map { index, name in
            ColumnSpec(
                name: SQLIdentifier(name)!, type: TableLayout.type(ofHeaderColumn: name, at: index, kind: request.kind))
        }
        if existing.isEmpty {
            var columns = TableLayout.baseColumns(for: request.kind)
            let base = Set(columns.map { $0.name.name.lowercased() })
            columns += headerColumns.filter { !base.contains($0.name.name.lowercased()) }
            let definitions = columns.map(Self.definition)
            _ = try await connection.query(
                "CREATE TABLE \(table.quoted) (\(definitions.joined(separator: ", ")), "
                    + "\(TableLayout.rowKeyColumn.quoted) TEXT NOT NULL PRIMARY KEY)")
            let types = Dictionary(
                columns.map { ($0.name.name.lowercased(), $0.type) }, uniquingKeysWith: { first, _ in first })
            return header.map { types[$0.lowercased()] ?? .text }
        }
        guard existing.contains(where: { $0.0 == TableLayout.rowKeyColumn.name }) else {
            throw DatabaseError(
                .invalidTable,
                "table \(table) exists but has no \(TableLayout.rowKeyColumn) column; it was not created by "
                    + "finops-operator: choose another table name")
        }
        // SQLite names are case-insensitive; the declared type tells how values were stored.
        var types: [String: ColumnType] = [:]
        for (name, declared) in existing { types[name.lowercased()] = Self.columnType(declared: declared) }
        for column in headerColumns where types[column.name.name.lowercased()] == nil {
            _ = try await connection.query("ALTER TABLE \(table.quoted) ADD COLUMN \(Self.definition(column))")
            types[column.name.name.lowercased()] = column.type
        }
        return header.map { types[$0.lowercased()] ?? .text }
    }

    /// `"name" TEXT`, with the kind of value in the declared type so that a later load reads it back, and a JSON
    /// check for JSON columns.
    static func definition(_ column: ColumnSpec) -> String {
        switch column.type {
        case .text: "\(column.name.quoted) TEXT"
        case .decimal: "\(column.name.quoted) TEXT_DECIMAL"
        case .timestamp: "\(column.name.quoted) TEXT_TIMESTAMP"
        case .json: "\(column.name.quoted) TEXT_JSON CHECK (json_valid(\(column.name.quoted)))"
        }
    }

    /// The type of a column from its declared type (see ``definition(_:)``).
    static func columnType(declared: String) -> ColumnType {
        switch declared.uppercased() {
        case "TEXT_DECIMAL": .decimal
        case "TEXT_TIMESTAMP": .timestamp
        case "TEXT_JSON": .json
        default: .text
        }
    }
}

/// Binds rows into multi-row upserts.
struct SQLiteRowWriter {
    let connection: SQLiteConnection
    let table: SQLIdentifier
    let header: [String]
    let types: [ColumnType]
    let rowsPerStatement: Int
    private var pending: [(values: [SQLiteData], line: Int)] = []
    private var statements: [Int: String] = [:]
    private(set) var rowsWritten = 0

    init(
        connection: SQLiteConnection, table: SQLIdentifier, header: [String], types: [ColumnType], rowsPerStatement: Int
    ) {
        self.connection = connection
        self.table = table
        self.header = header
        self.types = types
        self.rowsPerStatement = max(1, rowsPerStatement)
    }

    mutating func write(
        _ batch: RowBatch, reader: ExactRowReader, keyer: inout RowKeyer, log: inout RejectionLog
    ) async throws {
        rows: for row in 0..<batch.rowCount {
            let key = PostgresRowSource.key(of: batch, row: row, keyer: &keyer)
            let line = reader.bodyLine(batch.lineNumbers[row])
            var values: [SQLiteData] = []
            values.reserveCapacity(header.count + 1)
            for column in 0..<batch.columnCount {
                let outcome = batch.withBytes(row: row, column: column) { ValueChecks.sqlite($0, as: types[column]) }
                switch outcome {
                case nil: values.append(.null)
                case .success(let text): values.append(.text(text))
                case .failure(let error):
                    log.record(RowRejection(line: line, column: header[column], reason: error.reason))
                    continue rows
                }
            }
            values.append(.text(key.hex))
            pending.append((values, line))
            if pending.count >= rowsPerStatement { try await flush(log: &log) }
        }
    }

    /// Writes the pending rows: in one statement, or row by row when it fails, rejecting the rows SQLite refuses.
    mutating func flush(log: inout RejectionLog) async throws {
        guard !pending.isEmpty else { return }
        let rows = pending
        pending = []
        do {
            _ = try await connection.query(statement(rows: rows.count), rows.flatMap(\.values))
            rowsWritten += rows.count
            return
        } catch let error as SQLiteError where Self.isRowError(error) {
            // Find the rows at fault below.
        }
        for row in rows {
            do {
                _ = try await connection.query(statement(rows: 1), row.values)
                rowsWritten += 1
            } catch let error as SQLiteError where Self.isRowError(error) {
                log.record(
                    RowRejection(line: row.line, column: nil, reason: "SQLite refused the row: \(error.message)"))
            }
        }
    }

    static func isRowError(_ error: SQLiteError) -> Bool {
        switch error.reason {
        case .constraint, .constraintCheckFailed, .constraintNotNullFailed, .mismatch, .tooBig: true
        default: false
        }
    }

    private mutating func statement(rows: Int) -> String {
        if let cached = statements[rows] { return cached }
        let columns = (header.map { SQLIdentifier($0)! } + [TableLayout.rowKeyColumn]).map(\.quoted)
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        let values = Array(repeating: placeholders, count: rows).joined(separator: ",")
        let headerColumns = header.map { SQLIdentifier($0)!.quoted }
        let assignments = headerColumns.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let differs = headerColumns.map { "\(table.quoted).\($0) IS NOT excluded.\($0)" }.joined(separator: " OR ")
        let sql =
            "INSERT INTO \(table.quoted) (\(columns.joined(separator: ", "))) VALUES \(values) "
            + "ON CONFLICT (\(TableLayout.rowKeyColumn.quoted)) DO UPDATE SET \(assignments) WHERE \(differs)"
        statements[rows] = sql
        return sql
    }
}
