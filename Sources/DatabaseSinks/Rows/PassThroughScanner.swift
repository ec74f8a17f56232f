import Focus
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The fast path of a PostgreSQL load: passes CSV records through to COPY with the row key appended, finding record
/// and field boundaries 64 bytes at a time (``QuoteParityBlock``, shared with the Focus tokenizer) without copying
/// fields out.
///
/// For each record it checks the field count (a ragged row is rejected here, as ``CSVReader`` would skip it), reads
/// the key fields, computes the key, and copies the record's bytes into the COPY stream followed by `,<key>\n`. The
/// server then parses and types the fields; the client never tokenizes them one by one.
///
/// It passes on only records that PostgreSQL reads exactly as ``CSVReader`` does:
/// - quotes where RFC 4180 puts them (opening a field, closing it before a delimiter or line end, doubled inside);
///   the first block with any other quote (lazy quoting, which PostgreSQL reads differently) ends the fast path, and
///   the rest of the body goes to ``ExactRowReader`` from the record that holds it;
/// - an unquoted `NULL` field (null for the reader, the string `NULL` for PostgreSQL) is written empty;
/// - CRLF line ends become LF; blank lines are skipped; a byte order mark was removed with the header.
///
/// Other differences make PostgreSQL refuse the segment (a lone CR, invalid UTF-8), and the refused segment is
/// read again exactly, so they cannot change what is stored.
struct PassThroughScanner {
    /// What ``feed(_:keyer:log:)`` asks of its caller.
    enum Outcome {
        case proceed
        /// Read `leftover` and the rest of the body with ``ExactRowReader``; its first record begins on `line`.
        case switchToExact(leftover: [UInt8], line: Int)
    }

    private let columnCount: Int
    private let partCount: Int
    /// Where the key fields of the open record are, and which field feeds which part.
    private let spans: KeySpans
    private let flushBytes: Int
    private let maxRecordBytes: Int

    private let window: ByteWindow
    /// Next block to scan.
    private var scanPosition = 0
    private var recordStart = 0
    private var fieldStart = 0
    private var fieldIndex = 0
    /// All ones while the byte before `scanPosition` is inside quotes.
    private var insideQuotes: UInt64 = 0
    /// Bit 0 set when the first byte of the next block may open a quote (it starts a field or follows a closing one).
    private var mayOpen: UInt64 = 1
    /// The line of the first byte of the next block.
    private var line: Int
    private var recordLine: Int
    /// Starts of the unquoted `NULL` fields of the open record.
    private var nullFields: [Int] = []
    private var unescaped: [UInt8] = []
    private var dead = false
    /// Where the body's bytes end in the window once it has ended (padding follows).
    private var dataEnd: Int?

    private var output: ByteBuffer
    private var outputLines: [Int] = []
    private var ready: [CopyChunk] = []
    /// Records seen (the ragged ones included).
    private(set) var recordsRead = 0

    init(columnCount: Int, plan: RowKeyPlan, firstLine: Int, flushBytes: Int = 1 << 20, maxRecordBytes: Int) {
        self.columnCount = columnCount
        self.partCount = plan.parts.count
        spans = KeySpans(partOfField: plan.partOfField, partCount: plan.parts.count)
        self.flushBytes = flushBytes
        self.maxRecordBytes = maxRecordBytes
        window = ByteWindow(capacity: max(flushBytes, 1 << 16))
        line = firstLine
        recordLine = firstLine
        output = ByteBufferAllocator().buffer(capacity: flushBytes + 4096)
    }

    // MARK: - Input

    mutating func feed(
        _ bytes: UnsafeRawBufferPointer, keyer: inout RowKeyer, log: inout RejectionLog
    ) -> Outcome {
        precondition(!dead, "the scanner was left")
        window.append(bytes)
        if let stray = scan(upTo: window.count, keyer: &keyer, log: &log) { return stray }
        if window.count - recordStart > maxRecordBytes { return leave() }
        compact()
        return .proceed
    }

    /// The body ended. Throws when it ends inside a quoted field.
    mutating func finish(keyer: inout RowKeyer, log: inout RejectionLog) throws(DatabaseError) -> Outcome {
        precondition(!dead, "the scanner was left")
        let last = window.count > recordStart ? window.pointer[window.count - 1] : nil
        if let last, last != Self.lineFeed {
            // A lone CR at the very end is data to the reader; leave such an odd ending to it.
            if last == Self.carriageReturn { return leave() }
            window.append(Self.lineFeed)
        }
        let dataEnd = window.count
        self.dataEnd = dataEnd
        window.appendZeros(Self.blockReach)
        if let stray = scan(upTo: window.count, keyer: &keyer, log: &log) { return stray }
        if recordStart < dataEnd {
            throw DatabaseError(
                .invalidInput,
                "the body ends inside a quoted field of the row on line \(recordLine); it was probably cut short")
        }
        flush()
        dead = true
        return .proceed
    }

    /// Complete chunks of records (all of them once the body ended).
    mutating func takeReady() -> [CopyChunk] {
        defer { ready.removeAll() }
        return ready
    }

    /// Hands the rest to the exact reader, from the start of the open record.
    private mutating func leave() -> Outcome {
        flush()
        dead = true
        let end = dataEnd ?? window.count
        let leftover = Array(UnsafeRawBufferPointer(start: window.pointer + recordStart, count: end - recordStart))
        return .switchToExact(leftover: leftover, line: recordLine)
    }

    // MARK: - Scanning

    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")
    static let comma = UInt8(ascii: ",")
    /// A block reads its 64 bytes and two beyond (the byte after a closing quote, and a line feed after a CR).
    static var blockReach: Int { QuoteParityBlock.reach }
    /// The masks of PostgreSQL's CSV: comma, quote, line feed.
    static let masks = SpecialByteMask(delimiter: comma)

    /// Scans whole blocks while `blockReach` bytes are available; `nil`, or the switch to the exact reader.
    private mutating func scan(upTo end: Int, keyer: inout RowKeyer, log: inout RejectionLog) -> Outcome? {
        let base = UnsafeRawPointer(window.pointer)
        let partOfField = spans.partOfField
        let fieldsWithParts = spans.fieldCount
        let starts = spans.starts
        let ends = spans.ends
        let masks = Self.masks
        // The loop state lives in locals (registers); it is stored back before anything that reads `self`.
        var position = scanPosition
        var fieldStart = self.fieldStart
        var fieldIndex = self.fieldIndex
        var recordStart = self.recordStart
        var recordLine = self.recordLine
        var line = self.line
        var insideQuotes = self.insideQuotes
        var mayOpen = self.mayOpen
        defer {
            scanPosition = position
            self.fieldStart = fieldStart
            self.fieldIndex = fieldIndex
            self.recordStart = recordStart
            self.recordLine = recordLine
            self.line = line
            self.insideQuotes = insideQuotes
            self.mayOpen = mayOpen
        }
        while position &+ Self.blockReach <= end {
            // RFC 4180 quotes only: any other quote (lazy quoting, which PostgreSQL reads differently) ends the fast path.
            guard
                let block = QuoteParityBlock(
                    at: base + position, masks: masks, insideQuotes: insideQuotes, mayOpenAtByte0: mayOpen)
            else {
                self.recordStart = recordStart
                self.recordLine = recordLine
                return leave()
            }
            let lineFeeds = block.classes.lineFeeds

            var events = block.boundaries
            while events != 0 {
                let bit = events.trailingZeroBitCount
                events &= events &- 1
                let at = position &+ bit
                let isLineFeed = lineFeeds & (1 &<< UInt64(bit)) != 0
                var fieldEnd = at
                if isLineFeed, at > fieldStart,
                    base.load(fromByteOffset: at &- 1, as: UInt8.self) == Self.carriageReturn
                {
                    fieldEnd = at &- 1
                }
                if fieldEnd &- fieldStart == 4,
                    base.loadUnaligned(fromByteOffset: fieldStart, as: UInt32.self) == Self.null
                {
                    nullFields.append(fieldStart)
                }
                if fieldIndex < fieldsWithParts {
                    let part = partOfField[fieldIndex]
                    if part >= 0 {
                        starts[part] = fieldStart
                        ends[part] = fieldEnd
                    }
                }
                fieldIndex &+= 1
                if isLineFeed {
                    if fieldIndex != 1 || fieldEnd != fieldStart {
                        endRecord(
                            start: recordStart, contentEnd: fieldEnd, fieldCount: fieldIndex, line: recordLine,
                            keyer: &keyer, log: &log)
                    }
                    recordLine = line &+ (lineFeeds & ((2 &<< UInt64(bit)) &- 1)).nonzeroBitCount
                    recordStart = at &+ 1
                    fieldIndex = 0
                    starts.update(repeating: -1, count: partCount)
                    if !nullFields.isEmpty { nullFields.removeAll(keepingCapacity: true) }
                }
                fieldStart = at &+ 1
            }
            line &+= lineFeeds.nonzeroBitCount
            insideQuotes = block.insideQuotesAfter
            mayOpen = block.mayOpenAfter
            position &+= 64
        }
        return nil
    }

    /// `NULL` as a little-endian `UInt32`.
    private static let null = UInt32(littleEndian: 0x4C4C_554E)

    private mutating func endRecord(
        start recordStart: Int, contentEnd: Int, fieldCount: Int, line recordLine: Int, keyer: inout RowKeyer,
        log: inout RejectionLog
    ) {
        recordsRead += 1
        guard fieldCount == columnCount else {
            log.record(
                RowRejection(
                    line: recordLine, column: nil, reason: "the row has \(fieldCount) fields, the header \(columnCount)"
                ))
            return
        }
        let base = UnsafeRawPointer(window.pointer)
        keyer.beginRow()
        for part in 0..<partCount {
            let start = spans.starts[part]
            let end = spans.ends[part]
            guard start >= 0, end > start else {
                keyer.appendNull()
                continue
            }
            if base.load(fromByteOffset: start, as: UInt8.self) == Self.quote {
                let content = UnsafeRawBufferPointer(start: base + start + 1, count: end - start - 2)
                if content.contains(Self.quote) {
                    unescaped.removeAll(keepingCapacity: true)
                    var previousWasQuote = false
                    for byte in content {
                        if byte == Self.quote && previousWasQuote {
                            previousWasQuote = false
                            continue
                        }
                        previousWasQuote = byte == Self.quote
                        unescaped.append(byte)
                    }
                    unescaped.withUnsafeBytes { keyer.append($0, part: part) }
                } else {
                    keyer.append(content, part: part)
                }
            } else if end - start == 4 && base.loadUnaligned(fromByteOffset: start, as: UInt32.self) == Self.null {
                keyer.appendNull()
            } else {
                keyer.append(UnsafeRawBufferPointer(start: base + start, count: end - start), part: part)
            }
        }
        let key = keyer.finishRow()
        if nullFields.isEmpty {
            let length = contentEnd - recordStart
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: length + 34) { bytes in
                bytes.baseAddress!.copyMemory(from: base + recordStart, byteCount: length)
                bytes[length] = Self.comma
                key.appendHex(to: UnsafeMutableRawBufferPointer(rebasing: bytes[(length + 1)...]))
                bytes[length + 33] = Self.lineFeed
                return length + 34
            }
        } else {
            var from = recordStart
            for start in nullFields {
                output.writeBytes(UnsafeRawBufferPointer(start: base + from, count: start - from))
                from = start + 4
            }
            output.writeBytes(UnsafeRawBufferPointer(start: base + from, count: contentEnd - from))
            output.writeInteger(Self.comma)
            CanonicalCSVEncoder.appendKeyAndLineEnd(key, to: &output)
        }
        outputLines.append(recordLine)
        if output.readableBytes >= flushBytes { flush() }
    }

    private mutating func flush() {
        guard !outputLines.isEmpty else { return }
        ready.append(CopyChunk(buffer: output, lines: outputLines))
        output = ByteBufferAllocator().buffer(capacity: flushBytes + 4096)
        outputLines = []
    }

    /// Drops the bytes before the open record.
    private mutating func compact() {
        let shift = recordStart
        guard shift > 0 else { return }
        window.removeFirst(shift)
        scanPosition -= shift
        recordStart = 0
        fieldStart -= shift
        for part in 0..<partCount where spans.starts[part] >= 0 {
            spans.starts[part] -= shift
            spans.ends[part] -= shift
        }
        for index in nullFields.indices { nullFields[index] -= shift }
    }
}

/// The key field positions of the open record, in memory the scan loop reaches without checks.
final class KeySpans {
    let partOfField: UnsafeMutablePointer<Int>
    let fieldCount: Int
    let starts: UnsafeMutablePointer<Int>
    let ends: UnsafeMutablePointer<Int>

    init(partOfField parts: [Int], partCount: Int) {
        fieldCount = parts.count
        partOfField = .allocate(capacity: max(1, parts.count))
        partOfField.initialize(from: parts, count: parts.count)
        starts = .allocate(capacity: max(1, partCount))
        starts.initialize(repeating: -1, count: max(1, partCount))
        ends = .allocate(capacity: max(1, partCount))
        ends.initialize(repeating: -1, count: max(1, partCount))
    }

    deinit {
        partOfField.deallocate()
        starts.deallocate()
        ends.deallocate()
    }
}

/// A growable byte buffer the scanner reads through a stable pointer.
final class ByteWindow {
    private(set) var pointer: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }

    func append(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        if let source = bytes.baseAddress {
            (pointer + count).update(from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        }
        count += bytes.count
    }

    func append(_ byte: UInt8) {
        reserve(1)
        pointer[count] = byte
        count += 1
    }

    func appendZeros(_ n: Int) {
        reserve(n)
        (pointer + count).initialize(repeating: 0, count: n)
        count += n
    }

    func removeFirst(_ n: Int) {
        guard n > 0 else { return }
        memmove(pointer, pointer + n, count - n)
        count -= n
    }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let newCapacity = max(capacity * 2, count + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: pointer, count: count)
        pointer.deallocate()
        pointer = grown
        capacity = newCapacity
    }
}
