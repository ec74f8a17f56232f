/// How ``CSVWriter`` writes.
public struct CSVWriteOptions: Sendable, Equatable {
    /// The line end after each record.
    public enum LineEnding: Sendable, Equatable {
        /// `\n`, as Go's `encoding/csv` and most tools write.
        case lf
        /// `\r\n`, as RFC 4180 writes.
        case crlf
    }

    /// The field separator. Must not be a quote, CR or LF.
    public var delimiter: UInt8
    public var lineEnding: LineEnding

    public init(delimiter: UInt8 = UInt8(ascii: ","), lineEnding: LineEnding = .lf) {
        self.delimiter = delimiter
        self.lineEnding = lineEnding
    }
}

/// Writes a header and ``RowBatch``es as FOCUS CSV that ``CSVReader`` (and RFC 4180 readers) read back unchanged.
///
/// A field is quoted only when it must be: when it holds the delimiter, a quote, CR or LF, begins or ends with a
/// space or tab (some readers trim), is empty (`""`, the empty string, as opposed to null), or is exactly `NULL`
/// (which unquoted means null). Quotes inside are doubled. Null is an empty field; in a single-column file it is
/// written `NULL`, because an empty line would be skipped as blank.
///
/// Batches are matched to the writer's header by column name, so a batch with the same columns in another order is
/// written in the header's order; a header column missing from the batch is written as null and a batch column
/// missing from the header is not written.
///
/// The writer is a value with no state: write the header once, then the batches, into buffers of any size.
public struct CSVWriter: Sendable {
    public let header: FocusHeader
    public let options: CSVWriteOptions

    public init(header: FocusHeader, options: CSVWriteOptions = .init()) {
        self.header = header
        self.options = options
    }

    /// Appends the header record.
    public func appendHeader(to output: inout [UInt8]) {
        for (index, name) in header.names.enumerated() {
            if index > 0 { output.append(options.delimiter) }
            var name = name
            _ = name.withUTF8 { appendField($0, to: &output) }
        }
        appendLineEnd(to: &output)
    }

    /// Appends every row of `batch`.
    public func append(_ batch: RowBatch, to output: inout [UInt8]) {
        let columns: [Int?] =
            batch.header == header ? Array(0..<header.count) : header.names.map { batch.header.index(of: $0) }
        for row in 0..<batch.rowCount {
            for (index, column) in columns.enumerated() {
                if index > 0 { output.append(options.delimiter) }
                let written: Bool? = column.flatMap {
                    batch.withBytes(row: row, column: $0) { appendField($0, to: &output) }
                }
                if written == nil && columns.count == 1 { output.append(contentsOf: Self.nullLiteral) }
            }
            appendLineEnd(to: &output)
        }
    }

    /// The header and all rows of `batches` as one buffer.
    public static func write(
        header: FocusHeader, batches: some Sequence<RowBatch>, options: CSVWriteOptions = .init()
    ) -> [UInt8] {
        let writer = CSVWriter(header: header, options: options)
        var output: [UInt8] = []
        writer.appendHeader(to: &output)
        for batch in batches { writer.append(batch, to: &output) }
        return output
    }

    // MARK: - Fields

    private static let quote = UInt8(ascii: "\"")
    private static let nullLiteral = Array("NULL".utf8)

    private func appendLineEnd(to output: inout [UInt8]) {
        if options.lineEnding == .crlf { output.append(UInt8(ascii: "\r")) }
        output.append(UInt8(ascii: "\n"))
    }

    /// Appends one non-null field, quoted if it must be. Returns `true` (for `withBytes`, which returns `nil` for
    /// null).
    @discardableResult
    private func appendField(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) -> Bool {
        guard needsQuotes(bytes) else {
            output.append(contentsOf: bytes)
            return true
        }
        output.append(Self.quote)
        var runStart = 0
        for (index, byte) in bytes.enumerated() where byte == Self.quote {
            // Up to and including the quote, then the quote again.
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...index]))
            output.append(Self.quote)
            runStart = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        output.append(Self.quote)
        return true
    }

    func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        if Self.isPadding(first) || Self.isPadding(last) { return true }
        if bytes.elementsEqual(Self.nullLiteral) { return true }
        let delimiter = options.delimiter
        for byte in bytes
        where byte == delimiter || byte == Self.quote || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            return true
        }
        return false
    }

    private static func isPadding(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
}
