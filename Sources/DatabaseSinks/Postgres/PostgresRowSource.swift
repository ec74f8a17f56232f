import Focus
import NIOCore

/// Turns the body after the header into COPY chunks: through ``PassThroughScanner`` while it can, then through
/// ``ExactRowReader``. Both key the rows with one ``RowKeyer``, so occurrence ordinals run on across the switch.
struct PostgresRowSource {
    private enum Stage {
        case fast(PassThroughScanner)
        case exact(ExactRowReader)
        case finished
    }

    let header: [String]
    /// The table's type of each header column, for the checks of the exact path.
    let columnTypes: [ColumnType]
    private(set) var keyer: RowKeyer
    private(set) var log: RejectionLog
    private var stage: Stage
    private var ready: [CopyChunk] = []
    private var exactOutput: ByteBuffer
    private var exactLines: [Int] = []
    private var fastRows = 0
    private let flushBytes: Int

    init(
        header: [String], columnTypes: [ColumnType], plan: RowKeyPlan, firstLine: Int, sampleLimit: Int,
        flushBytes: Int = 1 << 20
    ) {
        self.header = header
        self.columnTypes = columnTypes
        keyer = RowKeyer(plan: plan)
        log = RejectionLog(sampleLimit: sampleLimit)
        self.flushBytes = flushBytes
        exactOutput = ByteBufferAllocator().buffer(capacity: 0)
        stage = .fast(
            PassThroughScanner(
                columnCount: header.count, plan: plan, firstLine: firstLine, flushBytes: flushBytes,
                maxRecordBytes: ExactRowReader.options.maxRowBytes))
    }

    /// Rows read so far (the rejected ones included).
    var rowsRead: Int {
        switch stage {
        case .fast(let scanner): scanner.recordsRead
        case .exact(let reader): fastRows + reader.rowsRead
        case .finished: fastRows
        }
    }

    /// Whether rows were read by the exact path (after something the fast path cannot pass on).
    private(set) var usedExactPath = false

    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(DatabaseError) {
        switch stage {
        case .fast(var scanner):
            stage = .finished
            let outcome = scanner.feed(bytes, keyer: &keyer, log: &log)
            ready += scanner.takeReady()
            switch outcome {
            case .proceed:
                stage = .fast(scanner)
            case .switchToExact(let leftover, let line):
                usedExactPath = true
                fastRows = scanner.recordsRead
                var reader = ExactRowReader(header: header, firstLine: line)
                let batches = try leftover.withBytes { bytes throws(DatabaseError) in
                    try reader.feed(bytes, log: &log)
                }
                stage = .exact(reader)
                take(batches, reader)
            }
        case .exact(var reader):
            stage = .finished
            let batches = try reader.feed(bytes, log: &log)
            stage = .exact(reader)
            take(batches, reader)
        case .finished:
            preconditionFailure("fed after the end")
        }
    }

    mutating func finish() throws(DatabaseError) {
        switch stage {
        case .fast(var scanner):
            stage = .finished
            let outcome = try scanner.finish(keyer: &keyer, log: &log)
            ready += scanner.takeReady()
            fastRows = scanner.recordsRead
            if case .switchToExact(let leftover, let line) = outcome {
                usedExactPath = true
                var reader = ExactRowReader(header: header, firstLine: line)
                var batches = try leftover.withBytes { bytes throws(DatabaseError) in
                    try reader.feed(bytes, log: &log)
                }
                batches += try reader.finish(log: &log)
                take(batches, reader)
                fastRows += reader.rowsRead
            }
        case .exact(var reader):
            stage = .finished
            let batches = try reader.finish(log: &log)
            take(batches, reader)
            fastRows += reader.rowsRead
        case .finished:
            return
        }
        flushExact()
    }

    /// The next chunk of whole records, if one is complete.
    mutating func next() -> CopyChunk? {
        ready.isEmpty ? nil : ready.removeFirst()
    }

    /// Records a rejection found outside the source (by the server).
    mutating func reject(_ rejection: RowRejection) {
        log.record(rejection)
    }

    // MARK: - The exact path

    /// Keys, checks and encodes rows read exactly.
    private mutating func take(_ batches: [RowBatch], _ reader: ExactRowReader) {
        for batch in batches {
            for row in 0..<batch.rowCount {
                let key = Self.key(of: batch, row: row, keyer: &keyer)
                let line = reader.bodyLine(batch.lineNumbers[row])
                if let rejection = Self.check(batch, row: row, types: columnTypes, line: line) {
                    log.record(rejection)
                    continue
                }
                Self.encode(batch, row: row, key: key, into: &exactOutput)
                exactLines.append(line)
                if exactOutput.readableBytes >= flushBytes { flushExact() }
            }
        }
    }

    private mutating func flushExact() {
        guard !exactLines.isEmpty else { return }
        ready.append(CopyChunk(buffer: exactOutput, lines: exactLines))
        exactOutput = ByteBufferAllocator().buffer(capacity: flushBytes + 4096)
        exactLines = []
    }

    static func key(of batch: RowBatch, row: Int, keyer: inout RowKeyer) -> RowKey {
        keyer.beginRow()
        for (index, part) in keyer.plan.parts.enumerated() {
            guard let field = part.field, field < batch.columnCount,
                batch.withBytes(row: row, column: field, { keyer.append(UnsafeRawBufferPointer($0), part: index) })
                    != nil
            else {
                keyer.appendNull()
                continue
            }
        }
        return keyer.finishRow()
    }

    /// The first value of the row PostgreSQL would certainly refuse, as a rejection.
    static func check(_ batch: RowBatch, row: Int, types: [ColumnType], line: Int) -> RowRejection? {
        for column in 0..<min(batch.columnCount, types.count) {
            let verdict = batch.withBytes(row: row, column: column) { ValueChecks.postgres($0, as: types[column]) }
            if case .bad(let reason) = verdict {
                return RowRejection(line: line, column: batch.header.names[column], reason: reason)
            }
        }
        return nil
    }

    /// The row in PostgreSQL's CSV with every value quoted, then `key` (when given) and a line feed.
    static func encode(_ batch: RowBatch, row: Int, key: RowKey?, into buffer: inout ByteBuffer) {
        for column in 0..<batch.columnCount {
            if column > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            _ = batch.withBytes(row: row, column: column) { field in
                CanonicalCSVEncoder.appendQuoted(field, to: &buffer)
            }
        }
        if let key {
            buffer.writeInteger(UInt8(ascii: ","))
            CanonicalCSVEncoder.appendKeyAndLineEnd(key, to: &buffer)
        } else {
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
    }
}
