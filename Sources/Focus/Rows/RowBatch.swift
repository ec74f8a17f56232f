/// A batch of FOCUS rows: the header once, every field's UTF-8 bytes (unescaped) in one buffer, nulls, and the source
/// line on which each row began.
///
/// Rows are rectangular: every row has exactly `header.count` fields (readers reject ragged rows before they reach
/// a batch). A field is null when the source had an empty unquoted field or the literal `NULL`; a quoted empty field
/// (`""`) is the empty string. Batches are values and `Sendable`; a stream is a sequence of batches sharing one
/// ``FocusHeader``.
public struct RowBatch: Sendable {
    public let header: FocusHeader
    public private(set) var rowCount: Int
    /// Field bytes, row-major; a field is `storage[span.start..<span.end]`.
    @usableFromInline var storage: [UInt8]
    /// One span per field, row-major; `rowCount * header.count` of them.
    @usableFromInline var spans: [FieldSpan]
    /// 1-based source line on which each row began (0 when the source has no lines, e.g. JSON).
    public private(set) var lineNumbers: [Int]

    /// The bytes of one field; `start == FieldSpan.nullMarker` for null.
    @usableFromInline
    struct FieldSpan: Sendable, Hashable {
        @usableFromInline static let nullMarker = UInt32.max
        @usableFromInline var start: UInt32
        @usableFromInline var end: UInt32
        @inlinable init(start: UInt32, end: UInt32) {
            self.start = start
            self.end = end
        }
        @inlinable var isNull: Bool { start == Self.nullMarker }
    }

    @usableFromInline
    init(header: FocusHeader, rowCount: Int, storage: [UInt8], spans: [FieldSpan], lineNumbers: [Int]) {
        self.header = header
        self.rowCount = rowCount
        self.storage = storage
        self.spans = spans
        self.lineNumbers = lineNumbers
    }

    /// An empty batch.
    public init(header: FocusHeader) {
        self.init(header: header, rowCount: 0, storage: [], spans: [], lineNumbers: [])
    }

    /// A batch from string rows (`nil` is null); for decoders of small payloads and for tests.
    /// Each row must have `header.count` fields.
    public init(header: FocusHeader, rows: [[String?]], lineNumbers: [Int]? = nil) {
        var builder = RowBatchBuilder(header: header)
        for (index, row) in rows.enumerated() {
            precondition(row.count == header.count, "row \(index) has \(row.count) fields, header has \(header.count)")
            builder.beginRow(line: lineNumbers?[index] ?? 0)
            for field in row {
                if let field { builder.appendField(field) } else { builder.appendNull() }
            }
            builder.endRow()
        }
        self = builder.finish()
    }

    public var columnCount: Int { header.count }
    public var isEmpty: Bool { rowCount == 0 }
    /// Bytes of field data held (a measure for flushing and memory accounting).
    public var byteCount: Int { storage.count }

    @inlinable
    func span(_ row: Int, _ column: Int) -> FieldSpan {
        precondition(row >= 0 && row < rowCount && column >= 0 && column < header.count, "field out of range")
        return spans[row &* header.count &+ column]
    }

    public func isNull(row: Int, column: Int) -> Bool { span(row, column).isNull }

    /// The field as a string; `nil` when null.
    public func string(row: Int, column: Int) -> String? {
        withBytes(row: row, column: column) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the field's bytes; returns `nil` without calling it when the field is null.
    @inlinable
    public func withBytes<R>(row: Int, column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        let span = span(row, column)
        if span.isNull { return nil }
        return try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[Int(span.start)..<Int(span.end)]))
        }
    }

    /// One row as strings (`nil` for null), in header order.
    public func row(_ row: Int) -> [String?] {
        (0..<header.count).map { string(row: row, column: $0) }
    }

    /// The rows `range` as a new batch sharing the header.
    public func slice(_ range: Range<Int>) -> RowBatch {
        var builder = RowBatchBuilder(header: header)
        for row in range { builder.appendRow(from: self, row: row) }
        return builder.finish()
    }
}

/// Builds a ``RowBatch`` field by field; used by readers and decoders.
public struct RowBatchBuilder: Sendable {
    public let header: FocusHeader
    private var storage: [UInt8] = []
    private var spans: [RowBatch.FieldSpan] = []
    private var lineNumbers: [Int] = []
    private var fieldsInRow = 0
    private var inRow = false
    public private(set) var rowCount = 0

    public init(header: FocusHeader, reservingBytes: Int = 0) {
        self.header = header
        if reservingBytes > 0 { storage.reserveCapacity(reservingBytes) }
    }

    /// Bytes of field data so far; readers flush a batch when this passes their budget.
    public var byteCount: Int { storage.count }

    public mutating func beginRow(line: Int) {
        precondition(!inRow, "beginRow inside a row")
        inRow = true
        fieldsInRow = 0
        lineNumbers.append(line)
    }

    public mutating func appendField(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(inRow && fieldsInRow < header.count, "field outside a row or beyond the header")
        let start = UInt32(storage.count)
        storage.append(contentsOf: bytes)
        spans.append(.init(start: start, end: UInt32(storage.count)))
        fieldsInRow += 1
    }

    public mutating func appendField(_ string: String) {
        var string = string
        string.withUTF8 { appendField($0) }
    }

    public mutating func appendNull() {
        precondition(inRow && fieldsInRow < header.count, "field outside a row or beyond the header")
        spans.append(.init(start: RowBatch.FieldSpan.nullMarker, end: RowBatch.FieldSpan.nullMarker))
        fieldsInRow += 1
    }

    public mutating func endRow() {
        precondition(inRow && fieldsInRow == header.count, "row has \(fieldsInRow) fields, header has \(header.count)")
        inRow = false
        rowCount += 1
    }

    /// Drops a row begun with ``beginRow(line:)`` (a reader that finds it malformed).
    public mutating func abandonRow() {
        precondition(inRow, "abandonRow outside a row")
        spans.removeLast(fieldsInRow)
        lineNumbers.removeLast()
        inRow = false
        fieldsInRow = 0
    }

    /// Copies row `row` of `batch` (same header names) into this builder.
    public mutating func appendRow(from batch: RowBatch, row: Int) {
        beginRow(line: batch.lineNumbers[row])
        for column in 0..<batch.columnCount {
            if batch.withBytes(row: row, column: column, { appendField($0) }) == nil { appendNull() }
        }
        endRow()
    }

    /// The batch so far; the builder starts over empty with the same header.
    public mutating func finish() -> RowBatch {
        precondition(!inRow, "finish inside a row")
        let batch = RowBatch(
            header: header, rowCount: rowCount, storage: storage, spans: spans, lineNumbers: lineNumbers)
        storage.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
        lineNumbers.removeAll(keepingCapacity: true)
        rowCount = 0
        return batch
    }
}
