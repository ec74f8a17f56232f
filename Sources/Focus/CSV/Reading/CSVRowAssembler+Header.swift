/// The header record: names that must be non-empty, distinct and valid UTF-8; any fault ends the stream.
extension CSVRowAssembler {
    /// A field of the header record (kept as text: `NULL` and empty are not null here).
    mutating func headerField(from begin: Int, to end: Int, escaped: Bool, record: Int) {
        guard fatal == nil else { return }
        guard end &- record <= maxHeaderBytes else {
            headerOversized = true
            return
        }
        let origin = partialStart >= 0 ? partialStart : storage.count
        headerSpans.append(
            RowBatch.FieldSpan(start: UInt32(origin &+ begin &- record), end: UInt32(origin &+ end &- record)))
        if escaped { fixups.append(Fixup(column: headerSpans.count &- 1, unescape: true)) }
    }

    mutating func headerTooLarge(line: Int) {
        fatal = CSVReadError(
            .headerTooLarge, line: line,
            "the header record is longer than \(maxHeaderBytes) bytes; is this a CSV file?")
    }

    /// Builds the ``FocusHeader`` from the complete header record, or sets ``fatal``.
    mutating func commitHeader(from begin: Int, to end: Int, line: Int, in chunk: CSVChunk) {
        _ = storeRecord(from: begin, to: end, in: chunk)
        for fixup in fixups {
            let span = headerSpans[fixup.column]
            let newEnd = storage.withUnsafeMutableBufferPointer { bytes in
                bytes.baseAddress.map { Self.collapseDoubledQuotes($0, from: Int(span.start), to: Int(span.end)) }
            }
            headerSpans[fixup.column].end = UInt32(newEnd ?? Int(span.end))
        }
        var names: [String] = []
        var seen: Set<String> = []
        for span in headerSpans {
            let bytes = storage[Int(span.start)..<Int(span.end)]
            let position = names.count + 1
            guard bytes.withUnsafeBytes({ UTF8Validation.isValid($0) }) else {
                fatal = CSVReadError(.invalidUTF8InHeader, line: line, "header name \(position) is not valid UTF-8")
                return
            }
            let name = String(decoding: bytes, as: UTF8.self)
            guard !name.isEmpty else {
                fatal = CSVReadError(.emptyHeaderName, line: line, "header name \(position) is empty")
                return
            }
            guard seen.insert(name).inserted else {
                fatal = CSVReadError(
                    .duplicateHeaderName, line: line,
                    "header name \(position), \"\(name)\", repeats an earlier one; rows could not be mapped by name")
                return
            }
            names.append(name)
        }
        headerSpans = []
        start(rowsOf: FocusHeader(names))
    }
}
