import Logging
import NIOCore

/// Writes complete polls of CSV rows into a database table, exactly once per row.
///
/// Implementations: PostgreSQL (postgres-nio, COPY into a staging table, one upsert) and SQLite (sqlite-nio,
/// prepared multi-row upserts); see ``makeDatabaseSink(_:logger:options:)``. The table layout, the row key and what
/// "exactly once" means are described in the module's documentation (`DatabaseSinks.docc`).
public protocol DatabaseSink: Sendable {
    /// Connects (or reuses a pooled connection) and runs a trivial query (`SELECT 1`); for a DatabaseConfig's Ready
    /// condition.
    func check() async throws(DatabaseError)

    /// Loads one complete poll of CSV rows (a header line first) into `request.table`, exactly once per row.
    ///
    /// `body` yields the CSV bytes (already decompressed) in chunks of any size. Everything happens in one
    /// transaction: the table is created or widened, the rows are upserted by their row key and the poll is recorded
    /// in `finops_loads`, or nothing is written at all (an error, a count mismatch with
    /// ``LoadRequest/expectedRows``, a cancelled task, a killed process). A poll already recorded for the table
    /// returns at once with ``LoadReport/alreadyLoaded`` set, without reading `body`.
    ///
    /// Rows the database cannot take (a bad number, timestamp or JSON value, a row with the wrong number of fields)
    /// are left out and reported in ``LoadReport/rejected`` with their CSV line; the rest of the poll still lands.
    func load(
        _ request: LoadRequest, body: some AsyncSequence<ByteBuffer, any Error> & Sendable
    ) async throws(DatabaseError) -> LoadReport

    /// Closes connections. Loads started afterwards fail.
    func shutdown() async
}

/// Tuning of a sink; the defaults suit the operator.
public struct DatabaseSinkOptions: Sendable, Hashable {
    /// Rejected rows described in a ``LoadReport`` (all are counted).
    public var maxRejectionSamples: Int
    /// PostgreSQL: bytes of CSV per COPY segment. A segment is the unit of retry when the server rejects a row, so
    /// the sink holds up to this much of the body in memory.
    public var segmentBytes: Int
    /// PostgreSQL: idle connections kept for reuse.
    public var maxIdleConnections: Int
    /// SQLite: rows per multi-row INSERT statement (capped so that the statement has at most 32,766 parameters).
    public var sqliteRowsPerStatement: Int

    public init(
        maxRejectionSamples: Int = 20, segmentBytes: Int = 32 << 20, maxIdleConnections: Int = 2,
        sqliteRowsPerStatement: Int = 256
    ) {
        self.maxRejectionSamples = max(0, maxRejectionSamples)
        self.segmentBytes = max(1, segmentBytes)
        self.maxIdleConnections = max(0, maxIdleConnections)
        self.sqliteRowsPerStatement = max(1, sqliteRowsPerStatement)
    }
}

/// The sink for `settings`: PostgreSQL or SQLite. Connections are opened lazily, on the first call.
public func makeDatabaseSink(
    _ settings: DatabaseSettings, logger: Logger, options: DatabaseSinkOptions = .init()
) -> any DatabaseSink {
    switch settings.driver {
    case .postgresql: PostgresSink(settings: settings, logger: logger, options: options)
    case .sqlite: SQLiteSink(settings: settings, logger: logger, options: options)
    }
}
