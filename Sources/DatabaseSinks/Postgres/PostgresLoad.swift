import Focus
import Logging
import NIOCore
import PostgresNIO

/// One poll into one PostgreSQL table, in one transaction:
///
/// 1. `BEGIN`; an advisory lock on the table (loads of one table run one at a time); the poll's `finops_loads` row,
///    if any, ends the load (``LoadReport/alreadyLoaded``).
/// 2. The header is read; the table is created, or widened with `ALTER TABLE … ADD COLUMN` for columns it lacks.
/// 3. The rows are streamed with `COPY pg_temp.finops_stage (…) FROM STDIN (FORMAT csv)` into a temporary table of
///    the same layout, in segments of ``DatabaseSinkOptions/segmentBytes``, each under a savepoint. A segment the
///    server refuses (a bad number, timestamp or JSON value) is rolled back and sent again without the rows it
///    cannot take: rows the client knows to be bad are left out first, then each row the server still refuses,
///    by the line its error names. A table without rows (its first load) takes the COPY itself, under a `SHARE ROW
///    EXCLUSIVE` lock and with its primary key dropped and built again at the end: nothing can conflict, staging
///    would write every row twice, and a sorted index build is several times cheaper than a million random inserts.
/// 4. The row count is checked against ``LoadRequest/expectedRows``.
/// 5. `INSERT INTO t SELECT * FROM finops_stage ON CONFLICT (finops_row_key) DO UPDATE SET <every column of the
///    header> … WHERE <any of them differs>`, counting inserted and updated rows (skipped after a direct COPY: every
///    row is new); the `finops_loads` row; `COMMIT`.
///
/// A process killed anywhere before `COMMIT` leaves nothing: the server rolls the transaction back. The next load of
/// the same poll finds no `finops_loads` row and does it all again; the row keys make that a no-op for rows already
/// there.
struct PostgresLoad {
    let connection: PostgresConnection
    let request: LoadRequest
    let options: DatabaseSinkOptions
    let logger: Logger
    let errors: PostgresErrorMapper

    private var table: SQLIdentifier { request.table.identifier }

    func run(body: some AsyncSequence<ByteBuffer, any Error>) async throws -> LoadReport {
        try await ensureBookkeeping()
        try await execute("BEGIN")
        // Timestamps without a zone are UTC, as the client reads them; dates are read month first (the default).
        try await execute("SET LOCAL TimeZone = 'UTC'")
        try await execute("SET LOCAL DateStyle = 'ISO, MDY'")
        try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtextextended(\("finops-operator:" + table.name), 0))", logger: logger)
        if try await alreadyLoaded() {
            try await execute("ROLLBACK")
            return LoadReport(pollID: request.pollID, alreadyLoaded: true, focusVersion: request.focusVersion)
        }

        var body = BodyReader(body.makeAsyncIterator())
        let header = try await readHeader(&body)
        let names = header.names
        if case .generic(let index) = request.kind, !names.indices.contains(index) {
            throw DatabaseError(
                .invalidInput,
                "the value column index \(index) is outside the header's \(names.count) columns "
                    + "(\(names.prefix(8).joined(separator: ", ")))")
        }
        let types = try await prepareTable(header: names)
        // A table without rows (its first load) takes the rows straight from COPY: nothing can conflict, so the
        // staging table and the upsert would only write every row twice; its primary key is built afterwards. Other
        // writers wait until the commit (and readers too, while the key is rebuilt).
        try await execute("LOCK TABLE \(table.quoted) IN SHARE ROW EXCLUSIVE MODE")
        let direct = try await isEmpty()
        var rebuildKey = false
        if direct {
            rebuildKey = try await dropRowKeyIndex()
        } else {
            try await execute("CREATE TEMPORARY TABLE finops_stage (LIKE \(table.quoted)) ON COMMIT DROP")
        }

        var source = PostgresRowSource(
            header: names, columnTypes: types, plan: TableLayout.keyPlan(for: request.kind, header: names),
            firstLine: header.firstRowLine, sampleLimit: options.maxRejectionSamples)
        try header.leftover.withBytes { bytes throws(DatabaseError) in try source.feed(bytes) }
        let clock = ContinuousClock()
        let streamStart = clock.now
        let staged = try await stream(&source, body: &body, direct: direct)
        let streamed = clock.now - streamStart

        let rowsRead = source.rowsRead
        if let expected = request.expectedRows, expected != rowsRead {
            throw DatabaseError(
                .invalidInput,
                "incomplete poll \(request.pollID): the body has \(rowsRead) rows, \(expected) were announced; "
                    + "nothing was written")
        }
        guard staged + source.log.count == rowsRead else {
            throw DatabaseError(
                .server,
                "internal error: \(rowsRead) rows read, \(staged) staged and \(source.log.count) rejected; "
                    + "nothing was written")
        }
        let upsertStart = clock.now
        let (inserted, updated) = direct ? (staged, 0) : try await upsert(header: names)
        if rebuildKey {
            try await execute("SET LOCAL maintenance_work_mem = '256MB'")
            try await execute("ALTER TABLE \(table.quoted) ADD PRIMARY KEY (\(TableLayout.rowKeyColumn.quoted))")
        }
        let upserted = clock.now - upsertStart
        let focusVersion =
            request.focusVersion
            ?? (request.kind == .focus ? FocusSchema.detect(FocusHeader(names)).version.rawValue : nil)
        let report = LoadReport(
            pollID: request.pollID, rowsRead: rowsRead, rowsInserted: inserted, rowsUpdated: updated,
            rowsUnchanged: staged - inserted - updated, rejected: source.log.report, rejectedCount: source.log.count,
            alreadyLoaded: false, focusVersion: focusVersion)
        try await record(report)
        let commitStart = clock.now
        try await execute("COMMIT")
        logger.info(
            "database load committed",
            metadata: [
                "table": "\(table)", "pollID": "\(request.pollID)", "rows": "\(rowsRead)", "staged": "\(staged)",
                "rejected": "\(source.log.count)", "exactPath": "\(source.usedExactPath)", "direct": "\(direct)",
                "copySeconds": "\(streamed)", "upsertSeconds": "\(upserted)",
                "commitSeconds": "\(clock.now - commitStart)",
            ])
        return report
    }

    // MARK: - Bookkeeping

    /// Creates `finops_loads` when missing, in a transaction of its own. Concurrent first loads may race to create
    /// it; the loser's "already exists" is success.
    private func ensureBookkeeping() async throws {
        if try await exists("finops_loads") { return }
        do {
            try await execute("BEGIN")
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended('finops-operator:finops_loads', 0))", logger: logger)
            try await execute(
                """
                CREATE TABLE IF NOT EXISTS finops_loads (
                    table_name text NOT NULL,
                    poll_id text NOT NULL,
                    rows_read bigint NOT NULL,
                    rows_inserted bigint NOT NULL,
                    rows_updated bigint NOT NULL,
                    rows_unchanged bigint NOT NULL,
                    rows_rejected bigint NOT NULL,
                    focus_version text,
                    loaded_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (table_name, poll_id))
                """)
            try await execute("COMMIT")
        } catch let error as PSQLError where ["42P07", "23505"].contains(error.serverInfo?[.sqlState] ?? "") {
            try await execute("ROLLBACK")
        }
    }

    private func exists(_ name: String) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT to_regclass(\(SQLIdentifier(name)!.quoted))::text", logger: logger)
        for try await (value) in rows.decode((String?).self) { return value != nil }
        return false
    }

    private func alreadyLoaded() async throws -> Bool {
        let rows = try await connection.query(
            "SELECT 1 FROM finops_loads WHERE table_name = \(table.name) AND poll_id = \(request.pollID)",
            logger: logger)
        for try await _ in rows { return true }
        return false
    }

    private func record(_ report: LoadReport) async throws {
        try await connection.query(
            """
            INSERT INTO finops_loads (table_name, poll_id, rows_read, rows_inserted, rows_updated, rows_unchanged,
                rows_rejected, focus_version)
            VALUES (\(table.name), \(report.pollID), \(report.rowsRead), \(report.rowsInserted), \(report.rowsUpdated),
                \(report.rowsUnchanged), \(report.rejectedCount), \(report.focusVersion))
            """, logger: logger)
    }

    // MARK: - Table layout

    /// Creates or widens the table; returns the type of each header column in it.
    private func prepareTable(header: [String]) async throws -> [ColumnType] {
        var existing: [(name: String, type: String)] = []
        let rows = try await connection.query(
            """
            SELECT column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table.name) ORDER BY ordinal_position
            """, logger: logger)
        for try await (name, type) in rows.decode((String, String).self) { existing.append((name, type)) }

        let headerColumns = header.enumerated().map { index, name in
            ColumnSpec(
                name: SQLIdentifier(name)!, type: TableLayout.type(ofHeaderColumn: name, at: index, kind: request.kind))
        }
        if existing.isEmpty {
            var columns = TableLayout.baseColumns(for: request.kind)
            let base = Set(columns.map(\.name))
            columns += headerColumns.filter { !base.contains($0.name) }
            let definitions = columns.map { "\($0.name.quoted) \($0.type.postgresType)" }
            try await execute(
                "CREATE TABLE \(table.quoted) (\(definitions.joined(separator: ", ")), "
                    + "\(TableLayout.rowKeyColumn.quoted) uuid PRIMARY KEY)")
            let types = Dictionary(columns.map { ($0.name.name, $0.type) }, uniquingKeysWith: { first, _ in first })
            return header.map { types[$0] ?? .text }
        }
        guard existing.contains(where: { $0.name == TableLayout.rowKeyColumn.name && $0.type == "uuid" }) else {
            throw DatabaseError(
                .invalidTable,
                "table \(table) exists but has no uuid column \(TableLayout.rowKeyColumn); it was not created by "
                    + "finops-operator: choose another table name")
        }
        var types = Dictionary(
            existing.map { ($0.name, ColumnType(postgresDataType: $0.type)) }, uniquingKeysWith: { a, _ in a })
        let missing = headerColumns.filter { types[$0.name.name] == nil }
        if !missing.isEmpty {
            let clauses = missing.map { "ADD COLUMN IF NOT EXISTS \($0.name.quoted) \($0.type.postgresType)" }
            try await execute("ALTER TABLE \(table.quoted) \(clauses.joined(separator: ", "))")
            logger.info(
                "database table widened",
                metadata: ["table": "\(table)", "columns": "\(missing.map(\.name.name).joined(separator: ","))"])
            for column in missing { types[column.name.name] = column.type }
        }
        return header.map { types[$0] ?? .text }
    }

    // MARK: - Streaming

    /// The `table` argument of postgres-nio's `copyFrom`, which writes `COPY "<table>"<columns> FROM STDIN WITH
    /// (FORMAT text)` and offers no CSV format in 1.33: the argument closes the quote, names the table (the staging
    /// table, or the table itself when `direct`) and its columns, asks for CSV and comments out the rest. Every part
    /// is a checked identifier (``SQLIdentifier``).
    private func copyTarget(_ columns: [SQLIdentifier], direct: Bool) -> String {
        let target = direct ? table.name : "pg_temp\".\"finops_stage"
        return "\(target)\" (\(columns.map(\.quoted).joined(separator: ", "))) FROM STDIN WITH (FORMAT csv) --"
    }

    /// Before a direct COPY: drops the primary key, to be built once the rows are in (a sorted build, several times
    /// cheaper than a million random index inserts). Returns whether it did; a key another object depends on stays.
    /// The constraint's name comes from the catalog already quoted by the server (`quote_ident`).
    private func dropRowKeyIndex() async throws -> Bool {
        let rows = try await connection.query(
            """
            SELECT quote_ident(conname) FROM pg_constraint
            WHERE conrelid = to_regclass(\(table.quoted)) AND contype = 'p'
            """, logger: logger)
        var constraint: String?
        for try await (name) in rows.decode(String.self) { constraint = name }
        guard let constraint else { return false }
        try await execute("SAVEPOINT finops_key")
        do {
            try await execute("ALTER TABLE \(table.quoted) DROP CONSTRAINT \(constraint)")
            try await execute("RELEASE SAVEPOINT finops_key")
            return true
        } catch let error as PSQLError where error.code == .server {
            try await execute("ROLLBACK TO SAVEPOINT finops_key")
            try await execute("RELEASE SAVEPOINT finops_key")
            return false
        }
    }

    private func isEmpty() async throws -> Bool {
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT NOT EXISTS (SELECT 1 FROM \(table.quoted))"), logger: logger)
        for try await (empty) in rows.decode(Bool.self) { return empty }
        return false
    }

    /// Streams the body into the staging table segment by segment; returns the rows staged.
    private func stream<Body>(
        _ source: inout PostgresRowSource, body: inout BodyReader<Body>, direct: Bool
    ) async throws -> Int {
        let target = copyTarget(source.header.map { SQLIdentifier($0)! } + [TableLayout.rowKeyColumn], direct: direct)
        var staged = 0
        var next = try await nextChunk(&source, body: &body)
        while let first = next {
            try await execute("SAVEPOINT finops_segment")
            var segment: [CopyChunk] = []
            var segmentBytes = 0
            var refusal: PSQLError?
            var pending: CopyChunk? = first
            do {
                try await connection.copyFrom(table: target, logger: logger) { writer in
                    while let chunk = pending {
                        segment.append(chunk)
                        segmentBytes += chunk.buffer.readableBytes
                        if refusal == nil {
                            do {
                                try await writer.write(chunk.buffer)
                            } catch let error as PSQLError where error.isDataError {
                                // Keep reading the segment to send it again without its bad rows.
                                refusal = error
                            }
                        }
                        pending = segmentBytes < options.segmentBytes ? try await nextChunk(&source, body: &body) : nil
                    }
                    if let refusal { throw refusal }
                }
                staged += segment.reduce(0) { $0 + $1.recordCount }
            } catch let error as PSQLError where error.isDataError {
                try await execute("ROLLBACK TO SAVEPOINT finops_segment")
                staged += try await salvage(segment, source: &source, target: target)
            }
            try await execute("RELEASE SAVEPOINT finops_segment")
            next = try await nextChunk(&source, body: &body)
        }
        return staged
    }

    /// The next chunk of records, reading the body as needed; `nil` once it is exhausted.
    private nonisolated(nonsending) func nextChunk<Body>(
        _ source: inout PostgresRowSource, body: inout BodyReader<Body>
    ) async throws -> CopyChunk? {
        while true {
            if let chunk = source.next() { return chunk }
            guard !body.ended else { return nil }
            if let bytes = try await body.next() {
                try bytes.withBytes { bytes throws(DatabaseError) in try source.feed(bytes) }
            } else {
                try source.finish()
            }
        }
    }

    /// Sends a refused segment again without the rows the server cannot take; returns the rows staged.
    ///
    /// The segment's records are read back exactly; rows with a value the client knows PostgreSQL refuses are
    /// rejected at once; the rest go in one COPY under a savepoint, and each time the server refuses one, by the line
    /// its error names, that row is rejected and the rest sent again.
    private func salvage(_ segment: [CopyChunk], source: inout PostgresRowSource, target: String) async throws -> Int {
        let names = source.header + [TableLayout.rowKeyColumn.name]
        let lines = segment.flatMap(\.lines)
        var reader = ExactRowReader(header: names, firstLine: 2)
        var ignored = RejectionLog(sampleLimit: 0)
        var batches: [RowBatch] = []
        for chunk in segment {
            batches += try chunk.buffer.withBytes { bytes throws(DatabaseError) in
                try reader.feed(bytes, log: &ignored)
            }
        }
        batches += try reader.finish(log: &ignored)
        let rowCount = batches.reduce(0) { $0 + $1.rowCount }
        guard rowCount == lines.count, ignored.count == 0 else {
            throw DatabaseError(
                .server, "internal error: a refused segment of \(lines.count) rows reads back as \(rowCount)")
        }
        let types = source.columnTypes + [.text]
        var encoded = ByteBufferAllocator().buffer(capacity: segment.reduce(0) { $0 + $1.buffer.readableBytes })
        var rows: [(offset: Int, length: Int, line: Int)] = []
        var index = 0
        for batch in batches {
            for row in 0..<batch.rowCount {
                let line = lines[index]
                index += 1
                if var rejection = PostgresRowSource.check(batch, row: row, types: types, line: line) {
                    rejection.line = line
                    source.reject(rejection)
                    continue
                }
                let start = encoded.writerIndex
                PostgresRowSource.encode(batch, row: row, key: nil, into: &encoded)
                rows.append((start, encoded.writerIndex - start, line))
            }
        }
        while !rows.isEmpty {
            try await execute("SAVEPOINT finops_salvage")
            do {
                try await connection.copyFrom(table: target, logger: logger) { writer in
                    // Consecutive rows are one slice of the buffer.
                    var start = 0
                    while start < rows.count {
                        var end = start + 1
                        while end < rows.count && rows[end].offset == rows[end - 1].offset + rows[end - 1].length {
                            end += 1
                        }
                        let length = rows[end - 1].offset + rows[end - 1].length - rows[start].offset
                        try await writer.write(encoded.getSlice(at: rows[start].offset, length: length)!)
                        start = end
                    }
                }
                try await execute("RELEASE SAVEPOINT finops_salvage")
                return rows.count
            } catch let error as PSQLError where error.isDataError {
                try await execute("ROLLBACK TO SAVEPOINT finops_salvage")
                try await execute("RELEASE SAVEPOINT finops_salvage")
                guard let position = error.copyPosition, (1...rows.count).contains(position.line) else {
                    throw error
                }
                let refused = rows.remove(at: position.line - 1)
                source.reject(
                    RowRejection(
                        line: refused.line, column: position.column,
                        reason: error.serverInfo?[.message] ?? "refused by the server"))
            }
        }
        return 0
    }

    // MARK: - Upsert

    /// Moves the staged rows into the table; returns (inserted, updated).
    private func upsert(header: [String]) async throws -> (Int, Int) {
        let columns = header.map { SQLIdentifier($0)!.quoted }
        let assignments = columns.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        let current = columns.map { "finops_existing.\($0)" }.joined(separator: ", ")
        let incoming = columns.map { "EXCLUDED.\($0)" }.joined(separator: ", ")
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    WITH upserted AS (
                        INSERT INTO \(table.quoted) AS finops_existing SELECT * FROM pg_temp.finops_stage
                        ON CONFLICT (\(TableLayout.rowKeyColumn.quoted)) DO UPDATE SET \(assignments)
                        WHERE (\(current)) IS DISTINCT FROM (\(incoming))
                        RETURNING (xmax = 0) AS inserted)
                    SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted
                    """), logger: logger)
        for try await (inserted, updated) in rows.decode((Int, Int).self) { return (inserted, updated) }
        return (0, 0)
    }

    // MARK: - Helpers

    private func readHeader<Body>(_ body: inout BodyReader<Body>) async throws -> CSVHeaderReader.Header {
        var reader = CSVHeaderReader()
        while let chunk = try await body.next() {
            let header = try chunk.withBytes { bytes throws(DatabaseError) in try reader.feed(bytes) }
            if let header { return header }
        }
        return try reader.finish()
    }

    private func execute(_ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }
}

/// The body's chunks; its errors become ``DatabaseError``s that say the body failed.
struct BodyReader<Iterator: AsyncIteratorProtocol> where Iterator.Element == ByteBuffer {
    private var iterator: Iterator
    private(set) var ended = false
    private(set) var bytesRead = 0

    init(_ iterator: Iterator) {
        self.iterator = iterator
    }

    nonisolated(nonsending) mutating func next() async throws(DatabaseError) -> ByteBuffer? {
        guard !ended else { return nil }
        do {
            guard let chunk = try await iterator.next(isolation: #isolation) else {
                ended = true
                return nil
            }
            bytesRead += chunk.readableBytes
            return chunk
        } catch is CancellationError {
            throw DatabaseError(.cancelled, "reading the rows was cancelled after \(bytesRead) bytes")
        } catch {
            throw DatabaseError(
                .invalidInput, "the rows body failed after \(bytesRead) bytes: \(error); nothing was written",
                isRetriable: true)
        }
    }
}
