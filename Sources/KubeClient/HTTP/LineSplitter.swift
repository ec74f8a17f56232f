import Foundation

/// Splits a byte stream that arrives in arbitrary chunks into `\n`-terminated lines: the framing of a watch stream
/// (one JSON event per line).
///
/// Guarantees:
/// - A line is returned as soon as its `\n` has arrived, whatever the chunk boundaries; the bytes of an incomplete
///   line are kept until the rest comes, and nothing else is kept.
/// - Lines come without their `\n` (and without a `\r` before it); empty and whitespace-only lines are dropped.
/// - A line longer than ``maximumLineLength`` is an error, so a server that never sends a newline cannot grow
///   memory without bound.
///
/// Pure: no I/O, no time. ``WatchStreamReader`` feeds it the chunks of a response body.
struct LineSplitter: Sendable {
    /// The longest line accepted. The API server caps an object at about 1.5 MiB (etcd's request limit); a watch
    /// event carries one object, so 16 MiB leaves ample room for encodings and annotations.
    var maximumLineLength: Int
    /// Bytes of the line not yet terminated.
    private(set) var pending: [UInt8] = []

    init(maximumLineLength: Int = 16 << 20) {
        self.maximumLineLength = maximumLineLength
    }

    /// The error for a line that exceeds the limit.
    struct LineTooLong: Error, Sendable, Hashable {
        var limit: Int
    }

    /// Appends a chunk and returns the lines it completed, in order.
    mutating func append(_ chunk: some Collection<UInt8>) throws(LineTooLong) -> [Data] {
        var lines: [Data] = []
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let piece = chunk[start..<newline]
            guard pending.count + piece.count <= maximumLineLength else {
                throw LineTooLong(limit: maximumLineLength)
            }
            if pending.isEmpty {
                if let line = Self.trimmed(piece) { lines.append(line) }
            } else {
                pending.append(contentsOf: piece)
                if let line = Self.trimmed(pending) { lines.append(line) }
                pending.removeAll(keepingCapacity: true)
            }
            start = chunk.index(after: newline)
        }
        pending.append(contentsOf: chunk[start...])
        guard pending.count <= maximumLineLength else { throw LineTooLong(limit: maximumLineLength) }
        return lines
    }

    /// Ends the stream: the last line if it had no `\n`, else `nil`.
    mutating func finish() -> Data? {
        defer { pending.removeAll() }
        return Self.trimmed(pending)
    }

    /// The bytes without a trailing `\r`, or `nil` when only whitespace is left.
    private static func trimmed(_ bytes: some Collection<UInt8>) -> Data? {
        guard bytes.contains(where: { !Self.isWhitespace($0) }) else { return nil }
        var data = Data(bytes)
        if data.last == UInt8(ascii: "\r") { data.removeLast() }
        return data
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}
