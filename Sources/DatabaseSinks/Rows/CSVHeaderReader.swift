/// Reads the header line of a CSV body: the first line that is not blank, after an optional UTF-8 byte order mark.
///
/// Header names become SQL column names, so each must be an identifier (`[A-Za-z_][A-Za-z0-9_]{0,62}`, optionally
/// in quotes); any other name, an empty or repeated one (case-insensitively: SQLite ignores case), or the row key
/// column's name is an ``DatabaseError/Code/invalidInput`` error that names the column. A header can therefore hold
/// no quote inside a name, no delimiter and no line break, and its line is found without a CSV parser.
struct CSVHeaderReader: Sendable {
    /// The header and where the rows begin.
    struct Header: Sendable {
        let names: [String]
        /// The line the first row starts on (1-based; the header is line `firstRowLine - 1`).
        let firstRowLine: Int
        /// Bytes after the header line that were already read.
        let leftover: [UInt8]
    }

    static let maxHeaderBytes = 1 << 20
    private var pending: [UInt8] = []
    private var skippedLines = 0
    private var started = false

    /// Feeds a chunk; returns the header once its line is complete.
    mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(DatabaseError) -> Header? {
        pending.append(contentsOf: chunk)
        if !started {
            guard pending.count >= 3 || !Array([0xEF, 0xBB, 0xBF]).starts(with: pending) else { return nil }
            started = true
            if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
        }
        while let lineFeed = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var end = lineFeed
            if end > 0, pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            if end == 0 {
                skippedLines += 1
                pending.removeFirst(lineFeed + 1)
                continue
            }
            let names = try Self.parse(pending[..<end])
            return Header(names: names, firstRowLine: skippedLines + 2, leftover: Array(pending[(lineFeed + 1)...]))
        }
        if pending.count > Self.maxHeaderBytes {
            throw DatabaseError(.invalidInput, "no header line in the first \(Self.maxHeaderBytes) bytes; is this CSV?")
        }
        return nil
    }

    /// The body ended: a header without a line end, or an error when there is none.
    mutating func finish() throws(DatabaseError) -> Header {
        if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
        var end = pending.count
        if end > 0, pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end > 0 else { throw DatabaseError(.invalidInput, "the body has no header line (it is empty)") }
        return Header(names: try Self.parse(pending[..<end]), firstRowLine: skippedLines + 2, leftover: [])
    }

    /// The names of one header line.
    static func parse(_ line: ArraySlice<UInt8>) throws(DatabaseError) -> [String] {
        var names: [String] = []
        for (index, field) in line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).enumerated() {
            var field = field
            if field.count >= 2, field.first == UInt8(ascii: "\""), field.last == UInt8(ascii: "\"") {
                field = field.dropFirst().dropLast()
            }
            let name = String(decoding: field, as: UTF8.self)
            guard !name.isEmpty else {
                throw DatabaseError(.invalidInput, "header column \(index + 1) has no name")
            }
            guard SQLIdentifier.isValid(name) else {
                throw DatabaseError(
                    .invalidInput,
                    "header column \(index + 1) \(TableName.quoteForMessage(name)) is not a valid column name: use 1 "
                        + "to 63 ASCII letters, digits and underscores, not starting with a digit")
            }
            names.append(name)
        }
        var seen: [String: String] = [:]
        for name in names {
            if name.lowercased() == TableLayout.rowKeyColumn.name {
                throw DatabaseError(.invalidInput, "header column \(name) is reserved for the row key")
            }
            if let earlier = seen[name.lowercased()] {
                throw DatabaseError(
                    .invalidInput,
                    earlier == name
                        ? "header column \(name) appears twice"
                        : "header columns \(earlier) and \(name) differ only in case")
            }
            seen[name.lowercased()] = name
        }
        return names
    }
}
