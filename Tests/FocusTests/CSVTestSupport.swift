import Foundation
import Testing

@testable import Focus

/// A seeded generator (SplitMix64), so random tests fail the same way every time.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What a read produced, in a form tests compare: every row as strings (nil for null), with its line.
struct ReadOutcome: Equatable, CustomStringConvertible {
    var header: [String]
    var rows: [[String?]]
    var lines: [Int]
    var issues: [CSVIssue]
    var issueTotal: Int

    var description: String { "header \(header), rows \(rows), lines \(lines), issues \(issues)" }
}

enum CSVTest {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Reads `input` in chunks of `chunkSize` bytes (the whole input at once when nil).
    static func read(
        _ input: [UInt8], chunkSize: Int? = nil, options: CSVReadOptions = .init()
    ) throws(CSVReadError) -> ReadOutcome {
        var reader = CSVReader(options: options)
        var batches: [RowBatch] = []
        let size = max(chunkSize ?? input.count, 1)
        var start = 0
        while start < input.count {
            let end = min(start + size, input.count)
            batches += try reader.feed(Array(input[start..<end]))
            start = end
        }
        batches += try reader.finish()
        for batch in batches { #expect(batch.header === reader.header) }
        return ReadOutcome(
            header: reader.header?.names ?? [], rows: batches.flatMap { batch in (0..<batch.rowCount).map(batch.row) },
            lines: batches.flatMap(\.lineNumbers), issues: reader.issues.samples, issueTotal: reader.issues.total)
    }

    static func read(
        _ text: String, chunkSize: Int? = nil, options: CSVReadOptions = .init()
    ) throws(CSVReadError) -> ReadOutcome {
        try read(bytes(text), chunkSize: chunkSize, options: options)
    }

    /// The error reading `input` throws, if any.
    static func error(_ input: [UInt8], chunkSize: Int? = nil, options: CSVReadOptions = .init()) -> CSVReadError? {
        do {
            _ = try read(input, chunkSize: chunkSize, options: options)
            return nil
        } catch {
            return error
        }
    }

    /// Reads `input` in every chunk size from 1 to its length and checks that all reads agree; returns the outcome.
    static func readInEveryChunkSize(
        _ input: [UInt8], options: CSVReadOptions = .init(), sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ReadOutcome {
        let whole = try read(input, options: options)
        for size in 1..<max(input.count, 1) {
            let chunked = try read(input, chunkSize: size, options: options)
            #expect(chunked == whole, "chunk size \(size)", sourceLocation: sourceLocation)
            if chunked != whole { break }
        }
        return whole
    }

    /// The rows of `batches` as strings.
    static func rows(_ batches: [RowBatch]) -> [[String?]] {
        batches.flatMap { batch in (0..<batch.rowCount).map(batch.row) }
    }

    /// The contents of a file in `Tests/FocusTests/Fixtures`.
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return try [UInt8](Data(contentsOf: url))
    }
}

/// A sink that records the tokenizer's events (not chunk ends, which depend on chunking), to compare runs.
struct TokenEventLog: CSVTokenSink, Equatable {
    enum Event: Equatable {
        case field(begin: Int, end: Int, quoted: Bool, escaped: Bool, record: Int)
        case record(begin: Int, end: Int, line: Int)
        case stray(offset: Int, line: Int, inQuotedField: Bool, record: Int)
        case blank
    }

    var events: [Event] = []

    mutating func field(from begin: Int, to end: Int, quoted: Bool, escaped: Bool, record: Int, in chunk: CSVChunk) {
        events.append(.field(begin: begin, end: end, quoted: quoted, escaped: escaped, record: record))
    }
    mutating func endRecord(from begin: Int, to end: Int, line: Int, in chunk: CSVChunk) {
        events.append(.record(begin: begin, end: end, line: line))
    }
    mutating func strayQuote(at offset: Int, line: Int, inQuotedField: Bool, record: Int) {
        events.append(.stray(offset: offset, line: line, inQuotedField: inQuotedField, record: record))
    }
    mutating func blankLine() { events.append(.blank) }
    mutating func endChunk(_ chunk: CSVChunk, recordBegin: Int, fieldBegin: Int, line: Int) {}

    /// The events for `input` fed in chunks of `chunkSize`, through the quote-parity path or only the scalar path.
    static func tokenize(_ input: [UInt8], chunkSize: Int, quoteParity: Bool) -> (log: Self, complete: Bool) {
        var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","))
        tokenizer.usesQuoteParity = quoteParity
        var log = TokenEventLog()
        var start = 0
        while start < input.count {
            let end = min(start + chunkSize, input.count)
            input[start..<end].withUnsafeBytes { tokenizer.tokenize($0, into: &log) }
            start = end
        }
        let complete = tokenizer.finish(into: &log)
        return (log, complete)
    }
}
